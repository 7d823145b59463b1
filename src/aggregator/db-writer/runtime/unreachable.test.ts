/**
 * Kafka unreachable at start (docs/compatibility.md): upstream exits 1 after logging that it failed to
 * connect to the broker. Ours keeps trying for the consumer's failure window (30 s, the same window that
 * covers a broker lost later), serving HTTP meanwhile, then logs that it was unable to connect to the
 * broker, stops, and exits 1.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createSqliteDatabase } from '#test/helpers/databases.js';
import { spawnWriter, stopChild } from './test-helpers/writer.js';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('db-writer with Kafka unreachable at start', () => {
  it('serves HTTP while it retries, then logs "unable to connect to the Kafka broker" and exits 1', async () => {
    const database = await createSqliteDatabase();
    const broker = `127.0.0.1:${await closedPort()}`;
    const writer = spawnWriter(
      { use: 'ocp_recommendations', storage: database.conf, topic: 'ccx.ocp.results', group: 'unreachable' },
      await closedPort(),
      {
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__ADDRESSES: broker,
        INSIGHTS_RESULTS_AGGREGATOR__STORAGE_BACKEND__AUTO_MIGRATE: 'true',
      },
    );
    try {
      // HTTP answers while the consumer is still trying.
      let answered = false;
      while (!answered && writer.proc.exitCode === null) {
        const res = await fetch(`http://127.0.0.1:${writer.httpPort}/info`).catch(() => null);
        answered = res?.status === 200;
        if (!answered) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(answered, 'HTTP answered before the process ended');
      const code = await Promise.race([writer.exited, new Promise((r) => setTimeout(() => r('timeout'), 120_000))]);
      assert.equal(code, 1);
      const at = (msg: string) => writer.logs.find((l) => l.msg === msg);
      const starting = at('consumer starting');
      const failed = at('consumer failed');
      assert.ok(starting && failed, JSON.stringify(writer.logs.slice(-5)));
      const err = failed.err as { message: string };
      assert.match(err.message, new RegExp(`^unable to connect to the Kafka broker \\(${broker}\\) for \\d+ s: `));
      const tried = Date.parse(failed.time as string) - Date.parse(starting.time as string);
      assert.ok(tried >= 29_000, `it kept trying for the failure window (${tried} ms)`);
      assert.ok(at('stopping the service'));
    } finally {
      await stopChild(writer);
      await database.drop();
    }
  });
});
