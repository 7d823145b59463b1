// @requires postgres
/** The pipeline around the writers: data errors, storage outages, logs and metrics. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { pino } from 'pino';
import { openStorage } from '../storage/db.js';
import { postgresConf } from '#test/helpers/databases.js';
import { TransientStorageError, decideAll, isTransient } from './pipeline.js';
import { type TestDb, backends, dump, hit, kafkaMessage, migratedDb, newCluster, ocpValue, pipelineFor } from './writer/test-helpers/db.js';

const T1 = '2024-01-01T10:00:00Z';

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

for (const backend of backends) {
  describe(`pipeline on ${backend.name}`, () => {
    let t: TestDb;
    before(async () => {
      t = await migratedDb(backend);
    });
    after(async () => t.drop());

    it('rejects only the message the database refuses, with its error text', async () => {
      const poison = newCluster();
      if (backend.name === 'postgres') {
        await sql
          .raw(
            `CREATE FUNCTION reject_poison() RETURNS trigger AS $$ BEGIN IF NEW.cluster = '${poison}' THEN RAISE EXCEPTION 'poisoned report'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
          )
          .execute(t.db.kysely);
        await sql
          .raw('CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON report FOR EACH ROW EXECUTE FUNCTION reject_poison()')
          .execute(t.db.kysely);
      } else {
        await sql
          .raw(
            `CREATE TRIGGER poison BEFORE INSERT ON report WHEN NEW.cluster = '${poison}' BEGIN SELECT RAISE(ABORT, 'poisoned report'); END`,
          )
          .execute(t.db.kysely);
      }
      try {
        const good = [newCluster(), newCluster()];
        const messages = [
          kafkaMessage(ocpValue({ cluster: good[0], lastChecked: T1, hits: [hit('a')] })),
          kafkaMessage(ocpValue({ cluster: poison, lastChecked: T1, hits: [hit('a')] })),
          kafkaMessage(ocpValue({ cluster: good[1], lastChecked: T1 })),
          kafkaMessage('{"OrgID": "x"}'),
        ];
        const outcomes = await pipelineFor(t.db, 'ocp').processBatch(messages);
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['written', 'rejected', 'written', 'rejected'],
        );
        assert.equal(outcomes[1].error, 'poisoned report');
        const { report, consumer_error: errors } = await dump(t.db, ['report', 'consumer_error']);
        assert.deepEqual(
          (report as { cluster: string }[])
            .map((r) => r.cluster)
            .filter((c) => c === poison || good.includes(c))
            .sort(),
          [...good].sort(),
        );
        const recorded = (errors as { topic_offset: number; error: string }[]).filter((e) =>
          [messages[1], messages[3]].some((m) => BigInt(e.topic_offset) === m.offset),
        );
        assert.deepEqual(recorded.map((e) => e.error).sort(), [
          'json: cannot unmarshal string into Go struct field incomingMessage.OrgID of type types.OrgID',
          'poisoned report',
        ]);
      } finally {
        await sql.raw(`DROP TRIGGER poison${backend.name === 'postgres' ? ' ON report' : ''}`).execute(t.db.kysely);
      }
    });

    it('logs and counts per spec', async () => {
      const { logger, lines } = memoryLogger();
      const pipeline = pipelineFor(t.db, 'ocp', { logger, displayMessageWithWrongStructure: true });
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const cluster = newCluster();
      await pipeline.processBatch([
        kafkaMessage({ ...ocpValue({ cluster, lastChecked: future }), Version: 9 }),
        kafkaMessage({ ...ocpValue({ cluster: newCluster(), lastChecked: T1 }), Report: {} }),
        kafkaMessage('{"OrgID": 1}'),
        kafkaMessage(ocpValue({ cluster, lastChecked: T1 })),
      ]);
      const messages = lines.map((l) => l.msg);
      for (const expected of [
        'Received data with unexpected version 9.',
        'got a message from the future',
        'This message has an empty report and will not be processed further',
        'Error processing message consumed from Kafka',
        'Message for further analysis',
        'Skipping because a more recent report already exists for this cluster',
      ])
        assert.ok(messages.includes(expected), expected);
      assert.equal(lines.find((l) => l.msg === 'Message for further analysis')?.message, '{"OrgID": 1}');
      const text = await pipeline.metrics.registry.metrics();
      assert.match(text, /^written_reports 1$/m);
      assert.match(text, /^messages_with_empty_rule_execution_result 1$/m);
      assert.match(text, /^last_checked_timestamp_lag_minutes_count 2$/m);
    });
  });
}

describe('pipeline when PostgreSQL is unavailable', () => {
  it('throws TransientStorageError when it cannot connect', async () => {
    const db = openStorage({ ...postgresConf('nowhere'), pg_port: 1 });
    try {
      const pipeline = pipelineFor(db, 'ocp');
      await assert.rejects(pipeline.processBatch([kafkaMessage(ocpValue({ cluster: newCluster(), lastChecked: T1 }))]), (err: unknown) => {
        assert.ok(err instanceof TransientStorageError);
        assert.ok(isTransient(err));
        return true;
      });
    } finally {
      await db.close();
    }
  });

  it('commits nothing of a batch whose connection drops', async () => {
    const t = await migratedDb(backends[0]);
    try {
      const victim = newCluster();
      await sql
        .raw(
          `CREATE FUNCTION drop_me() RETURNS trigger AS $$ BEGIN IF NEW.cluster = '${victim}' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        )
        .execute(t.db.kysely);
      await sql.raw('CREATE TRIGGER drop_me BEFORE INSERT ON report FOR EACH ROW EXECUTE FUNCTION drop_me()').execute(t.db.kysely);
      const batch = [
        kafkaMessage(ocpValue({ cluster: newCluster(), lastChecked: T1 })),
        kafkaMessage('x'),
        kafkaMessage(ocpValue({ cluster: victim, lastChecked: T1 })),
      ];
      await assert.rejects(pipelineFor(t.db, 'ocp').processBatch(batch), TransientStorageError);
      assert.deepEqual(await dump(t.db), { report: [], rule_hit: [], recommendation: [], report_info: [], consumer_error: [] });
      await sql.raw('DROP TRIGGER drop_me ON report').execute(t.db.kysely);
      const outcomes = await pipelineFor(t.db, 'ocp').processBatch(batch);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['written', 'rejected', 'written'],
      );
    } finally {
      await t.drop();
    }
  });
});

describe('pipelines writing the same clusters concurrently (PostgreSQL)', () => {
  it('serialise per cluster: the newest report wins whatever the interleaving', async () => {
    const t = await migratedDb(backends[0]);
    const others = [openStorage(t.conf), openStorage(t.conf)];
    try {
      const clusters = Array.from({ length: 20 }, () => newCluster());
      const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T00:00:00Z`;
      const batchFor = (day: number) =>
        clusters.map((cluster) => kafkaMessage(ocpValue({ cluster, lastChecked: at(day), hits: [hit(`d${day}`)] })));
      await Promise.all([
        pipelineFor(others[0], 'ocp').processBatch(batchFor(3)),
        pipelineFor(others[1], 'ocp').processBatch(batchFor(5)),
        pipelineFor(t.db, 'ocp').processBatch(batchFor(4)),
        pipelineFor(others[0], 'ocp').processBatch(batchFor(2)),
      ]);
      const { rule_hit: hits } = await dump(t.db, ['rule_hit']);
      const mine = (hits as { cluster_id: string; error_key: string }[]).filter((h) => clusters.includes(h.cluster_id));
      assert.deepEqual(
        mine.map((h) => h.error_key),
        clusters.map(() => 'D5_KEY'),
      );
    } finally {
      await Promise.all(others.map((db) => db.close()));
      await t.drop();
    }
  });
});

describe('isTransient', () => {
  it('recognises outages and not data errors', () => {
    const e = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'x')), props);
    for (const transient of [
      e({ code: '08006' }),
      e({ code: '40001' }),
      e({ code: '40P01' }),
      e({ code: '53300' }),
      e({ code: '57P01' }),
      e({ code: '57P03' }),
      e({ code: 'ECONNREFUSED' }),
      e({ code: 'ECONNRESET' }),
      e({ code: 'ETIMEDOUT' }),
      e({ code: 'EPIPE' }),
      e({ message: 'Connection terminated unexpectedly' }),
      e({ message: 'timeout exceeded when trying to connect' }),
      e({ code: 'SQLITE_BUSY' }),
      e({ code: 'SQLITE_BUSY_SNAPSHOT' }),
      e({ code: 'SQLITE_LOCKED' }),
      new AggregateError([e({ code: 'ECONNREFUSED' })]),
      e({ cause: e({ code: '57P01' }) }),
      new TransientStorageError('x'),
    ])
      assert.ok(isTransient(transient), JSON.stringify({ ...transient, message: transient.message }));
    for (const permanent of [
      e({ code: '23505' }),
      e({ code: '22021' }),
      e({ code: 'SQLITE_CONSTRAINT' }),
      e({ message: 'poisoned' }),
      null,
      'x',
    ]) {
      assert.ok(!isTransient(permanent));
    }
  });
});

describe('decideAll', () => {
  it('keeps the order and yields to the event loop during a long batch', async () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const out = await decideAll(items, (i) => {
      busy(0.2); // 200 x 0.2 ms = 40 ms of work: several 5 ms slices
      return i * 2;
    });
    clearInterval(timer);
    assert.deepEqual(
      out,
      items.map((i) => i * 2),
    );
    assert.ok(ticks >= 3, `timers ran ${ticks} times during the batch`);
  });
});
