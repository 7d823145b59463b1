// @requires kafka
// @requires s3
/**
 * The upload endpoint end to end: a real HTTP server (src/ingress on the platform factory), the real broker
 * (a topic of our own) and the real S3 server. An accepted upload is in the bucket and announced on the
 * topic with the `service` header, in the shape the rules pipeline parses; the refusals are the ingress's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { encodeIdentity } from '#common/http/identity.js';
import { silentLogger } from '#common/logger.js';
import { zeroConfigOf } from '#common/config/schema.js';
import type { RunningService } from '#common/service/shell.js';
import type { UploadAccepted } from '#contracts/upload-announce.js';
import { BOOTSTRAP, makeTopic, readTopic, unique } from '#test/helpers/kafka.js';
import { S3_ENDPOINT } from '#test/helpers/s3.js';
import { parseAnnouncement, serviceHeader } from '../../src/pipeline/announce/announce.js';
import { type Config, schema } from '../../src/ingress/config.js';
import { start } from '../../src/ingress/service.js';

const IO_TYPE = 'application/vnd.redhat.openshift.periodic+tar';
const ORG = '4242001';

function ingressConfig(topic: string, bucket: string, port: number, over: (c: Config) => void = () => {}): Config {
  const c = zeroConfigOf(schema);
  Object.assign(c.server, { address: `127.0.0.1:${port}`, max_size: 64 * 1024 });
  Object.assign(c.storage, { endpoint: S3_ENDPOINT, bucket, access_key: 'test', secret_key: 'test', timeout: 10_000 });
  Object.assign(c.broker, { addresses: BOOTSTRAP, client_id: 'local-ingress-test' });
  Object.assign(c.announce, { topic });
  over(c);
  return c;
}

function multipart(content: Buffer, type: string, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----local${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="insights-data.tar.gz"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const identity = encodeIdentity(ORG, '1', '6655');

async function upload(base: string, content: Buffer, type: string, headers: Record<string, string> = {}, field = 'file') {
  const m = multipart(content, type, field);
  const res = await request(`${base}/api/ingress/v1/upload`, {
    method: 'POST',
    body: m.body,
    headers: { 'content-type': m.contentType, ...headers },
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

describe('ingress: POST /api/ingress/v1/upload', () => {
  const archive = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(2000, 7)]); // bytes, not UTF-8
  let topic: string;
  let bucket: string;
  let service: RunningService;
  let base: string;

  before(async () => {
    topic = await makeTopic(unique('local-ingress'));
    bucket = `local-ingress-${Date.now().toString(36)}`;
    const port = 20000 + Math.floor(Math.random() * 20000);
    base = `http://127.0.0.1:${port}`;
    service = await start(ingressConfig(topic, bucket, port), silentLogger);
  });
  after(async () => {
    await service?.stop();
  });

  it('stores the archive in S3 and announces it for the pipeline (202 with the request ID)', async () => {
    const res = await upload(base, archive, IO_TYPE, { 'x-rh-identity': identity });
    assert.equal(res.status, 202, JSON.stringify(res.json));
    const accepted = res.json as unknown as UploadAccepted;
    assert.match(accepted.request_id, /^[0-9a-f]{32}$/);
    assert.deepEqual(accepted.upload, { account_number: '6655', org_id: ORG });

    const [record] = await readTopic(topic, 1, { settleMs: 100 });
    assert.ok(record, 'an announcement on the topic');
    assert.equal(serviceHeader(record.headers), 'openshift');
    const parsed = parseAnnouncement(record.value);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.equal(parsed.announcement.orgId, Number(ORG));
    assert.equal(parsed.announcement.requestId, accepted.request_id);
    assert.equal(parsed.announcement.account, 6655);
    const value = JSON.parse(record.value?.toString() ?? '{}');
    assert.equal(value.category, 'periodic');
    assert.equal(value.size, archive.length);

    // The announced URL serves exactly the uploaded bytes from the S3 server.
    const url = new URL(parsed.announcement.url);
    assert.equal(url.origin, new URL(S3_ENDPOINT).origin);
    const got = await request(url, { headersTimeout: 10_000, bodyTimeout: 10_000 });
    assert.equal(got.statusCode, 200);
    assert.ok(Buffer.from(await got.body.arrayBuffer()).equals(archive), 'stored bytes are the uploaded bytes');
  });

  it('answers 415 for a content type that is not an accepted service, or no file part', async () => {
    const bad = await upload(base, archive, 'application/vnd.redhat.advisor.collection+tgz', { 'x-rh-identity': identity });
    assert.equal(bad.status, 415);
    assert.match(String(bad.json.status), /Upload type not supported/);
    const plain = await upload(base, archive, 'application/gzip', { 'x-rh-identity': identity });
    assert.equal(plain.status, 415);
    const noFile = await upload(base, archive, IO_TYPE, { 'x-rh-identity': identity }, 'other');
    assert.equal(noFile.status, 415);
    assert.match(String(noFile.json.status), /upload field not found/);
  });

  it('answers 413 over the size cap', async () => {
    const res = await upload(base, Buffer.alloc(200 * 1024, 1), IO_TYPE, { 'x-rh-identity': identity });
    assert.equal(res.status, 413);
  });

  it('answers 401 without an identity', async () => {
    const res = await upload(base, archive, IO_TYPE);
    assert.equal(res.status, 401);
    assert.equal(res.json.status, 'Missing auth token');
  });

  it('local mode books uploads to the configured org and checks the bearer token', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const localTopic = await makeTopic(unique('local-ingress-lm'));
    const local = await start(
      ingressConfig(localTopic, bucket, port, (c) => Object.assign(c.auth, { mode: 'local', org_id: '7700', token: 's3cret' })),
      silentLogger,
    );
    try {
      const lb = `http://127.0.0.1:${port}`;
      assert.equal((await upload(lb, archive, IO_TYPE)).status, 401);
      assert.equal((await upload(lb, archive, IO_TYPE, { authorization: 'Bearer wrong!' })).status, 401);
      const ok = await upload(lb, archive, IO_TYPE, { authorization: 'Bearer s3cret' });
      assert.equal(ok.status, 202);
      const [record] = await readTopic(localTopic, 1, { settleMs: 100 });
      const parsed = parseAnnouncement(record.value);
      assert.ok(parsed.ok && parsed.announcement.orgId === 7700, 'announced for the configured org');
    } finally {
      await local.stop();
    }
  });
});
