/**
 * The ingress on the embedded profile: archives in a folder, announced on the folder-backed queue with a
 * signed link to the ingress itself; the link downloads the exact bytes, and a forged or expired one is 403.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { zeroConfigOf } from '#common/config/schema.js';
import { createBatchConsumer, type KafkaMessage } from '#common/kafka/index.js';
import { silentLogger } from '#common/logger.js';
import type { RunningService } from '#common/service/shell.js';
import type { UploadAnnouncement } from '#contracts/upload-announce.js';
import { freePort } from '#test/helpers/proxy/aggregator-process.js';
import { schema } from '../config.js';
import { start } from '../service.js';

const IO_TYPE = 'application/vnd.redhat.openshift.periodic+tar';

describe('ingress: archives on the local disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ingress-disk-'));
  let service: RunningService;
  let base = '';

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/ingress/v1/`;
    const c = zeroConfigOf(schema);
    Object.assign(c.server, { address: `127.0.0.1:${port}`, max_size: 64 * 1024 });
    Object.assign(c.auth, { mode: 'local', org_id: '7', org_tokens: 'second-org-token=8' });
    Object.assign(c.storage, { directory: join(dir, 'archives'), url_expiry: 60_000 });
    Object.assign(c.broker, { addresses: `file:${join(dir, 'queue')}` });
    Object.assign(c.announce, { topic: 'platform.upload.announce' });
    service = await start(c, silentLogger);
  });
  after(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, announces a signed link that downloads the same bytes, and refuses forged links', async () => {
    const archive = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(3000, 9)]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(archive)], { type: IO_TYPE }), 'io.tar.gz');
    const announced = readOne(join(dir, 'queue'));
    const res = await fetch(`${base}upload`, { method: 'POST', body: form });
    assert.equal(res.status, 202);
    const msg = JSON.parse((await announced).value?.toString() ?? '') as UploadAnnouncement;
    assert.equal(msg.org_id, '7');
    const url = new URL(msg.url);
    assert.equal(url.origin + url.pathname, `${base}archives/${msg.request_id}`);
    const got = await request(url);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(Buffer.from(await got.body.arrayBuffer()), archive);

    const forged = new URL(url);
    forged.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 1000));
    assert.equal((await request(forged)).statusCode, 403);
    const other = new URL(url);
    other.pathname = other.pathname.replace(msg.request_id, 'a'.repeat(32));
    assert.equal((await request(other)).statusCode, 403);
    const traversal = await request(`${base}archives/..%2F.signing-key?expires=9999999999&signature=x`);
    assert.equal(traversal.statusCode, 403);
  });

  it('local mode: a bearer token of auth.org_tokens books the upload to its org', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.alloc(100, 1))], { type: IO_TYPE }), 'io.tar.gz');
    const announced = readOne(join(dir, 'queue'), 'tokens');
    const res = await fetch(`${base}upload`, { method: 'POST', body: form, headers: { authorization: 'Bearer second-org-token' } });
    assert.equal(res.status, 202);
    // the group reads from the start: skip the first test's upload
    const first = JSON.parse((await announced).value?.toString() ?? '') as UploadAnnouncement;
    assert.equal(first.org_id, '7');
    const second = JSON.parse((await readOne(join(dir, 'queue'), 'tokens')).value?.toString() ?? '') as UploadAnnouncement;
    assert.equal(second.org_id, '8');
    assert.equal(JSON.parse(Buffer.from(second.b64_identity, 'base64').toString()).identity.internal.org_id, '8');
  });
});

/** The first announcement on the queue not read yet by `group`. */
async function readOne(queue: string, group = 'test'): Promise<KafkaMessage> {
  const consumer = createBatchConsumer({ brokers: [`file:${queue}`], groupId: group, topic: 'platform.upload.announce' });
  let first: KafkaMessage | undefined;
  await consumer.run(async (batch) => {
    first ??= batch.messages[0];
    void consumer.stop();
  });
  if (!first) throw new Error('no announcement');
  return first;
}
