/**
 * Redis helpers for integration tests: the machine's Redis at REDIS_URL (default redis://127.0.0.1:6379)
 * in database TEST_REDIS_DB (default 11, never 0), keys under test-unique org IDs deleted afterwards, and
 * a private redis-server (no persistence) for outage tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisSettings } from '#common/redis/client.js';
import { freePort } from './private-postgres.js';
import { sleep, waitFor } from './kafka.js';

const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
export const REDIS_HOST = url.hostname.replace(/^\[|\]$/g, '');
export const REDIS_PORT = Number(url.port || 6379);
export const TEST_REDIS_DB = Number(process.env.TEST_REDIS_DB ?? 11);

/** The `[redis]` section for the test database (or `port` of a private server). */
export function redisSettings(port = REDIS_PORT, host = REDIS_HOST): RedisSettings {
  return {
    endpoint: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    database: TEST_REDIS_DB,
    username: '',
    password: '',
    timeout_seconds: 2,
  };
}

/** A plain client on the test database, for reading back and seeding with plain commands. */
export function testRedis(port = REDIS_PORT): Redis {
  return new Redis({ host: REDIS_HOST, port, db: TEST_REDIS_DB, maxRetriesPerRequest: 1 });
}

/** An org ID no other test run uses (keys are `organization:<org>:...`). */
export function uniqueOrg(): number {
  return 1_000_000_000 + randomInt(0, 1_000_000_000); // below 2^31: PostgreSQL org_id columns are integer
}

/** Deletes every key of the org (`organization:<org>:*`). */
export async function deleteOrgKeys(client: Redis, org: number): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `organization:${org}:*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A redis-server of the test's own on a free port (nothing on disk); `stop()` and `start()` again for outages. */
export class PrivateRedis {
  proc: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp', '--logfile', ''],
      { stdio: 'ignore' },
    );
    const probe = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await waitFor(
        `redis-server on ${this.port}`,
        async () => {
          if (probe.status !== 'ready') await probe.connect().catch(() => {});
          return (await probe.ping()) === 'PONG';
        },
        10_000,
        50,
      );
    } finally {
      probe.disconnect();
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await Promise.race([exited, sleep(5000)]);
  }
}
