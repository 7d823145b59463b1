// @requires postgres
// @requires kafka
// @requires redis
/**
 * On-demand gathering end to end, every part real: a results message with a RequestId produced to Kafka
 * is stored by the db-writer in PostgreSQL and by the valkey-writer in Redis (two consumer groups of one
 * topic); the smart proxy (its start-service) answers the request's status and the cluster's request list
 * over HTTP; after the TTL (`redis.expiration`, shortened here) the request is gone from all of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { encodeIdentity } from '#common/http/identity.js';
import { silentLogger } from '#common/logger.js';
import { buildInfo } from '#common/service/build-info.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { BOOTSTRAP, makeTopic, produce, unique, waitFor } from '#test/helpers/kafka.js';
import { deleteOrgKeys, redisSettings, testRedis, uniqueOrg } from '#test/helpers/redis.js';
import { zeroConfig as aggregatorZeroConfig } from '../../src/aggregator/config.js';
import { count, migratedDb, startInProcess, type InProcessWriter } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { requestMessage } from '../../src/aggregator/db-writer/writer/test-helpers/request-messages.js';
import { Metrics } from '../../src/aggregator/metrics.js';
import { type RunningService, startService } from '../../src/aggregator/service.js';
import type { Db } from '../../src/aggregator/storage/db.js';
import { requestsProxyConfig } from '../../src/smart-proxy/requests/test-helpers/proxy-config.js';
import { type RunningProxy, start as startProxy } from '../../src/smart-proxy/service.js';

const TTL_MS = 4000;

describe('on-demand gathering: Kafka -> db-writer + valkey-writer -> smart proxy', () => {
  const org = uniqueOrg();
  const topic = unique('valkey.e2e.ccx.ocp.results');
  let database: TestDatabase;
  let db: Db;
  let plain: Redis;
  let dbWriter: InProcessWriter;
  let valkeyWriter: RunningService;
  let proxy: RunningProxy;
  let base: string;

  before(async () => {
    database = await createPostgresDatabase();
    db = await migratedDb(database.conf, ['ocp']);
    plain = testRedis();
    await makeTopic(topic, 1);
    dbWriter = await startInProcess(
      { use: 'ocp_recommendations', storage: database.conf, topic, group: unique('valkey.e2e.db-writer') },
      db,
    );

    const writer = aggregatorZeroConfig();
    Object.assign(writer.broker, {
      addresses: BOOTSTRAP,
      enabled: true,
      topic,
      group: unique('valkey.e2e.valkey-writer'),
      service_name: 'valkey-writer',
    });
    Object.assign(writer.server, { address: '127.0.0.1:0', api_prefix: '/', api_spec_file: join(REPO_ROOT, 'openapi.json') });
    writer.storage_backend.use = 'ocp_recommendations';
    writer.ocp_recommendations_storage.type = 'redis';
    writer.redis = { ...redisSettings(), expiration: TTL_MS };
    writer.logging.log_level = 'error';
    valkeyWriter = await startService(writer, silentLogger, new Metrics('', { defaultMetrics: false }));

    proxy = await startProxy(requestsProxyConfig(redisSettings()), silentLogger, buildInfo());
    const address = proxy.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}/api/v2/`;
  });

  after(async () => {
    await proxy?.stop();
    await valkeyWriter?.stop();
    await dbWriter?.running.stop();
    await db?.close();
    await database?.drop();
    await deleteOrgKeys(plain, org);
    plain.disconnect();
  });

  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { 'x-rh-identity': encodeIdentity(org) } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('the proxy answers the request stored by the valkey-writer; PostgreSQL has the report; after the TTL it is gone', {
    timeout: 120_000,
  }, async () => {
    const m = requestMessage({ org, requestId: 'e2eRequest1', gatheredAt: '2026-11-30T09:59:58.5Z' });
    await produce(topic, [m.text]);

    const status = await waitFor<{ status: number; json: Record<string, unknown> } | null>(
      'the proxy knows the request',
      async () => {
        const res = await get(`cluster/${m.cluster}/request/e2eRequest1/status`);
        return res.status === 200 ? res : null;
      },
      60_000,
      100,
    );
    assert.deepEqual(status?.json, { cluster: m.cluster, requestID: 'e2eRequest1', status: 'processed' });

    const list = await get(`cluster/${m.cluster}/requests`);
    assert.equal(list.status, 200);
    const requests = list.json.requests as { requestID: string; valid: boolean; received: string; processed: string }[];
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.requestID, 'e2eRequest1');
    assert.equal(requests[0]?.valid, true);
    assert.equal(requests[0]?.received, '2026-11-30T09:59:58.5Z');
    assert.match(requests[0]?.processed ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    await waitFor('the db-writer stored the report', async () => (await count(db, 'report', `org_id = ${org}`)) === 1, 60_000);

    await waitFor(
      'the request expired',
      async () => (await get(`cluster/${m.cluster}/request/e2eRequest1/status`)).status === 404,
      30_000,
      200,
    );
    assert.deepEqual(await get(`cluster/${m.cluster}/requests`), { status: 404, json: { status: 'Requests for cluster not found' } });
    assert.deepEqual(await get(`cluster/${m.cluster}/request/e2eRequest1/report`), {
      status: 404,
      json: { status: 'Item with ID e2eRequest1 was not found in the storage' },
    });
    assert.equal(await count(db, 'report', `org_id = ${org}`), 1, 'PostgreSQL keeps the report (no TTL there)');
  });
});
