import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dbToRfc3339Nano,
  dbToRfc3339NanoSlow,
  dbToRfc3339Seconds,
  formatRfc3339Nano,
  formatRfc3339Seconds,
  fromDbTimestamp,
  nullTime,
  parseDuration,
  parseRfc3339,
  toDbTimestamp,
} from './time.js';

describe('time formats', () => {
  it('parses Go durations in milliseconds', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('300s'), 300_000);
    assert.equal(parseDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('30'), null);
    assert.equal(parseDuration('s'), null);
  });

  it('parses RFC 3339 like Go, normalising offsets to UTC with microseconds', () => {
    const t = parseRfc3339('2020-04-02T09:00:05.268294Z');
    assert.ok(t);
    assert.equal(toDbTimestamp(t), '2020-04-02 09:00:05.268294');
    assert.equal(toDbTimestamp(parseRfc3339('2024-02-06T12:25:07.418761+02:00')!), '2024-02-06 10:25:07.418761');
    assert.equal(toDbTimestamp(parseRfc3339('2020-04-02T09:00:05.123456789Z')!), '2020-04-02 09:00:05.123456');
    for (const bad of ['2020.01.23 16:15:59', '2020-02-30T00:00:00Z', '2020-04-02T09:00:05', '', '2020-04-02T24:00:00Z']) {
      assert.equal(parseRfc3339(bad), null, bad);
    }
  });

  it('renders RFC 3339 seconds, trimmed nanoseconds and NullTime', () => {
    assert.equal(dbToRfc3339Seconds('2020-04-02 09:00:05.268294'), '2020-04-02T09:00:05Z');
    assert.equal(dbToRfc3339Nano('2024-05-02 10:11:12.123450'), '2024-05-02T10:11:12.12345Z');
    assert.equal(dbToRfc3339Nano('2024-05-02 10:11:12'), '2024-05-02T10:11:12Z');
    assert.equal(formatRfc3339Nano(parseRfc3339('1970-01-01T00:00:00.000001Z')!), '1970-01-01T00:00:00.000001Z');
    assert.deepEqual(nullTime(null), { Time: '0001-01-01T00:00:00Z', Valid: false });
    assert.deepEqual(nullTime('2024-05-02 10:11:12.5'), { Time: '2024-05-02T10:11:12.5Z', Valid: true });
    assert.equal(dbToRfc3339Seconds(null), '0001-01-01T00:00:00Z');
    // fast path (days 01-28) and general path (29-31) agree
    assert.equal(dbToRfc3339Seconds('2024-02-29 23:59:59.999999'), '2024-02-29T23:59:59Z');
    assert.equal(dbToRfc3339Seconds('2024-01-31 00:00:00'), '2024-01-31T00:00:00Z');
    assert.equal(dbToRfc3339Seconds('2024-01-05T07:08:09.5'), '2024-01-05T07:08:09Z');
  });
});

describe('dbToRfc3339Seconds fast path', () => {
  it('gives the same text as the general path for canonical, odd and broken values', () => {
    const values = [
      '2024-05-02 10:11:12',
      '2024-05-02 10:11:12.5',
      '2024-05-02T10:11:12.123456',
      '2024-05-02 10:11:12.',
      '2024-05-02 10:11:12.x',
      '2024-02-29 00:00:00',
      '2024-02-30 00:00:00',
      '2024-13-01 00:00:00',
      '2024-00-10 00:00:00',
      '2024-01-00 00:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 23:60:00',
      '2024-01-01 23:59:60',
      '2024-01-01 23:59:59Z',
      '2024/01/01 00:00:00',
      '2024-01-01 0a:00:00',
      '2024-01-01',
      '',
      '0001-01-01 00:00:00',
      '9999-12-28 23:59:59.999999',
    ];
    for (const v of values) {
      const slow = (() => {
        const t = fromDbTimestamp(v);
        return t ? formatRfc3339Seconds(t) : '0001-01-01T00:00:00Z';
      })();
      assert.equal(dbToRfc3339Seconds(v), slow, v);
    }
  });
});

describe('dbToRfc3339Nano fast path', () => {
  it('gives the same text as the general path (parse, then format)', () => {
    const expected: Array<[string | null | undefined, string]> = [
      [null, '0001-01-01T00:00:00Z'],
      [undefined, '0001-01-01T00:00:00Z'],
      ['2024-05-02 10:11:12', '2024-05-02T10:11:12Z'],
      ['2024-05-02 10:11:12.5', '2024-05-02T10:11:12.5Z'],
      ['2024-05-02 10:11:12.12', '2024-05-02T10:11:12.12Z'],
      ['2024-05-02 10:11:12.123', '2024-05-02T10:11:12.123Z'],
      ['2024-05-02 10:11:12.1234', '2024-05-02T10:11:12.1234Z'],
      ['2024-05-02 10:11:12.12345', '2024-05-02T10:11:12.12345Z'],
      ['2024-05-02 10:11:12.123456', '2024-05-02T10:11:12.123456Z'],
      ['2024-05-02 10:11:12.100000', '2024-05-02T10:11:12.1Z'],
      ['2024-05-02 10:11:12.000000', '2024-05-02T10:11:12Z'],
      ['2024-05-02 10:11:12.0', '2024-05-02T10:11:12Z'],
      ['2024-05-02T10:11:12.1234567', '2024-05-02T10:11:12.123456Z'],
      ['0001-01-01 00:00:00', '0001-01-01T00:00:00Z'],
      ['1999-12-31 23:59:59.000001', '1999-12-31T23:59:59.000001Z'],
      ['2024-02-29 00:00:00.5', '2024-02-29T00:00:00.5Z'],
      ['2024-12-31 23:59:59.999999', '2024-12-31T23:59:59.999999Z'],
    ];
    for (const [value, text] of expected) {
      assert.equal(dbToRfc3339Nano(value), text, String(value));
      assert.equal(dbToRfc3339NanoSlow(value), text, String(value));
    }
    // values the fast path leaves to the general path must still come out exactly as before
    for (const value of [
      'garbage',
      '',
      '2024-02-30 00:00:00',
      '2023-02-29 12:00:00.25',
      '2024-13-01 00:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 23:59:60',
      '2024-05-02 10:11:12+02',
      '2024-05-02 10:11:12.',
      '2024-00-10 00:00:00',
    ]) {
      assert.equal(dbToRfc3339Nano(value), dbToRfc3339NanoSlow(value), value);
    }
  });
});
