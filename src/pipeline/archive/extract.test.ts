/** Safe extraction: every refused archive has a clear reason; a good one keeps its files (repo-owned fixtures). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { clusterArchive, tarGzOf, tarOf } from '#test/helpers/io-archive.js';
import { ArchiveError, extractArchive, safeEntryPath } from './extract.js';

async function refused(data: Buffer | Promise<Buffer>, pattern: RegExp, limits?: Parameters<typeof extractArchive>[1]) {
  await assert.rejects(extractArchive(await data, limits), (err: unknown) => {
    assert.ok(err instanceof ArchiveError, String(err));
    assert.match(err.message, pattern);
    return true;
  });
}

describe('extractArchive', () => {
  it('keeps every file of a generated cluster archive by its path; folders are not files', async () => {
    const files = await extractArchive(await clusterArchive({}));
    assert.equal(files.get('config/id')?.toString(), '6b0ad9b8-5b4d-4d5f-9a6f-2f0c3b1a8e11');
    assert.ok(files.has('config/version.json'));
    assert.ok(![...files.keys()].some((p) => p.endsWith('/')));
  });

  it('normalises ./ prefixes', async () => {
    const files = await extractArchive(await tarGzOf([{ name: './config/id', body: 'x' }]));
    assert.deepEqual([...files.keys()], ['config/id']);
  });

  it('refuses what is not a gzip', () => refused(Buffer.from('PK\u0003\u0004 a zip'), /not a gzip archive/));
  it('refuses a truncated gzip', async () => refused((await clusterArchive({})).subarray(0, 200), /not a valid gzip stream/));
  it('refuses a gzip that is not a tar', () =>
    refused(gzipSync(Buffer.from('just some text, not a tar stream'.repeat(40))), /not a (valid )?tar archive/));

  it('refuses path escapes: .. and absolute paths', async () => {
    await refused(tarGzOf([{ name: 'config/../../etc/passwd', body: 'x' }]), /escapes the archive/);
    await refused(tarGzOf([{ name: '/etc/passwd', body: 'x' }]), /escapes the archive/);
  });

  it('refuses links pointing outside the tree; links inside are ignored', async () => {
    await refused(tarGzOf([{ name: 'config/evil', type: 'symlink', linkname: '../../etc/shadow' }]), /symbolic link .* points outside/);
    await refused(tarGzOf([{ name: 'config/abs', type: 'symlink', linkname: '/etc/shadow' }]), /points outside/);
    await refused(tarGzOf([{ name: 'config/hard', type: 'link', linkname: '../x' }]), /hard link .* points outside/);
    const files = await extractArchive(
      await tarGzOf([
        { name: 'config/id', body: 'x' },
        { name: 'config/alias', type: 'symlink', linkname: 'id' },
      ]),
    );
    assert.deepEqual([...files.keys()], ['config/id']);
  });

  it('refuses a gzip bomb while inflating (never holding more than the cap)', async () => {
    const bomb = gzipSync(await tarOf([{ name: 'config/big', body: Buffer.alloc(8 * 1024 * 1024) }]));
    assert.ok(bomb.length < 64 * 1024);
    await refused(bomb, /gzip bomb/, { maxEntries: 10, maxTotalBytes: 1024 * 1024, maxEntryBytes: 1024 * 1024 });
  });

  it('caps one entry, the total and the entry count', async () => {
    const limits = { maxEntries: 3, maxTotalBytes: 3000, maxEntryBytes: 1500 };
    await refused(tarGzOf([{ name: 'a', body: Buffer.alloc(2000) }]), /over the 1500-byte limit per file/, limits);
    await refused(
      tarGzOf([
        { name: 'a', body: Buffer.alloc(1400) },
        { name: 'b', body: Buffer.alloc(1400) },
        { name: 'c', body: Buffer.alloc(1400) },
      ]),
      /over 3000 bytes uncompressed|gzip bomb/,
      limits,
    );
    await refused(tarGzOf(['a', 'b', 'c', 'd'].map((name) => ({ name, body: 'x' }))), /more than 3 entries/, limits);
  });

  it('safeEntryPath', () => {
    assert.equal(safeEntryPath('./config//id'), 'config/id');
    assert.equal(safeEntryPath('config/../x'), null);
    assert.equal(safeEntryPath('C:\\x'), null);
    // The fast path for already-normal names must agree with the segment walk.
    assert.equal(safeEntryPath('a/..b/c..'), 'a/..b/c..');
    assert.equal(safeEntryPath('..a/.hidden'), '..a/.hidden');
    assert.equal(safeEntryPath('a/b/'), 'a/b');
    assert.equal(safeEntryPath('a/b/.'), 'a/b');
    assert.equal(safeEntryPath('a/..'), null);
    assert.equal(safeEntryPath('..'), null);
  });
});
