// @requires redis
/**
 * The valkey-writer's Redis records (spec 2.5.3), read back with plain Redis commands: key names, hash
 * fields in order, value formats, TTLs; a Redis that is down is a TransientStorageError (never a
 * per-message rejection) and the same batch is written once it is back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { silentLogger } from '#common/logger.js';
import { createRedisClient, waitReady } from '#common/redis/client.js';
import { TransientStorageError } from '#common/sql/errors.js';
import { REQUEST_TTL_SECONDS } from '#contracts/requests.js';
import { PrivateRedis, deleteOrgKeys, redisSettings, testRedis, uniqueOrg } from '#test/helpers/redis.js';
import { type OcpWrite, processOcpMessage } from '../processor/ocp.js';
import { requestMessage } from './test-helpers/request-messages.js';
import { ruleHitsCsv, writeRedisBatch } from './redis.js';

function decide(text: string): OcpWrite {
  const d = processOcpMessage(Buffer.from(text), { allowlist: null });
  if (d.kind !== 'write') assert.fail(`not a write: ${d.kind} ${d.kind === 'reject' ? d.error : ''}`);
  return d;
}

describe('valkey-writer storage', () => {
  const org = uniqueOrg();
  let plain: Redis;
  let client: Redis;

  before(async () => {
    plain = testRedis();
    client = createRedisClient(redisSettings(), silentLogger);
    assert.ok(await waitReady(client, 10_000), 'Redis answers');
  });

  after(async () => {
    await deleteOrgKeys(plain, org);
    client.disconnect();
    plain.disconnect();
  });

  it('writes the marker and the hash exactly as upstream, both with a 24 h TTL', async () => {
    const { text, cluster } = requestMessage({ org, requestId: 'abcREQ1', gatheredAt: '2026-11-30T09:58:00.123456Z' });
    const before = Date.now();
    assert.deepEqual(await writeRedisBatch(client, [decide(text)]), ['written']);
    const marker = `organization:${org}:cluster:${cluster}:request:abcREQ1`;
    assert.equal(await plain.type(marker), 'string');
    assert.equal(await plain.get(marker), '');
    assert.equal(await plain.type(`${marker}:reports`), 'hash');
    // Exactly these fields (Redis keeps no field order once a value outgrows the listpack encoding).
    const fields = await plain.hkeys(`${marker}:reports`);
    assert.deepEqual(fields.sort(), ['cluster_id', 'org_id', 'processed_timestamp', 'received_timestamp', 'request_id', 'rule_hits']);
    const hash = await plain.hgetall(`${marker}:reports`);
    assert.equal(hash.request_id, 'abcREQ1');
    assert.equal(hash.cluster_id, cluster);
    assert.equal(hash.org_id, String(org));
    assert.equal(hash.received_timestamp, '2026-11-30T09:58:00.123456Z');
    assert.match(hash.processed_timestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    const processed = Date.parse(hash.processed_timestamp!);
    assert.ok(processed >= before - 1000 && processed <= Date.now() + 1000, hash.processed_timestamp);
    assert.equal(
      hash.rule_hits,
      'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION,ccx_rules_ocp.external.bug_rules.bug_1821905|BUGZILLA_BUG_1821905',
    );
    for (const key of [marker, `${marker}:reports`]) {
      const ttl = await plain.ttl(key);
      assert.ok(ttl > REQUEST_TTL_SECONDS - 60 && ttl <= REQUEST_TTL_SECONDS, `${key} ttl ${ttl}`);
    }
  });

  it('without Metadata the received timestamp is Go zero time; no hits is an empty list', async () => {
    const { text, cluster } = requestMessage({ org, requestId: 'noMeta', hits: [] });
    await writeRedisBatch(client, [decide(text)]);
    const hash = await plain.hgetall(`organization:${org}:cluster:${cluster}:request:noMeta:reports`);
    assert.equal(hash.received_timestamp, '0001-01-01T00:00:00Z');
    assert.equal(hash.rule_hits, '');
  });

  it('a batch is written in message order (the newest record of a request wins) with the configured TTL', async () => {
    const cluster = '5d5892d3-1f74-4ccf-91af-548dfc9767aa';
    const first = requestMessage({ org, cluster, requestId: 'same', hits: [['a.b.report', 'K1']] });
    const second = requestMessage({ org, cluster, requestId: 'same', hits: [['a.c.report', 'K2']] });
    const other = requestMessage({ org, cluster, requestId: 'other' });
    const statuses = await writeRedisBatch(client, [decide(first.text), decide(second.text), decide(other.text)], { ttlSeconds: 120 });
    assert.deepEqual(statuses, ['written', 'written', 'written']);
    assert.equal(await plain.hget(`organization:${org}:cluster:${cluster}:request:same:reports`, 'rule_hits'), 'a.c|K2');
    const ttl = await plain.ttl(`organization:${org}:cluster:${cluster}:request:other`);
    assert.ok(ttl > 100 && ttl <= 120, String(ttl));
  });

  it('rule hits keep a module without .report as it is', () => {
    assert.equal(
      ruleHitsCsv([
        { component: 'x.y', key: 'A', details: '' },
        { component: 'x.report.z.report', key: 'B', details: '' },
      ]),
      'x.y|A,x.report.z|B',
    );
  });
});

describe('valkey-writer storage with Redis down', () => {
  let server: PrivateRedis;
  let client: Redis;

  before(async () => {
    server = await PrivateRedis.create();
    client = createRedisClient({ ...redisSettings(server.port, '127.0.0.1'), database: 0 }, silentLogger);
    assert.ok(await waitReady(client, 10_000), 'private Redis answers');
  });

  after(async () => {
    client.disconnect();
    await server.stop();
  });

  it('fails with TransientStorageError while Redis is down and writes the batch once it is back', { timeout: 60_000 }, async () => {
    const { text, cluster } = requestMessage({ org: 7, requestId: 'outage' });
    const write = decide(text);
    await server.stop();
    await assert.rejects(writeRedisBatch(client, [write]), TransientStorageError);
    await server.start();
    assert.ok(await waitReady(client, 20_000), 'the client reconnects');
    assert.deepEqual(await writeRedisBatch(client, [write]), ['written']);
    assert.equal(await client.hget(`organization:7:cluster:${cluster}:request:outage:reports`, 'request_id'), 'outage');
  });
});
