import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecordBatches } from './records.js';

type Batches = Parameters<typeof decodeRecordBatches>[3];

const batch = (firstOffset: bigint, count: number, attributes = 0) => ({
  firstOffset,
  lastOffsetDelta: count - 1,
  firstTimestamp: 1_700_000_000_000n,
  attributes,
  records: Array.from({ length: count }, (_, i) => ({
    offsetDelta: i,
    timestampDelta: BigInt(i),
    key: i === 0 ? Buffer.from('k') : undefined,
    value: Buffer.from(`v${Number(firstOffset) + i}`),
  })),
});

describe('decodeRecordBatches', () => {
  it('skips records before the position and control batches, and advances past both', () => {
    const batches = [batch(8n, 4), batch(12n, 1, 0x20), batch(13n, 2)] as unknown as Batches;
    const { messages, next } = decodeRecordBatches('t', 3, 10n, batches);
    assert.deepEqual(
      messages.map((m) => [m.offset, m.value?.toString(), m.partition, m.topic]),
      [
        [10n, 'v10', 3, 't'],
        [11n, 'v11', 3, 't'],
        [13n, 'v13', 3, 't'],
        [14n, 'v14', 3, 't'],
      ],
    );
    assert.equal(messages[2]!.key?.toString(), 'k');
    assert.equal(messages[0]!.key, null);
    assert.equal(messages[1]!.timestamp.getTime(), 1_700_000_000_003);
    assert.equal(next, 15n);
  });

  it('keeps the position when nothing new arrived', () => {
    assert.deepEqual(decodeRecordBatches('t', 0, 5n, [] as unknown as Batches), { messages: [], next: 5n });
  });
});
