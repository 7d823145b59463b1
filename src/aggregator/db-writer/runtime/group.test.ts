// @requires postgres
// @requires kafka
/** (e) Two writer processes in one consumer group on a 4-partition topic share the partitions and store every message exactly once. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, type TestDatabase } from '#test/helpers/databases.js';
import { freePort } from '#test/helpers/private-postgres.js';
import { makeTopic, produce, unique, waitFor } from '#test/helpers/kafka.js';
import { clusterUuid, ocpMessage } from './test-helpers/messages.js';
import { count, migratedDb, spawnWriter, stopChild, type ChildWriter, type WriterSetup } from './test-helpers/writer.js';
import type { Db } from '../../storage/db.js';

const M = 2000;

function lastAssignment(w: ChildWriter): number[] | null {
  const entries = w.logs.filter((l) => l.msg === 'partitions assigned');
  return (entries[entries.length - 1]?.partitions as number[] | undefined) ?? null;
}

describe('two writer processes in one group', () => {
  let database: TestDatabase;
  let db: Db;
  const writers: ChildWriter[] = [];
  const topic = unique('ccx.ocp.results.group');

  before(async () => {
    database = await createPostgresDatabase();
    db = await migratedDb(database.conf, ['ocp']);
    await makeTopic(topic, 4);
  });

  after(async () => {
    for (const w of writers) await stopChild(w, 2000);
    await db?.close();
    await database?.drop();
  });

  it('share the 4 partitions and store every message exactly once', { timeout: 240_000 }, async () => {
    const setup: WriterSetup = { use: 'ocp_recommendations', storage: database.conf, topic, group: unique('db-writer') };
    writers.push(spawnWriter(setup, await freePort()), spawnWriter(setup, await freePort()));
    await waitFor(
      'both writers hold 2 partitions',
      () => {
        const [a, b] = writers.map(lastAssignment);
        return a?.length === 2 && b?.length === 2 && new Set([...a, ...b]).size === 4;
      },
      120_000,
    );

    await produce(
      topic,
      Array.from({ length: M }, (_, i) => ({
        value: ocpMessage({ org: 1 + (i % 10), cluster: clusterUuid(i, 4242), lastChecked: '2024-07-01T00:00:00Z', seed: i }),
        partition: i % 4,
      })),
    );
    await waitFor(`all ${M} reports stored`, async () => (await count(db, 'report')) === M, 120_000, 250);
    await waitFor(
      'metrics settled',
      async () => {
        const consumed = await Promise.all(writers.map((w) => w.metric('consumed_messages')));
        return consumed[0]! + consumed[1]! === M;
      },
      20_000,
    );

    const consumed = await Promise.all(writers.map((w) => w.metric('consumed_messages')));
    const written = await Promise.all(writers.map((w) => w.metric('written_reports')));
    assert.ok(
      consumed.every((n) => n > 0),
      `both consumed: ${consumed.join(', ')}`,
    );
    assert.equal(consumed[0]! + consumed[1]!, M, 'each message consumed once');
    assert.equal(written[0]! + written[1]!, M, 'each report written once');
    assert.equal(await count(db, 'rule_hit'), M * 7);
    assert.equal(await count(db, 'consumer_error'), 0);
  });
});
