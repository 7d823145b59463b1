// @requires postgres
/** OCP write semantics on both databases: ordering, idempotency, first-hit times, org moves, nulls. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { fromDbTimestamp } from '#common/time.js';
import { jsonString } from '#common/go/json.js';
import { processOcpMessage } from '../processor/ocp.js';
import {
  type TestDb,
  backends,
  dump,
  hit,
  kafkaMessage,
  migratedDb,
  newCluster,
  ocpValue,
  pipelineFor,
  rowsOf,
} from './test-helpers/db.js';

const T1 = '2024-01-01T10:00:00.000001Z';
const T2 = '2024-01-02T10:00:00Z';
const T3 = '2024-01-03T10:00:00Z';
const OLD = '2001-02-03 04:05:06';

const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

for (const backend of backends) {
  describe(`OCP writer on ${backend.name}`, () => {
    let t: TestDb;
    before(async () => {
      t = await migratedDb(backend);
    });
    after(async () => t.drop());

    const write = (...values: unknown[]) => pipelineFor(t.db, 'ocp').processBatch(values.map((v) => kafkaMessage(v)));
    const clusterRows = async (cluster: string) => ({
      report: await rowsOf(t.db, 'report', 'cluster', cluster),
      rule_hit: await rowsOf(t.db, 'rule_hit', 'cluster_id', cluster),
      recommendation: await rowsOf(t.db, 'recommendation', 'cluster_id', cluster),
      report_info: await rowsOf(t.db, 'report_info', 'cluster_id', cluster),
    });

    it('stores the Go-compacted report and the raw details, from an ASCII message (bytes) and from any other (strings)', async () => {
      for (const extra of ['ascii <b>&amp;</b>', 'non-ASCII \u00e9 <b>']) {
        const cluster = newCluster();
        const text = JSON.stringify(
          ocpValue({ cluster, lastChecked: T1, hits: [hit('a', 'A_KEY', { text: extra, n: [1, 2.5] })] }),
          null,
          2,
        );
        const decision = processOcpMessage(Buffer.from(text, 'utf8'), { allowlist: null });
        assert.equal(decision.kind, 'write');
        if (decision.kind !== 'write') return;
        assert.equal(Buffer.isBuffer(decision.reportJson), extra.startsWith('ascii'));
        assert.deepEqual(statuses(await write(text)), ['written']);
        const rows = await clusterRows(cluster);
        const report = rows.report[0]!.report as string;
        assert.equal(report, jsonString(decision.reportJson));
        assert.ok(report.includes('\\u003cb\\u003e') && !report.includes('\n'), report);
        const details = rows.rule_hit[0]!.template_data as string;
        assert.equal(details, jsonString(decision.hits[0]!.details));
        assert.ok(details.includes('\n') && details.includes(`"text": "${extra}"`), details);
      }
    });

    it('ignores an older report and replaces with a newer one', async () => {
      const cluster = newCluster();
      assert.deepEqual(statuses(await write(ocpValue({ cluster, lastChecked: T2, hits: [hit('a'), hit('b')], version: '4.1' }))), [
        'written',
      ]);
      const afterFirst = await clusterRows(cluster);
      assert.deepEqual(statuses(await write(ocpValue({ cluster, lastChecked: T1, hits: [hit('c')], version: '4.0' }))), ['skipped-older']);
      assert.deepEqual(await clusterRows(cluster), afterFirst);

      assert.deepEqual(statuses(await write(ocpValue({ cluster, lastChecked: T3, hits: [hit('c')], version: '4.2' }))), ['written']);
      const rows = await clusterRows(cluster);
      assert.deepEqual(
        rows.rule_hit.map((r) => r.rule_fqdn),
        ['ccx_rules_ocp.external.rules.c.report'],
      );
      assert.deepEqual(
        rows.recommendation.map((r) => r.rule_id),
        ['ccx_rules_ocp.external.rules.c|C_KEY'],
      );
      assert.equal(rows.report_info[0].version_info, '4.2');
      assert.equal(fromDbTimestamp(rows.report[0].last_checked_at as string)?.micros, BigInt(Date.parse(T3)) * 1000n);
    });

    it('leaves the database identical when a batch is delivered again', async () => {
      const cluster = newCluster();
      const batch = [
        kafkaMessage(ocpValue({ cluster, lastChecked: T1, hits: [hit('a')], version: '4.1', gatheringTime: '2024-01-01T09:59:00Z' })),
        kafkaMessage('not json'),
        kafkaMessage(ocpValue({ cluster: newCluster(), lastChecked: T2, hits: [hit('a'), hit('b')] })),
      ];
      assert.deepEqual(statuses(await pipelineFor(t.db, 'ocp').processBatch(batch)), ['written', 'rejected', 'written']);
      const first = await dump(t.db);
      await new Promise((r) => setTimeout(r, 1100)); // a later wall clock must not show anywhere
      assert.deepEqual(statuses(await pipelineFor(t.db, 'ocp').processBatch(batch)), ['skipped-older', 'rejected', 'skipped-older']);
      assert.deepEqual(await dump(t.db), first);
      const [report] = await rowsOf(t.db, 'report', 'cluster', cluster);
      assert.equal(fromDbTimestamp(report.gathered_at as string)?.micros, BigInt(Date.parse('2024-01-01T09:59:00Z')) * 1000n);
    });

    it('keeps first-hit times while a rule keeps hitting and resets them after it disappears', async () => {
      const cluster = newCluster();
      await write(ocpValue({ cluster, lastChecked: T1, hits: [hit('a'), hit('b')] }));
      // Pretend the first report is old, so that kept and new times differ.
      await sql`UPDATE rule_hit SET created_at = ${OLD} WHERE cluster_id = ${cluster}`.execute(t.db.kysely);
      await sql`UPDATE recommendation SET impacted_since = ${OLD} WHERE cluster_id = ${cluster}`.execute(t.db.kysely);
      await write(ocpValue({ cluster, lastChecked: T2, hits: [hit('a'), hit('c')] }));
      const times = async () => {
        const rows = await clusterRows(cluster);
        return {
          hits: Object.fromEntries(
            rows.rule_hit.map((r) => [
              r.error_key,
              fromDbTimestamp(r.created_at as string)?.micros === fromDbTimestamp(OLD)?.micros ? 'old' : 'new',
            ]),
          ),
          recs: Object.fromEntries(
            rows.recommendation.map((r) => [
              r.error_key,
              fromDbTimestamp(r.impacted_since as string)?.micros === fromDbTimestamp(OLD)?.micros ? 'old' : 'new',
            ]),
          ),
          recCreated: rows.recommendation.every((r) => fromDbTimestamp(r.created_at as string)?.micros !== fromDbTimestamp(OLD)?.micros),
        };
      };
      assert.deepEqual(await times(), { hits: { A_KEY: 'old', C_KEY: 'new' }, recs: { A_KEY: 'old', C_KEY: 'new' }, recCreated: true });
      await write(ocpValue({ cluster, lastChecked: T3, hits: [hit('c')] }));
      await write(ocpValue({ cluster, lastChecked: '2024-01-04T00:00:00Z', hits: [hit('a'), hit('c')] }));
      assert.deepEqual(await times(), { hits: { A_KEY: 'new', C_KEY: 'new' }, recs: { A_KEY: 'new', C_KEY: 'new' }, recCreated: true });
    });

    it('writes only the newest message per cluster of a batch (the first of equals)', async () => {
      const cluster = newCluster();
      const other = newCluster();
      const outcomes = await write(
        ocpValue({ cluster, lastChecked: T2, hits: [hit('two')] }),
        ocpValue({ cluster, lastChecked: T3, hits: [hit('three')] }),
        ocpValue({ cluster: other, lastChecked: T1, hits: [hit('first')] }),
        ocpValue({ cluster, lastChecked: T1, hits: [hit('one')] }),
        ocpValue({ cluster: other, lastChecked: T1, hits: [hit('second')] }),
      );
      assert.deepEqual(statuses(outcomes), ['skipped-older', 'written', 'written', 'skipped-older', 'skipped-older']);
      assert.deepEqual(
        (await clusterRows(cluster)).rule_hit.map((r) => r.error_key),
        ['THREE_KEY'],
      );
      assert.deepEqual(
        (await clusterRows(other)).rule_hit.map((r) => r.error_key),
        ['FIRST_KEY'],
      );
    });

    it('moves a cluster to its new org in every table, keeping first-hit times', async () => {
      const cluster = newCluster();
      const unrelated = newCluster();
      await write(ocpValue({ org: 10, cluster, lastChecked: T1, hits: [hit('a'), hit('b')], version: '4.1' }));
      await write(ocpValue({ org: 10, cluster: unrelated, lastChecked: T1, hits: [hit('a')] }));
      const now = '2024-01-01 12:00:00';
      await t.db.kysely
        .insertInto('cluster_rule_toggle')
        .values({
          cluster_id: cluster,
          rule_id: 'x.report',
          error_key: 'K',
          disabled: 1,
          disabled_at: now,
          enabled_at: null,
          updated_at: now,
          org_id: '10',
        })
        .execute();
      await t.db.kysely
        .insertInto('cluster_rule_user_feedback')
        .values({
          cluster_id: cluster,
          rule_id: 'x.report',
          error_key: 'K',
          user_id: 'u',
          message: 'm',
          user_vote: 1,
          added_at: now,
          updated_at: now,
          org_id: '10',
        })
        .execute();
      await t.db.kysely
        .insertInto('cluster_user_rule_disable_feedback')
        .values({
          cluster_id: cluster,
          rule_id: 'x.report',
          error_key: 'K',
          user_id: 'u',
          message: 'm',
          added_at: now,
          updated_at: now,
          org_id: '10',
        })
        .execute();
      await sql`UPDATE rule_hit SET created_at = ${OLD} WHERE cluster_id = ${cluster}`.execute(t.db.kysely);
      await sql`UPDATE recommendation SET impacted_since = ${OLD} WHERE cluster_id = ${cluster}`.execute(t.db.kysely);

      // A rejected message (bad LastChecked) and an older one never move the cluster.
      await write({ ...ocpValue({ org: 20, cluster, lastChecked: T2, hits: [hit('a')] }), LastChecked: 'bad' });
      assert.deepEqual(statuses(await write(ocpValue({ org: 20, cluster, lastChecked: T1, hits: [hit('a')] }))), ['skipped-older']);
      assert.equal(Number((await clusterRows(cluster)).report[0].org_id), 10);

      // The newer report without version info moves report_info too.
      assert.deepEqual(statuses(await write(ocpValue({ org: 20, cluster, lastChecked: T2, hits: [hit('a')] }))), ['written']);
      const rows = await clusterRows(cluster);
      for (const table of ['report', 'rule_hit', 'recommendation', 'report_info'] as const) {
        assert.deepEqual(
          rows[table].map((r) => Number(r.org_id)),
          rows[table].map(() => 20),
          table,
        );
      }
      assert.equal(rows.report_info[0].version_info, '4.1');
      for (const table of ['cluster_rule_toggle', 'cluster_rule_user_feedback', 'cluster_user_rule_disable_feedback']) {
        assert.deepEqual(
          (await rowsOf(t.db, table, 'cluster_id', cluster)).map((r) => r.org_id),
          ['20'],
          table,
        );
      }
      assert.equal(fromDbTimestamp(rows.rule_hit[0].created_at as string)?.micros, fromDbTimestamp(OLD)?.micros);
      assert.equal(fromDbTimestamp(rows.recommendation[0].impacted_since as string)?.micros, fromDbTimestamp(OLD)?.micros);
      assert.equal(Number((await clusterRows(unrelated)).report[0].org_id), 10);
    });

    it('takes null attributes as empty and skips empty reports', async () => {
      const cluster = newCluster();
      const value = ocpValue({ cluster, lastChecked: T1, hits: [hit('a')], version: '4.1' });
      (value.Report as Record<string, unknown>).reports = null;
      (value.Report as Record<string, unknown>).info = null;
      (value.Report as Record<string, unknown>).system = null;
      assert.deepEqual(statuses(await write(value)), ['written']);
      const rows = await clusterRows(cluster);
      assert.deepEqual([rows.report.length, rows.rule_hit.length, rows.recommendation.length, rows.report_info.length], [1, 0, 0, 0]);
      assert.match(rows.report[0].report as string, /"reports":null/);
      const pipeline = pipelineFor(t.db, 'ocp');
      const outcomes = await pipeline.processBatch([
        kafkaMessage({ ...value, LastChecked: T2, Report: { system: { hostname: null }, skips: [] } }),
      ]);
      assert.deepEqual(statuses(outcomes), ['skipped-empty']);
      assert.deepEqual(await clusterRows(cluster), rows);
      const metrics = await pipeline.metrics.registry.getSingleMetricAsString('messages_with_empty_rule_execution_result');
      assert.match(metrics, /messages_with_empty_rule_execution_result 1/);
    });

    it('stores LastChecked in UTC', async () => {
      const cluster = newCluster();
      await write(ocpValue({ cluster, lastChecked: '2024-01-01T12:00:00.5+02:00' }));
      const [report] = await rowsOf(t.db, 'report', 'cluster', cluster);
      assert.equal(fromDbTimestamp(report.last_checked_at as string)?.micros, BigInt(Date.parse('2024-01-01T10:00:00.5Z')) * 1000n);
    });

    // SQLite does not compress values.
    const postgresOnly = backend.name === 'postgres' ? it : () => {};
    postgresOnly('stores a large report compressed with LZ4 (pglz is the server default)', async () => {
      const cluster = newCluster();
      const value = ocpValue({ cluster, lastChecked: T1, hits: [hit('a')] });
      (value.Report as Record<string, unknown>).skips = Array.from({ length: 60 }, (_, i) => ({
        rule_fqdn: `padding_${i}.report`,
        type: 'skip',
      }));
      assert.deepEqual(statuses(await write(value)), ['written']);
      const { rows } = await sql<{ method: string | null; size: number }>`SELECT pg_column_compression(report) AS method,
        length(report) AS size FROM report WHERE cluster = ${cluster}`.execute(t.db.kysely);
      assert.ok(rows[0].size > 2500, `report of ${rows[0].size} characters: too small to be compressed`);
      assert.equal(rows[0].method, 'lz4');
      const { rows: setting } = await sql<{ value: string }>`SELECT current_setting('default_toast_compression') AS value`.execute(
        t.db.kysely,
      );
      assert.equal(setting[0].value, 'pglz', "the setting is the transaction's own: the session keeps the server default");
    });

    it('records allowlist rejections', async () => {
      const cluster = newCluster();
      const pipeline = pipelineFor(t.db, 'ocp', { allowlist: new Set([1]) });
      const message = kafkaMessage(ocpValue({ org: 2, cluster, lastChecked: T1 }));
      const [outcome] = await pipeline.processBatch([message]);
      assert.deepEqual(
        [outcome.status, outcome.error, outcome.orgId, outcome.decoded],
        ['rejected', 'organization ID is not in allow list', 2, true],
      );
      const rows = await rowsOf(t.db, 'consumer_error', 'topic_offset', Number(message.offset));
      assert.deepEqual(
        rows.map((r) => r.error),
        ['organization ID is not in allow list'],
      );
      assert.deepEqual((await clusterRows(cluster)).report, []);
    });
  });
}
