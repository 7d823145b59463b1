/**
 * The in-memory tar reader against other writers: the same files as tar-stream's extractor on generated
 * 4.17-shaped archives, long names from tar-stream (ustar prefix, PAX) and GNU tar (GNU and PAX formats),
 * and corrupted or truncated streams refused with a reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract as tarStreamExtract } from 'tar-stream';
import { archive417 } from '#test/helpers/io-archive-417.js';
import { tarOf } from '#test/helpers/io-archive.js';
import { ArchiveError, extractArchive } from './extract.js';
import { readTar, TarError } from './tar.js';

/** What tar-stream reads: file path -> content. */
function viaTarStream(tar: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, string>();
    const ex = tarStreamExtract();
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') out.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8'));
        next();
      });
    });
    ex.on('finish', () => resolve(out));
    ex.on('error', reject);
    ex.end(tar);
  });
}

function names(tar: Buffer): { name: string; type: string; linkname: string; body: string }[] {
  const out: { name: string; type: string; linkname: string; body: string }[] = [];
  readTar(tar, (e) => out.push({ name: e.name, type: e.type, linkname: e.linkname, body: e.body().toString('utf8') }));
  return out;
}

const LONG_DIR = `config/pod/openshift-machine-config-operator/${'d'.repeat(80)}`;
const LONG_FILE = `kube-rbac-proxy-crio-ip-10-0-61-249.us-east-2.compute.internal-${'x'.repeat(120)}.json`;

describe('readTar', () => {
  it('reads the same files as tar-stream from generated 4.17-shaped archives', async () => {
    for (const seed of [1, 2]) {
      const tar = gunzipSync(await archive417({ seed, workers: seed * 4 }));
      const expected = await viaTarStream(tar);
      const files = await extractArchive(gzipSync(tar));
      assert.ok(expected.size > 150, `${expected.size} files`);
      assert.deepEqual(new Map([...files].map(([p, b]) => [p, b.toString('utf8')])), expected);
    }
  });

  it('long names: the ustar prefix (tar-stream) and PAX path records (tar-stream)', async () => {
    const prefixed = `${LONG_DIR}/short.json`; // > 100 characters, fits prefix + name
    const pax = `${LONG_DIR}/${LONG_FILE}`; // > 255 characters: a PAX header
    assert.ok(prefixed.length > 100 && pax.length > 255);
    const tar = await tarOf([
      { name: prefixed, body: '{"a":1}' },
      { name: pax, body: '{"b":2}' },
    ]);
    assert.deepEqual(
      names(tar).map((e) => [e.name, e.body]),
      [
        [prefixed, '{"a":1}'],
        [pax, '{"b":2}'],
      ],
    );
  });

  for (const format of ['gnu', 'pax', 'ustar'] as const) {
    it(`GNU tar's ${format} format: long names and link targets, folders`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'pipeperf-tar-'));
      try {
        const long = format === 'ustar' ? `${LONG_DIR}/short.json` : `${LONG_DIR}/${LONG_FILE}`;
        mkdirSync(join(dir, dirname(long)), { recursive: true });
        writeFileSync(join(dir, long), '{"long":true}');
        writeFileSync(join(dir, 'config/id'), 'the-id\n');
        // ustar cannot hold a link target over 100 characters; GNU uses a 'K' entry, PAX a linkpath record.
        const target = format === 'ustar' ? 'id' : long.slice('config/'.length);
        symlinkSync(target, join(dir, 'config/alias'));
        const run = spawnSync('tar', [`--format=${format}`, '-C', dir, '-cf', '-', 'config'], { maxBuffer: 1 << 24 });
        assert.equal(run.status, 0, run.stderr.toString());
        const entries = names(run.stdout);
        const byName = new Map(entries.map((e) => [e.name.replace(/\/$/, ''), e]));
        assert.equal(byName.get(long)?.body, '{"long":true}');
        assert.equal(byName.get(long)?.type, 'file');
        assert.equal(byName.get('config/id')?.body, 'the-id\n');
        assert.equal(byName.get('config/alias')?.type, 'symlink');
        assert.equal(byName.get('config/alias')?.linkname, target);
        assert.equal(byName.get('config/pod')?.type, 'directory');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('refuses a corrupted header (checksum) and a truncated entry', async () => {
    const tar = await tarOf([
      { name: 'config/id', body: 'x' },
      { name: 'config/version.json', body: '{}'.repeat(600) },
    ]);
    const corrupt = Buffer.from(tar);
    corrupt[1024 + 10] ^= 0xff; // the second header's name
    assert.throws(
      () => names(corrupt),
      (e: unknown) => e instanceof TarError && /bad header checksum at byte 1024/.test(e.message),
    );
    await assert.rejects(
      extractArchive(gzipSync(corrupt)),
      (e: unknown) => e instanceof ArchiveError && /not a valid tar archive: bad header checksum/.test(e.message),
    );
    const truncated = tar.subarray(0, 1024 + 512 + 100);
    assert.throws(() => names(truncated), /runs past the end/);
    await assert.rejects(extractArchive(gzipSync(truncated)), /not a valid tar archive: entry at byte 1024 runs past the end/);
  });
});
