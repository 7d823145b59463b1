import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAllowlist, parseAllowlist, readGoCsv } from './allowlist.js';

const errorOf = (text: string) => {
  try {
    parseAllowlist(text);
  } catch (err) {
    return (err as Error).message;
  }
  return null;
};

describe('org allowlist CSV', () => {
  it('skips the header and reads the org IDs', () => {
    assert.deepEqual([...parseAllowlist('OrgID\n1\n2\n3\n11789772\n656485\n')], [1, 2, 3, 11789772, 656485]);
    assert.deepEqual([...parseAllowlist('OrgID\r\n\r\n42\r\n"43"\n4294967295')], [42, 43, 4294967295]);
    assert.deepEqual([...parseAllowlist('')], []);
    assert.deepEqual([...parseAllowlist('OrgID,Name\n5,"a, ""b"""\n')], [5]);
  });

  it('reports records with another number of fields than the header', () => {
    assert.equal(errorOf('OrgID\n1,2\n'), 'error reading CSV file: record on line 2: wrong number of fields');
    assert.equal(errorOf('OrgID,Name\n1,a\n\n2\n'), 'error reading CSV file: record on line 4: wrong number of fields');
  });

  it('reports values that are not unsigned 32-bit integers', () => {
    assert.equal(errorOf('OrgID\n1\nabc\n'), 'organization ID on line 3 in allowlist CSV is not numerical. Found value: abc');
    assert.equal(errorOf('OrgID\n-1\n'), 'organization ID on line 2 in allowlist CSV is not numerical. Found value: -1');
    assert.equal(errorOf('OrgID\n4294967296\n'), 'organization ID on line 2 in allowlist CSV is not numerical. Found value: 4294967296');
    assert.equal(errorOf('OrgID\n 1\n'), 'organization ID on line 2 in allowlist CSV is not numerical. Found value:  1');
  });

  it('reads CSV like Go: quotes, bare quotes, multi-line fields', () => {
    assert.deepEqual(readGoCsv('a,"b\nc",d\n'), [['a', 'b\nc', 'd']]);
    assert.deepEqual(readGoCsv('a,\n'), [['a', '']]);
    assert.equal(errorOf('OrgID\n1"2\n'), 'error reading CSV file: parse error on line 2, column 2: bare " in non-quoted-field');
    assert.equal(
      errorOf('OrgID\n"1"x\n'),
      'error reading CSV file: parse error on line 2, column 4: extraneous or missing " in quoted-field',
    );
  });

  it('loads a file and names a missing one as Go does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
    try {
      writeFileSync(join(dir, 'org_allowlist.csv'), 'OrgID\n7\n');
      assert.deepEqual([...(await loadAllowlist(join(dir, 'org_allowlist.csv')))], [7]);
      await assert.rejects(loadAllowlist(join(dir, 'missing.csv')), {
        message: `open ${join(dir, 'missing.csv')}: no such file or directory`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
