// The upload page's archive reader: the cluster ID from `config/id` of .tar.gz archives made by tar(1),
// at the top or under one folder, with a long path before it; null for what is not an archive with an ID.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterIdOfArchive } from './archive.ts';

const ID = '6b0ad9b8-5b4d-4d5f-9a6f-2f0c3b1a8e11';
const dir = mkdtempSync(join(tmpdir(), 'console-archive-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function archive(name: string, files: Record<string, string>, gzip = true): Blob {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const out = join(dir, `${name}.tar${gzip ? '.gz' : ''}`);
  const r = spawnSync('tar', [gzip ? '-czf' : '-cf', out, '--format=gnu', '-C', root, '.'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return new Blob([readFileSync(out)]);
}

test('reads config/id of a gzipped archive, after a long path', async () => {
  const long = `${'very-long-folder-name/'.repeat(8)}file.json`;
  assert.equal(await clusterIdOfArchive(archive('a', { [long]: '{}', 'config/id': `${ID.toUpperCase()}\n` })), ID);
});

test('reads config/id below one folder, and from a plain tar', async () => {
  assert.equal(await clusterIdOfArchive(archive('b', { 'insights-data/config/id': ID }, false)), ID);
});

test('null without config/id, with a bad ID, or for bytes that are no archive', async () => {
  assert.equal(await clusterIdOfArchive(archive('c', { 'config/version.json': '{}' })), null);
  assert.equal(await clusterIdOfArchive(archive('d', { 'config/id': 'not-a-uuid' })), null);
  assert.equal(await clusterIdOfArchive(new Blob([new Uint8Array([0x1f, 0x8b, 1, 2, 3])])), null);
});
