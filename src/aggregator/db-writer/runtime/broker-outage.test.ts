// @requires postgres
// @requires kafka
/**
 * Kafka broker outages (issue 18): writer PROCESSES consume from a PRIVATE broker (test/helpers/private-kafka.ts:
 * own port and data, never the shared one), which is stopped with `scripts/kafka stop` in the middle of a
 * stream and started again after 8 s, after 60 s, and during a consumer-group rebalance of two writers.
 * In each: the writers never exit, readiness answers 503 while the broker is away (HTTP keeps answering)
 * and 200 once it is back, and the database ends as an uninterrupted run would leave it: every report
 * and every rejection exactly once, the group's committed offsets at the end of the topic, every rejected
 * message on the dead-letter topic.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { committedTotal, makeTopic, produce, readTopic, sleep, unique, waitFor } from '#test/helpers/kafka.js';
import { PrivateKafka } from '#test/helpers/private-kafka.js';
import { freePort } from '#test/helpers/private-postgres.js';
import type { Db } from '../../storage/db.js';
import { clusterUuid, ocpMessage } from './test-helpers/messages.js';
import { type ChildWriter, count, migratedDb, spawnWriter, stopChild, type WriterSetup } from './test-helpers/writer.js';

const PARTITIONS = 4;
/** Every REJECT_EVERY-th message has an invalid LastChecked (rejected, recorded in consumer_error). */
const REJECT_EVERY = 50;

interface Scenario {
  kafka: PrivateKafka;
  db: Db;
  database: TestDatabase;
  setup: WriterSetup;
  writers: ChildWriter[];
  /** Messages produced so far (valid and invalid). */
  produced: number;
  rejected: Set<string>;
  /** Writers that had joined (readiness 200) when the broker was stopped. */
  joinedAtOutage: Set<ChildWriter>;
}

function message(i: number, salt: number): { value: string; partition: number } {
  const invalid = i % REJECT_EVERY === REJECT_EVERY - 1;
  const value = ocpMessage({
    org: 1 + (i % 20),
    cluster: clusterUuid(i, salt),
    lastChecked: invalid ? 'yesterday' : '2024-09-01T08:00:00Z',
    seed: i,
  });
  return { value, partition: i % PARTITIONS };
}

async function produceRange(s: Scenario, from: number, to: number, salt: number): Promise<void> {
  const list = Array.from({ length: to - from }, (_, k) => message(from + k, salt));
  for (const m of list) if (m.value.includes('"yesterday"')) s.rejected.add(m.value);
  await produce(s.setup.topic, list, 250, s.kafka.brokerOptions);
  s.produced = Math.max(s.produced, to);
}

async function readiness(w: ChildWriter): Promise<number> {
  return (await fetch(`http://127.0.0.1:${w.httpPort}/readiness`)).status;
}

const alive = (w: ChildWriter) => w.proc.exitCode === null && w.proc.signalCode === null;
const logged = (w: ChildWriter, msg: string) => w.logs.filter((l) => l.msg === msg).length;

/** Stops the broker, checks what the writers say while it is away, starts it again after `awayMs`. */
async function outage(s: Scenario, awayMs: number): Promise<void> {
  for (const w of s.writers) if ((await readiness(w)) === 200) s.joinedAtOutage.add(w);
  await s.kafka.stop();
  await waitFor('every writer reports Kafka not ready', async () => {
    for (const w of s.writers) if ((await readiness(w)) !== 503) return false;
    return true;
  });
  for (const w of s.writers) {
    const body = (await (await fetch(`http://127.0.0.1:${w.httpPort}/readiness`)).json()) as { status: string; checks: { kafka: string } };
    assert.equal(body.status, 'not ready');
    assert.match(body.checks.kafka, /^(?:disconnected|not connected yet) for \d+ s/);
    assert.equal(await w.metric('kafka_connected'), 0);
    assert.equal((await fetch(`http://127.0.0.1:${w.httpPort}/info`)).status, 200, 'HTTP keeps answering');
  }
  await sleep(awayMs);
  for (const w of s.writers) assert.ok(alive(w), 'the writer is still running while the broker is away');
  await s.kafka.start();
}

/** Everything produced is stored exactly once, as without the outage (on failure: the writers' warnings). */
async function assertComplete(s: Scenario): Promise<void> {
  try {
    await complete(s);
  } catch (err) {
    for (const w of s.writers) {
      const lines = w.logs.filter((l) => Number(l.level ?? 30) !== 30 || /Kafka|partitions|resuming/.test(String(l.msg)));
      process.stderr.write(`writer ${w.httpPort}:\n${lines.map((l) => JSON.stringify(l).slice(0, 600)).join('\n')}\n`);
    }
    throw err;
  }
}

