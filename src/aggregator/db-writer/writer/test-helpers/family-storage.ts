/**
 * Every message of each family through the pipeline into both databases: valid ones stored with the rows
 * they describe, invalid ones rejected with their exact error text in consumer_error. Run over the
 * repository's generated families (ocp-families.test.ts) and the upstream corpus (ocp-testdata.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromDbTimestamp } from '#common/time.js';
import type { Db } from '../../../storage/db.js';
import { type TestDb, backends, clearOcp, dump, kafkaMessage, migratedDb, pipelineFor, rowsOf } from './db.js';
import { INVALID_FAMILY_ERRORS } from '../../processor/test-helpers/messages.js';

const INVALID = INVALID_FAMILY_ERRORS;

/** LastChecked values of the shared messages and how they are stored (UTC, microseconds, rounded). */
const STORED_LAST_CHECKED: Record<string, string> = {
  '2020-04-02T09:00:05.268294Z': '2020-04-02 09:00:05.268294',
  '2020-01-23T16:15:59.478901889Z': '2020-01-23 16:15:59.478902',
  '2020-04-09T06:16:02.512755Z': '2020-04-09 06:16:02.512755',
};

const sameTime = (a: unknown, b: string) => assert.equal(fromDbTimestamp(a as string)?.micros, fromDbTimestamp(b)?.micros, `${a} = ${b}`);

interface Message {
  OrgID: number;
  ClusterName: string;
  LastChecked: string;
  Report: {
    reports: { component: string; key: string; details: unknown }[];
    info?: { info_id: string; details: Record<string, string> }[];
  };
}

async function checkStored(db: Db, message: Message, name: string): Promise<void> {
  const [report] = await rowsOf<Record<string, unknown>>(db, 'report', 'cluster', message.ClusterName);
  assert.ok(report, `${name}: report row`);
  assert.equal(Number(report.org_id), message.OrgID);
  assert.deepEqual(JSON.parse(report.report as string), message.Report);
  assert.deepEqual(Object.keys(JSON.parse(report.report as string)), Object.keys(message.Report).sort());
  sameTime(report.last_checked_at, STORED_LAST_CHECKED[message.LastChecked]);
  assert.equal(Number(report.kafka_offset), 0);
  assert.equal(report.gathered_at, null);
  assert.ok(fromDbTimestamp(report.reported_at as string), 'reported_at set');

  const hits = message.Report.reports;
  const ruleHits = await rowsOf<Record<string, unknown>>(db, 'rule_hit', 'cluster_id', message.ClusterName);
  const sorted = [...hits].sort((a, b) => (a.component + a.key < b.component + b.key ? -1 : 1));
  assert.equal(ruleHits.length, hits.length, `${name}: rule_hit rows`);
  ruleHits.forEach((row, i) => {
    assert.equal(Number(row.org_id), message.OrgID);
    assert.equal(row.rule_fqdn, sorted[i].component);
    assert.equal(row.error_key, sorted[i].key);
    assert.deepEqual(JSON.parse(row.template_data as string), sorted[i].details);
    assert.equal(row.created_at, ruleHits[0].created_at);
    assert.equal(fromDbTimestamp(row.created_at as string)!.micros % 1_000_000n, 0n, 'created_at in whole seconds');
  });

  const recommendations = await rowsOf<Record<string, unknown>>(db, 'recommendation', 'cluster_id', message.ClusterName);
  assert.equal(recommendations.length, hits.length, `${name}: recommendation rows`);
  for (const row of recommendations) {
    const source = hits.find((h) => h.component === `${row.rule_fqdn}.report` && h.key === row.error_key);
    assert.ok(source, `${name}: recommendation ${row.rule_fqdn}|${row.error_key} comes from a hit`);
    assert.equal(row.rule_id, `${row.rule_fqdn}|${row.error_key}`);
    sameTime(row.created_at, ruleHits[0].created_at as string);
    assert.equal(row.impacted_since, row.created_at);
  }

  const info = (message.Report.info ?? []).find((i) => i.info_id === 'version_info|CLUSTER_VERSION_INFO');
  const reportInfo = await rowsOf<Record<string, unknown>>(db, 'report_info', 'cluster_id', message.ClusterName);
  assert.deepEqual(
    reportInfo.map((r) => [Number(r.org_id), r.version_info]),
    info ? [[message.OrgID, info.details.version ?? '']] : [],
    `${name}: report_info`,
  );
}

type Files = (family: string) => { name: string; content: Buffer }[];

/** One describe per backend: each valid family stored, each invalid_* family rejected into consumer_error. */
export function familyStorageSuites(label: string, messageFiles: Files, validFamilies: string[]): void {
  for (const backend of backends) {
    describe(`${label} into ${backend.name}`, () => {
      let t: TestDb;
      before(async () => {
        t = await migratedDb(backend);
      });
      after(async () => t.drop());

      for (const family of validFamilies) {
        it(`stores every ${family} message with its rows`, async () => {
          const pipeline = pipelineFor(t.db, 'ocp');
          const files = messageFiles(family);
          assert.ok(files.length > 0, family);
          for (const file of files) {
            await clearOcp(t.db);
            const [outcome] = await pipeline.processBatch([kafkaMessage(file.content)]);
            assert.equal(outcome.status, 'written', `${file.name}: ${outcome.error}`);
            await checkStored(t.db, JSON.parse(file.content.toString('utf8')), `${family}/${file.name}`);
            assert.deepEqual((await dump(t.db, ['consumer_error'])).consumer_error, []);
          }
        });
      }

      for (const [family, error] of Object.entries(INVALID)) {
        it(`rejects every ${family} message into consumer_error`, async () => {
          await clearOcp(t.db);
          const pipeline = pipelineFor(t.db, 'ocp');
          const files = messageFiles(family);
          const messages = files.map((f) =>
            kafkaMessage(f.content, { topic: 'ccx.ocp.results', partition: 3, key: Buffer.from(`key-${f.name}`) }),
          );
          const outcomes = await pipeline.processBatch(messages);
          assert.deepEqual(
            outcomes.map((o) => [o.status, o.error]),
            files.map(() => ['rejected', error]),
          );
          const rows = (await dump(t.db, ['consumer_error'])).consumer_error as Record<string, unknown>[];
          assert.equal(rows.length, files.length);
          for (const row of rows) {
            const i = messages.findIndex((m) => BigInt(row.topic_offset as number) === m.offset);
            assert.ok(i >= 0);
            assert.equal(row.topic, 'ccx.ocp.results');
            assert.equal(Number(row.partition), 3);
            assert.equal(row.key, `key-${files[i].name}`);
            assert.equal(row.message, files[i].content.toString('utf8'));
            assert.equal(row.error, error);
            sameTime(row.produced_at, '2024-05-06 07:08:09.123');
            assert.ok(fromDbTimestamp(row.consumed_at as string));
          }
          const stored = await dump(t.db, ['report', 'rule_hit', 'recommendation', 'report_info']);
          assert.deepEqual(stored, { report: [], rule_hit: [], recommendation: [], report_info: [] });
          // A re-delivery leaves the recorded errors as they were.
          const before = await dump(t.db, ['consumer_error']);
          await pipeline.processBatch(messages);
          assert.deepEqual(await dump(t.db, ['consumer_error']), before);
        });
      }
    });
  }
}
