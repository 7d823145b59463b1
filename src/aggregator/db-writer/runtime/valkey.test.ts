// @requires postgres
// @requires kafka
// @requires redis
/**
 * The valkey-writer role (spec 1.2): start-service with `ocp_recommendations_storage.type = "redis"` consumes
 * the results topic in its own group next to a db-writer's group; both store every message (PostgreSQL and
 * Redis), each group commits its own offsets; the TTL comes from `redis.expiration`; with Redis down
 * nothing is committed and the message is written once Redis is back (never dropped).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { silentLogger } from '#common/logger.js';
import { REQUEST_TTL_SECONDS } from '#contracts/requests.js';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { committedTotal, makeTopic, produce, sleep, unique, waitFor } from '#test/helpers/kafka.js';
import { PrivateRedis, deleteOrgKeys, redisSettings, testRedis, uniqueOrg } from '#test/helpers/redis.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { join } from 'node:path';
import { zeroConfig, type Config } from '../../config.js';
import { Metrics } from '../../metrics.js';
import { type RunningService, startService } from '../../service.js';
import type { Db } from '../../storage/db.js';
import { requestMessage } from '../writer/test-helpers/request-messages.js';
import { count, metricValue, migratedDb, startInProcess, type InProcessWriter } from './test-helpers/writer.js';
import { BOOTSTRAP } from '#test/helpers/kafka.js';

function valkeyConfig(topic: string, group: string, redis = redisSettings()): Config {
  const config = zeroConfig();
  Object.assign(config.broker, {
    addresses: BOOTSTRAP,
    enabled: true,
    topic,
    group,
    client_id: 'valkey-writer',
    service_name: 'valkey-writer',
  });
  Object.assign(config.server, { address: '127.0.0.1:0', api_prefix: '/', api_spec_file: join(REPO_ROOT, 'openapi.json') });
  config.storage_backend.use = 'ocp_recommendations';
  config.ocp_recommendations_storage.type = 'redis';
  config.redis = { ...redis, expiration: 0 };
  config.logging.log_level = 'error';
  return config;
}

describe('valkey-writer next to the db-writer', () => {
  const org = uniqueOrg();
  const topic = unique('valkey.ccx.ocp.results');
  let database: TestDatabase;
  let db: Db;
  let plain: Redis;
  let dbWriter: InProcessWriter;
  const services: RunningService[] = [];
  let privateRedis: PrivateRedis | null = null;

  before(async () => {
    database = await createPostgresDatabase();
    db = await migratedDb(database.conf, ['ocp']);
    plain = testRedis();
    await makeTopic(topic, 1);
  });

  after(async () => {
    for (const s of services) await s.stop().catch(() => {});
    await dbWriter?.running.stop();
    await db?.close();
    await database?.drop();
    await deleteOrgKeys(plain, org);
    plain.disconnect();
    await privateRedis?.stop();
  });

  it('both groups store every message: the report in PostgreSQL, the request record in Redis for 24 h', { timeout: 120_000 }, async () => {
    const dbGroup = unique('valkey.db-writer');
    const valkeyGroup = unique('valkey.valkey-writer');
    dbWriter = await startInProcess({ use: 'ocp_recommendations', storage: database.conf, topic, group: dbGroup }, db);
    const metrics = new Metrics('', { defaultMetrics: false });
    const service = await startService(valkeyConfig(topic, valkeyGroup), silentLogger, metrics);
    services.push(service);
    assert.equal(service.storages.ocp, null, 'no SQL storage in the valkey-writer role');
    assert.ok(service.storages.redis, 'a Redis storage');

    const messages = ['reqA1', 'reqB2', 'reqC3'].map((requestId, i) =>
      requestMessage({ org, requestId, lastChecked: `2026-11-30T10:00:0${i}Z`, gatheredAt: '2026-11-30T09:59:00Z' }),
    );
    await produce(
      topic,
      messages.map((m) => m.text),
    );
    await waitFor('3 reports in PostgreSQL', async () => (await count(db, 'report', `org_id = ${org}`)) === 3, 60_000);
    await waitFor('3 request records in Redis', async () => {
      const keys = await plain.keys(`organization:${org}:cluster:*:request:*:reports`);
      return keys.length === 3;
    });
    for (const [i, m] of messages.entries()) {
      const marker = `organization:${org}:cluster:${m.cluster}:request:${['reqA1', 'reqB2', 'reqC3'][i]}`;
      assert.equal(await plain.exists(marker), 1);
      const ttl = await plain.ttl(`${marker}:reports`);
      assert.ok(ttl > REQUEST_TTL_SECONDS - 120 && ttl <= REQUEST_TTL_SECONDS, `ttl ${ttl}`);
      assert.equal(await plain.hget(`${marker}:reports`, 'received_timestamp'), '2026-11-30T09:59:00Z');
    }
    await waitFor(
      'both groups committed 3',
      async () => (await committedTotal(dbGroup, topic)) === 3n && (await committedTotal(valkeyGroup, topic)) === 3n,
    );
    assert.equal(await metricValue(metrics, 'written_reports'), 3);
    assert.equal(await metricValue(dbWriter.metrics, 'written_reports'), 3);
    await service.stop();
  });

  it('keys expire after redis.expiration', { timeout: 60_000 }, async () => {
    const t = unique('valkey.ttl.ccx.ocp.results');
    await makeTopic(t, 1);
    const config = valkeyConfig(t, unique('valkey.valkey-writer'));
    config.redis.expiration = 2000;
    const service = await startService(config, silentLogger, new Metrics('', { defaultMetrics: false }));
    services.push(service);
    const m = requestMessage({ org, requestId: 'shortLived' });
    await produce(t, [m.text]);
    const marker = `organization:${org}:cluster:${m.cluster}:request:shortLived`;
    await waitFor('the record is written', async () => (await plain.exists(marker, `${marker}:reports`)) === 2, 30_000, 50);
    const ttl = await plain.pttl(`${marker}:reports`);
    assert.ok(ttl > 0 && ttl <= 2000, `pttl ${ttl}`);
    await waitFor('the record expired', async () => (await plain.exists(marker, `${marker}:reports`)) === 0, 20_000, 100);
    await service.stop();
  });

  it('Redis down: nothing committed, the message is written once Redis is back', { timeout: 120_000 }, async () => {
    privateRedis = await PrivateRedis.create();
    const t = unique('valkey.outage.ccx.ocp.results');
    await makeTopic(t, 1);
    const group = unique('valkey.valkey-writer');
    const metrics = new Metrics('', { defaultMetrics: false });
    const service = await startService(
      valkeyConfig(t, group, { ...redisSettings(privateRedis.port, '127.0.0.1'), database: 0 }),
      silentLogger,
      metrics,
    );
    services.push(service);
    await privateRedis.stop();
    const m = requestMessage({ org, requestId: 'duringOutage' });
    await produce(t, [m.text]);
    await waitFor('the writer waits for Redis', async () => (await metricValue(metrics, 'storage_transient_failures')) >= 2, 60_000, 100);
    assert.equal(await committedTotal(group, t), 0n, 'no offset committed while Redis is down');
    assert.equal(await metricValue(metrics, 'consuming_errors'), 0);
    await sleep(500);
    await privateRedis.start();
    const check = testRedis(privateRedis.port);
    try {
      // The private server is database 0 of its own: no other test's keys.
      await check.select(0);
      const marker = `organization:${org}:cluster:${m.cluster}:request:duringOutage`;
      await waitFor('the record is written after the outage', async () => (await check.exists(marker)) === 1, 60_000, 100);
      await waitFor('the offset is committed', async () => (await committedTotal(group, t)) === 1n, 30_000);
      assert.equal(await metricValue(metrics, 'written_reports'), 1);
      assert.equal(await metricValue(metrics, 'consuming_errors'), 0);
    } finally {
      check.disconnect();
    }
    await service.stop();
  });
});
