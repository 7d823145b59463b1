/** The aggregator times of the cluster list as RFC 3339 UTC seconds (v2/rfc3339.ts), fast path and general path alike. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rfc3339 } from './rfc3339.js';

describe('rfc3339 (aggregator time -> RFC 3339 UTC seconds)', () => {
  it('cuts the fraction of a UTC time and keeps a time without one', () => {
    assert.equal(rfc3339('2024-05-02T10:11:12.123456Z'), '2024-05-02T10:11:12Z');
    assert.equal(rfc3339('2024-05-02T10:11:12.999999999Z'), '2024-05-02T10:11:12Z');
    assert.equal(rfc3339('2024-05-02T10:11:12Z'), '2024-05-02T10:11:12Z');
  });

  it('converts an offset to UTC and leaves text that is no time unchanged', () => {
    assert.equal(rfc3339('2024-05-02T10:11:12.5+02:00'), '2024-05-02T08:11:12Z');
    assert.equal(rfc3339('2024-12-31T23:30:00-01:00'), '2025-01-01T00:30:00Z');
    assert.equal(rfc3339('not a time'), 'not a time');
  });

  it('gives what Date parsing gives for every day of a leap year', () => {
    const viaDate = (t: string) => new Date(Date.parse(t)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let day = 0; day < 366; day++) {
      const text = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + day * 997_000).toISOString().replace('Z', '123Z');
      assert.equal(rfc3339(text), viaDate(text), text);
    }
  });
});
