/**
 * `node --expose-gc --import tsx bench/consumer/decode-cpu.ts [N] [ROUNDS]`: the db-writer's decision step
 * alone, on the bench's messages (bench/consumer/stream.ts), beside JSON.parse of the same text: CPU per
 * message, the minimum over rounds that alternate the variants (the machine's speed drifts). No I/O.
 */
import { decodeEnvelope } from '../../src/aggregator/db-writer/processor/message.js';
import { OCP_MESSAGE_SHAPE, processOcpMessage } from '../../src/aggregator/db-writer/processor/ocp.js';
import { parseGoJson } from '../../src/common/go/json.js';
import { benchStream } from './stream.js';

const N = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 7);
const values = benchStream({ count: N, partitions: 4, salt: 7 }).map((m) => Buffer.from(m.value, 'utf8'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const variants: [string, (b: Buffer) => unknown][] = [
  ['JSON.parse', (v) => JSON.parse(v.toString('utf8'))],
  ['parseGoJson, whole tree', (v) => parseGoJson(v.toString('utf8'))],
  ['parseGoJson, OCP shape', (v) => parseGoJson(v.toString('utf8'), OCP_MESSAGE_SHAPE)],
  ['decodeEnvelope, OCP shape', (v) => decodeEnvelope(v.toString('utf8'), OCP_MESSAGE_SHAPE).ok],
  ['processOcpMessage', (v) => processOcpMessage(v, { allowlist: null }).kind === 'write'],
];
const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of variants) {
    gc();
    const c0 = process.cpuUsage();
    for (const v of values) fn(v);
    const c = process.cpuUsage(c0);
    const perMessage = (c.user + c.system) / N;
    if (round > 0) best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, perMessage));
  }
}
const bytes = values.reduce((s, v) => s + v.length, 0) / N;
console.log(`${N} messages of ${(bytes / 1024).toFixed(1)} KB, best of ${ROUNDS - 1} rounds (first one warms up):`);
for (const [name, us] of best) console.log(`  ${name.padEnd(28)} ${us.toFixed(1).padStart(6)} µs/msg`);
