// @requires kafka
// @requires s3
/**
 * The pipeline against a real broker and a real S3 server: every failure class of the issue gives its
 * outcome (filtered, or failed with the reason in the payload tracker and the raw record on the dead-letter
 * topic), nothing is published for a failure, good archives are published, and the consumer keeps going.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { RunningService } from '#common/service/shell.js';
import { clusterArchive, tarGzOf, tarOf } from '#test/helpers/io-archive.js';
import { makeTopic, produce, readTopic, unique } from '#test/helpers/kafka.js';
import { TestBucket } from '#test/helpers/s3.js';
import type { Rule } from '../engine/rule.js';
import { OCP_RULES } from '../engine/rules/index.js';
import { start } from '../service.js';
import { announcement, announcementValue, pipelineTopics, pipelineConfig } from './test-helpers/announce.js';

const throwing: Rule = {
  module: 'ccx_rules_ocp.external.rules.always_throws',
  keys: ['NEVER'],
  requires: [],
  run: () => {
    throw new Error('rule failure on purpose');
  },
};

describe('pipeline runtime (Kafka + S3)', () => {
  const t = pipelineTopics('pipeline');
  const bucket = new TestBucket(unique('pipeline-bucket').toLowerCase());
  let service: RunningService;
  const logs: Record<string, unknown>[] = [];

  before(async () => {
    await bucket.create();
    for (const topic of Object.values(t).slice(0, 4)) await makeTopic(topic);
    service = await start(
      pipelineConfig(t, (c) => {
        c.downloader.max_archive_size = '200 KiB';
        c.extractor.max_total_size = '1 MiB';
      }),
      pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
      { rules: [...OCP_RULES, throwing], retryDelayMs: 50 },
    );
  });
  after(async () => {
    await service?.stop();
    await bucket.close();
  });

  it('publishes good archives, records every failure with its reason, and keeps consuming', async () => {
    const good = await bucket.put('good.tar.gz', await clusterArchive({}));
    const cases: { id: string; value: Record<string, unknown> | string; service?: string | null; expect: RegExp | 'ok' | 'filtered' }[] = [
      { id: 'ok-1', value: announcementValue({ url: good, requestId: 'ok-1' }), expect: 'ok' },
      { id: 'bad-header', value: announcementValue({ url: good, requestId: 'bad-header' }), service: 'advisor', expect: 'filtered' },
      { id: 'no-header', value: announcementValue({ url: good, requestId: 'no-header' }), service: null, expect: 'filtered' },
      { id: 'old', value: { ...announcementValue({ url: good, requestId: 'old' }) }, expect: 'filtered' },
      { id: 'bad-json', value: '{"request_id": "bad-json", ', expect: /not valid JSON/ },
      { id: 'missing', value: { request_id: 'missing', url: good }, expect: /missing required field\(s\): b64_identity, timestamp/ },
      {
        id: 'bad-identity',
        value: { ...announcementValue({ url: good, requestId: 'bad-identity' }), b64_identity: '!!!notbase64' },
        expect: /b64_identity/,
      },
      {
        id: 'bad-org',
        value: announcementValue({ url: good, requestId: 'bad-org', orgId: 'acme' }),
        expect: /org_id 'acme' is not an unsigned 32-bit integer/,
      },
      {
        id: 'unreachable',
        value: announcementValue({ url: 'http://127.0.0.1:1/x.tar.gz', requestId: 'unreachable' }),
        expect: /ECONNREFUSED.*after 2 attempts/,
      },
      { id: '404', value: announcementValue({ url: await bucket.missing('nope.tar.gz'), requestId: '404' }), expect: /HTTP 404/ },
      {
        id: 'oversized',
        value: announcementValue({ url: await bucket.put('big.tar.gz', Buffer.alloc(300 * 1024, 7)), requestId: 'oversized' }),
        expect: /over max_archive_size/,
      },
      {
        id: 'not-gzip',
        value: announcementValue({ url: await bucket.put('zip.tar.gz', Buffer.from('PK\u0003\u0004zip')), requestId: 'not-gzip' }),
        expect: /not a gzip archive/,
      },
      {
        id: 'not-tar',
        value: announcementValue({ url: await bucket.put('text.gz', gzipSync(Buffer.alloc(4096, 65))), requestId: 'not-tar' }),
        expect: /tar/,
      },
      {
        id: 'escape',
        value: announcementValue({
          url: await bucket.put('escape.tar.gz', await tarGzOf([{ name: '../../etc/cron.d/x', body: 'x' }])),
          requestId: 'escape',
        }),
        expect: /escapes the archive/,
      },
      {
        id: 'bomb',
        value: announcementValue({
          url: await bucket.put('bomb.tar.gz', gzipSync(await tarOf([{ name: 'config/big', body: Buffer.alloc(40 * 1024 * 1024) }]))),
          requestId: 'bomb',
        }),
        expect: /gzip bomb/,
      },
      {
        id: 'no-id',
        value: announcementValue({ url: await bucket.put('noid.tar.gz', await clusterArchive({ id: null })), requestId: 'no-id' }),
        expect: /no cluster ID/,
      },
      {
        id: 'ok-2',
        value: announcementValue({ url: good, requestId: 'ok-2', clusterName: '0c2f6c1e-9f5a-4d7e-8b3a-6d1e2f3a4b5c' }),
        expect: 'ok',
      },
    ];
    const messages = cases.map((c) => announcement(c.value, c.service === undefined ? 'openshift' : c.service));
    // 'old': a record timestamp three hours back (max_record_age 7200 s).
    const oldIndex = cases.findIndex((c) => c.id === 'old');
    await produce(t.incoming, messages.slice(0, oldIndex));
    await produceOld(t.incoming, messages[oldIndex]);
    await produce(t.incoming, messages.slice(oldIndex + 1));

    const results = await readTopic(t.results, 2, { timeoutMs: 60_000 });
    assert.equal(results.length, 2);
    const published = results.map((m) => JSON.parse(m.value?.toString() ?? '{}'));
    assert.deepEqual(published.map((p) => p.RequestId).sort(), ['ok-1', 'ok-2']);
    assert.ok(results.every((m) => m.value?.toString().endsWith('}\n')));
    const second = published.find((p) => p.RequestId === 'ok-2');
    assert.equal(second.ClusterName, '0c2f6c1e-9f5a-4d7e-8b3a-6d1e2f3a4b5c');
    assert.equal(published.find((p) => p.RequestId === 'ok-1').ClusterName, '6b0ad9b8-5b4d-4d5f-9a6f-2f0c3b1a8e11');
    // The failing rule is a skip in the published report, not a failed archive.
    assert.deepEqual(second.Report.skips, [
      {
        rule_fqdn: 'ccx_rules_ocp.external.rules.always_throws.report',
        reason: 'EXCEPTION',
        details: 'Error: rule failure on purpose',
        type: 'skip',
      },
    ]);
    assert.equal(second.OrgID, 123456);
    assert.equal(second.AccountNumber, 789000);

    const failures = cases.filter((c) => c.expect instanceof RegExp);
    const dlq = await readTopic(t.dlq, failures.length, { timeoutMs: 60_000 });
    assert.equal(dlq.length, failures.length);
    assert.deepEqual(
      dlq.map((m) => m.value?.toString()),
      failures.map((c) => (typeof c.value === 'string' ? c.value : JSON.stringify(c.value))),
    );

    const okCount = cases.filter((c) => c.expect === 'ok').length;
    const trackedFailures = failures.filter((c) => c.id !== 'bad-json');
    const statuses = (await readTopic(t.tracker, okCount * 3 + trackedFailures.length * 2, { timeoutMs: 60_000 })).map((m) =>
      JSON.parse(m.value?.toString() ?? '{}'),
    );
    for (const c of trackedFailures) {
      const mine = statuses.filter((s) => s.request_id === c.id);
      assert.deepEqual(
        mine.map((s) => s.status),
        ['received', 'error'],
        c.id,
      );
      assert.match(mine[1].status_msg, c.expect as RegExp, c.id);
      assert.equal(mine[1].service, 'ccx-data-pipeline');
    }
    for (const id of ['ok-1', 'ok-2']) {
      assert.deepEqual(
        statuses.filter((s) => s.request_id === id).map((s) => s.status),
        ['received', 'processing', 'success'],
      );
    }
    for (const id of ['bad-header', 'no-header', 'old']) assert.equal(statuses.filter((s) => s.request_id === id).length, 0, id);

    // The log says why, for every record: failures at error level with the reason (the record's offset
    // identifies the bad JSON, which has no readable request_id), filtered records with theirs.
    const failedLogs = logs.filter((l) => l.msg === 'archive failed');
    assert.equal(failedLogs.length, failures.length);
    for (const c of failures) {
      const line = c.id === 'bad-json' ? failedLogs.find((l) => l.request_id === undefined) : failedLogs.find((l) => l.request_id === c.id);
      assert.ok(line, `log line for ${c.id}`);
      assert.equal(line.level, 50, c.id);
      assert.match(String(line.reason), c.expect as RegExp, c.id);
    }
    const filtered = logs.filter((l) => l.msg === 'record filtered').map((l) => String(l.reason));
    assert.equal(filtered.filter((r) => /service header 'advisor' is not 'openshift'/.test(r)).length, 1);
    assert.equal(filtered.filter((r) => /service header '\(none\)' is not 'openshift'/.test(r)).length, 1);
    assert.equal(filtered.filter((r) => /s old, over max_record_age \(7200 s\)/.test(r)).length, 1);
    // The rule that throws: a warning per archive it ran on, naming the rule and the error.
    const ruleLogs = logs.filter((l) => l.msg === 'rule failed; reported as a skip');
    assert.deepEqual(ruleLogs.map((l) => l.request_id).sort(), ['ok-1', 'ok-2']);
    for (const l of ruleLogs) {
      assert.equal(l.rule, 'ccx_rules_ocp.external.rules.always_throws');
      assert.equal(l.detail, 'Error: rule failure on purpose');
    }
  });
});

async function produceOld(topic: string, message: { value: Buffer | string; headers?: Record<string, string> }) {
  const { Producer } = await import('@platformatic/kafka');
  const { BOOTSTRAP } = await import('#test/helpers/kafka.js');
  const p = new Producer({ clientId: 'test-old', bootstrapBrokers: BOOTSTRAP.split(',') });
  try {
    await p.send({
      messages: [
        {
          topic,
          value: Buffer.from(message.value),
          headers: new Map(Object.entries(message.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
          timestamp: BigInt(Date.now() - 3 * 3600 * 1000),
        },
      ],
    });
  } finally {
    await p.close();
  }
}
