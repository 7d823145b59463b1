// @requires postgres
// @requires kafka
/**
 * (c) PostgreSQL outage: the writer runs on a private PostgreSQL server (initdb in a temporary folder, own
 * port), a stream of messages is produced, the server is stopped with `-m immediate` in the middle and
 * started again a few seconds later. Every message must end up stored, none as a consumer error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrivatePostgres } from '#test/helpers/private-postgres.js';
import { makeTopic, produce, sleep, unique, waitFor } from '#test/helpers/kafka.js';
import { clusterUuid, ocpMessage } from './test-helpers/messages.js';
import { count, metricValue, migratedDb, startInProcess, type InProcessWriter } from './test-helpers/writer.js';

const N = 2000;
const CHUNK = 50;

describe('PostgreSQL outage while writing', () => {
  let server: PrivatePostgres;
  let w: InProcessWriter;
  const topic = unique('ccx.ocp.results.outage');

  before(async () => {
    server = await PrivatePostgres.start();
    const conf = await server.createDatabase('aggregator');
    const db = await migratedDb(conf, ['ocp']);
    await makeTopic(topic, 2);
    w = await startInProcess({ use: 'ocp_recommendations', storage: conf, topic, group: unique('db-writer') }, db, {
      backoff: { initialMs: 100, maxMs: 1000 },
    });
  });

  after(async () => {
    await w?.running.stop();
    await w?.db.close();
    await server?.destroy();
  });

  it('stores every message once the database is back, and rejects none', async () => {
    const messages = Array.from({ length: N }, (_, i) => ({
      value: ocpMessage({ org: 1 + (i % 50), cluster: clusterUuid(i, 31), lastChecked: '2024-05-01T10:00:00.5Z', seed: i }),
      partition: i % 2,
    }));
    // A steady stream: ~CHUNK messages every 80 ms (about 3.2 s in all).
    const producing = (async () => {
      for (let i = 0; i < N; i += CHUNK) {
        await produce(topic, messages.slice(i, i + CHUNK));
        await sleep(80);
      }
    })();
    await waitFor('some reports stored', async () => (await count(w.db, 'report')) >= 100, 60_000, 20);
    await server.stop('immediate');
    const storedBefore = await count(w.db, 'report').catch(() => -1);
    assert.equal(storedBefore, -1, 'the database is down');
    // Conditions, not fixed sleeps: the writer pauses and keeps retrying while the database is down.
    await waitFor(
      'writer paused while the database is down',
      async () => (await metricValue(w.metrics, 'writer_paused')) === 1,
      60_000,
      50,
    );
    const failures = await metricValue(w.metrics, 'storage_transient_failures');
    assert.ok(failures > 0);
    await waitFor(
      'a further retry while down',
      async () => (await metricValue(w.metrics, 'storage_transient_failures')) > failures,
      60_000,
      50,
    );
    assert.equal(await metricValue(w.metrics, 'writer_paused'), 1, 'still paused');
    await server.start();
    await producing;
    await waitFor(`all ${N} reports stored`, async () => (await count(w.db, 'report')) === N, 120_000, 250);
    assert.equal(await count(w.db, 'rule_hit'), N * 7);
    assert.equal(await count(w.db, 'recommendation'), N * 7);
    assert.equal(await count(w.db, 'report_info'), N);
    assert.equal(await count(w.db, 'consumer_error'), 0);
    assert.equal(await metricValue(w.metrics, 'consuming_errors'), 0);
    await waitFor('writer resumed', async () => (await metricValue(w.metrics, 'writer_paused')) === 0, 10_000);
  });
});