async function complete(s: Scenario): Promise<void> {
  const valid = s.produced - s.rejected.size;
  await waitFor(`all ${valid} reports stored`, async () => (await count(s.db, 'report')) === valid, 240_000, 500);
  await waitFor('all rejections recorded', async () => (await count(s.db, 'consumer_error')) === s.rejected.size, 60_000, 500);
  await waitFor(
    'offsets committed to the end of the topic',
    async () => (await committedTotal(s.setup.group, s.setup.topic, s.kafka.brokerOptions)) === BigInt(s.produced),
    120_000,
    1000,
  );
  assert.equal(await count(s.db, 'report'), valid);
  assert.equal(await count(s.db, 'report', `last_checked_at = '2024-09-01T08:00:00Z'`), valid);
  assert.equal(await count(s.db, 'rule_hit'), valid * 7, 'no rule hit lost or duplicated');
  assert.equal(await count(s.db, 'report_info'), valid);
  assert.equal(await count(s.db, 'consumer_error'), s.rejected.size, 'each rejection once (one row per topic offset)');
  const dead = await readTopic(s.setup.deadLetterTopic!, s.rejected.size, { on: s.kafka.brokerOptions, timeoutMs: 60_000 });
  assert.deepEqual(new Set(dead.map((m) => m.value!.toString('utf8'))), s.rejected, 'every rejected message dead-lettered');
  for (const w of s.writers) {
    assert.ok(alive(w), 'the writer never exited');
    await waitFor('readiness back to 200', async () => (await readiness(w)) === 200, 60_000);
    assert.equal(await w.metric('kafka_connected'), 1);
    assert.ok((await w.metric('kafka_transient_errors')) > 0);
    // Logs say so once per state change, not once per retry.
    // (A writer still joining when the broker went away says nothing: it was not connected yet.)
    const down = logged(w, 'Kafka unavailable; retrying with backoff until it is back');
    assert.ok(down >= (s.joinedAtOutage.has(w) ? 1 : 0) && down <= 3, `"Kafka unavailable" logged ${down} times`);
    assert.equal(logged(w, 'consumer failed'), 0);
  }
}

describe('db-writer across Kafka broker outages (private broker)', { timeout: 900_000 }, () => {
  let kafka: PrivateKafka;
  const scenarios: Scenario[] = [];

  before(async () => {
    kafka = await PrivateKafka.start();
  });

  after(async () => {
    for (const s of scenarios) {
      for (const w of s.writers) await stopChild(w, 5000);
      await s.db.close();
      await s.database.drop();
    }
    await kafka?.destroy();
  });

  async function scenario(name: string): Promise<Scenario> {
    const database = await createPostgresDatabase();
    const db = await migratedDb(database.conf, ['ocp']);
    const topic = await makeTopic(unique(`kafka.ocp.results.${name}`), PARTITIONS, kafka.brokerOptions);
    const setup: WriterSetup = {
      use: 'ocp_recommendations',
      storage: database.conf,
      topic,
      group: unique(`kafka.db-writer.${name}`),
      deadLetterTopic: unique(`kafka.dlq.${name}`),
      brokers: kafka.bootstrap,
    };
    const s: Scenario = { kafka, db, database, setup, writers: [], produced: 0, rejected: new Set(), joinedAtOutage: new Set() };
    scenarios.push(s);
    return s;
  }

  async function startWriter(s: Scenario): Promise<ChildWriter> {
    const level = process.env.TEST_WRITER_LOG_LEVEL ?? 'info';
    const w = spawnWriter(s.setup, await freePort(), { INSIGHTS_RESULTS_AGGREGATOR__LOGGING__LOG_LEVEL: level });
    s.writers.push(w);
    return w;
  }

  for (const awayMs of [8_000, 60_000]) {
    it(`a broker stopped for ${awayMs / 1000} s in the middle of a stream: nothing lost, nothing duplicated, no exit`, async () => {
      const s = await scenario(`away${awayMs / 1000}`);
      const w = await startWriter(s);
      await waitFor('the writer is ready', async () => (await readiness(w).catch(() => 0)) === 200, 120_000);
      await produceRange(s, 0, 3000, awayMs);
      await waitFor('some reports stored', async () => (await count(s.db, 'report')) >= 200, 120_000, 50);
      await outage(s, awayMs);
      await produceRange(s, 3000, 4000, awayMs); // the stream goes on
      await assertComplete(s);
      assert.ok(logged(w, 'Kafka connection restored') >= 1);
    });
  }

  it('a broker restart during a consumer-group rebalance of two writers: nothing lost, nothing duplicated, no exit', async () => {
    const s = await scenario('rebalance');
    const a = await startWriter(s);
    await waitFor('the first writer is ready', async () => (await readiness(a).catch(() => 0)) === 200, 120_000);
    await produceRange(s, 0, 3000, 7);
    await waitFor('some reports stored', async () => (await count(s.db, 'report')) >= 200, 120_000, 50);
    // The second writer joining starts a rebalance; the broker is stopped as it starts joining (it joins,
    // and the first writer rejoins, only after the restart).
    const b = await startWriter(s);
    await waitFor('the second writer is joining', () => logged(b, 'consumer starting') > 0, 120_000, 20);
    await outage(s, 5_000);
    assert.ok(s.joinedAtOutage.has(a), 'the first writer was connected when the broker stopped');
    await produceRange(s, 3000, 4000, 7);
    await assertComplete(s);
    await waitFor(
      'the two writers share the partitions',
      () => {
        const last = (w: ChildWriter) => w.logs.filter((l) => l.msg === 'partitions assigned').at(-1)?.partitions as number[] | undefined;
        const [pa, pb] = [last(a), last(b)];
        return pa?.length === 2 && pb?.length === 2 && new Set([...pa, ...pb]).size === PARTITIONS;
      },
      120_000,
    );
  });
});
