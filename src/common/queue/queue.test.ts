/** The folder-backed queue behind the Kafka interface: order, commits, restarts, producers and groups. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBatchConsumer, createProducer, type KafkaMessage } from '../kafka/index.js';
import { queueDirOf } from './log.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'queue-test-'));
const broker = (dir: string) => ({ brokers: [`file:${dir}`] });

/** Consumes until `count` messages arrived (or the handler fails), then stops. */
async function consume(
  dir: string,
  group: string,
  count: number,
  opts: { topic?: string; failOn?: string; maxBatchMessages?: number } = {},
): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const consumer = createBatchConsumer({
    ...broker(dir),
    groupId: group,
    topic: opts.topic ?? 't',
    maxBatchMessages: opts.maxBatchMessages ?? 3,
  });
  const timer = setTimeout(() => void consumer.stop(), 10_000);
  try {
    await consumer.run(async (batch) => {
      for (const m of batch.messages) {
        if (opts.failOn && m.value?.toString() === opts.failOn) throw new Error(`handler failed on ${opts.failOn}`);
        seen.push(m);
      }
      if (seen.length >= count) void consumer.stop();
    });
  } finally {
    clearTimeout(timer);
  }
  return seen;
}

const values = (ms: KafkaMessage[]) => ms.map((m) => m.value?.toString());

describe('queue (file: broker address)', () => {
  it('parses the address and refuses to mix it with Kafka brokers', () => {
    assert.equal(queueDirOf(['file:data/queue']), 'data/queue');
    assert.equal(queueDirOf(['file:///tmp/q']), '/tmp/q');
    assert.equal(queueDirOf(['localhost:9092']), null);
    assert.throws(() => queueDirOf(['file:a', 'localhost:9092']), /cannot be mixed/);
  });

  it('delivers records in the order sent, with keys, headers and increasing offsets', async () => {
    const dir = fresh();
    try {
      const p = createProducer(broker(dir));
      for (let i = 0; i < 10; i++) await p.send('t', `m${i}`, i % 2 ? `k${i}` : null);
      await p.sendBatch('t', [{ value: 'h', headers: { service: 'openshift' } }]);
      await p.close();
      const got = await consume(dir, 'g', 11);
      assert.deepEqual(values(got), [...Array.from({ length: 10 }, (_, i) => `m${i}`), 'h']);
      assert.equal(got[1].key?.toString(), 'k1');
      assert.equal(got[0].key, null);
      assert.deepEqual(
        got[10].headers?.map(([k, v]) => [k, v?.toString()]),
        [['service', 'openshift']],
      );
      for (let i = 1; i < got.length; i++) assert.ok(got[i].offset > got[i - 1].offset);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resumes after the last committed batch on restart, and re-delivers a batch whose handler failed', async () => {
    const dir = fresh();
    try {
      const p = createProducer(broker(dir));
      await p.sendBatch(
        't',
        ['a', 'b', 'c', 'd', 'e', 'f'].map((value) => ({ value })),
      );
      // batches of 2: [a b] committed, [c d] fails
      await assert.rejects(consume(dir, 'g', 6, { failOn: 'd', maxBatchMessages: 2 }), /handler failed on d/);
      const rest = await consume(dir, 'g', 4, { maxBatchMessages: 2 });
      assert.deepEqual(values(rest), ['c', 'd', 'e', 'f']);
      await p.send('t', 'g');
      await p.close();
      assert.deepEqual(values(await consume(dir, 'g', 1)), ['g']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes records of two producers on one topic without mixing them, each in its order', async () => {
    const dir = fresh();
    try {
      const [p1, p2] = [createProducer(broker(dir)), createProducer(broker(dir))];
      await Promise.all(Array.from({ length: 50 }, (_, i) => Promise.all([p1.send('t', `one-${i}`), p2.send('t', `two-${i}`)])));
      await Promise.all([p1.close(), p2.close()]);
      assert.equal(readdirSync(join(dir, 't')).filter((n) => n.endsWith('.log')).length, 2);
      const got = await consume(dir, 'g', 100, { maxBatchMessages: 7 });
      assert.equal(got.length, 100);
      for (const who of ['one', 'two']) {
        const mine = values(got.filter((m) => m.value?.toString().startsWith(who)));
        assert.deepEqual(
          mine,
          Array.from({ length: 50 }, (_, i) => `${who}-${i}`),
        );
        assert.equal(new Set(got.filter((m) => m.value?.toString().startsWith(who)).map((m) => m.partition)).size, 1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every record to each of two consumer groups', async () => {
    const dir = fresh();
    try {
      const p = createProducer(broker(dir));
      await p.sendBatch(
        't',
        Array.from({ length: 20 }, (_, i) => ({ value: `r${i}` })),
      );
      await p.close();
      const [a, b] = await Promise.all([consume(dir, 'ga', 20), consume(dir, 'gb', 20)]);
      assert.deepEqual(values(a), values(b));
      assert.equal(a.length, 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wakes a waiting consumer when a record arrives, and skips a line torn by a crash', async () => {
    const dir = fresh();
    try {
      const waiting = consume(dir, 'g', 2, { topic: 'late' });
      await new Promise((r) => setTimeout(r, 300));
      const p = createProducer(broker(dir));
      await p.send('late', 'first');
      const segment = readdirSync(join(dir, 'late')).find((n) => n.endsWith('.log')) as string;
      appendFileSync(join(dir, 'late', segment), '{"t":1,"v":"dG9y\n'); // a torn record, then a good one
      await p.send('late', 'second');
      await p.close();
      assert.deepEqual(values(await waiting), ['first', 'second']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses topic names that would leave the queue folder', async () => {
    const dir = fresh();
    try {
      const p = createProducer(broker(dir));
      await assert.rejects(p.send('../x', 'v'), /invalid topic name/);
      await p.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
