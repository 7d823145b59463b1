/**
 * `POST /api/ingress/v1/upload` as the platform's ingress (insights-ingress-go) answers the Insights
 * Operator: a multipart body whose `file` (or `upload`) part has a content type
 * `application/vnd.redhat.<service>.<category>[+tgz|+tar|...]` naming an accepted service; the archive is
 * stored, announced on `platform.upload.announce` with the `service` header, and answered 202 with its
 * request ID. Over the size cap: 413 (before the body is read when Content-Length says so); no multipart
 * file or an unknown type: 415; no identity: 401.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '#common/errors.js';
import { IDENTITY_HEADER } from '#common/http/identity.js';
import type { Reply, RequestContext, RouteDef } from '#common/http/routes.js';
import type { BatchProducer } from '#common/kafka/index.js';
import { ANNOUNCE_SERVICE_HEADER, type UploadAccepted, type UploadAnnouncement } from '#contracts/upload-announce.js';
import { type LocalAuth, localUploader, type Uploader, uploaderFromHeader } from './identity.js';
import type { ArchiveStore } from './storage.js';

export const UPLOAD_PATH = 'upload';
export const NO_FILE = 'Unable to find file in request: upload field not found';
export const TOO_LARGE = 'File exceeds maximum file size for upload';
export const STORE_FAILED = 'upload could not be stored; try again later';

/** Upstream's pattern of an upload content type: service and category. */
const TYPE = /^application\/vnd\.redhat\.([a-z0-9-]+)\.([a-z0-9-]+)/;

export function serviceOf(contentType: string, valid: ReadonlySet<string>): { service: string; category: string } | undefined {
  const m = TYPE.exec(contentType.trim().toLowerCase());
  if (!m || !valid.has(m[1])) return undefined;
  return { service: m[1], category: m[2] };
}

export interface UploadDeps {
  store: ArchiveStore;
  producer: BatchProducer;
  topic: string;
  maxSize: number;
  validServices: ReadonlySet<string>;
  /** null: `x-rh-identity` (checked by the factory). */
  local: LocalAuth | null;
}

const status = (code: number, text: string): Reply => ({ status: code, json: { status: text } });

async function filePart(ctx: RequestContext): Promise<File | undefined> {
  const type = String(ctx.headers['content-type'] ?? '');
  if (!ctx.bytes || !/^multipart\/form-data/i.test(type)) return undefined;
  let form: FormData;
  try {
    form = await new Response(ctx.bytes as unknown as BodyInit, { headers: { 'content-type': type } }).formData();
  } catch {
    return undefined;
  }
  for (const name of ['file', 'upload']) {
    const part = form.get(name);
    if (part && typeof part !== 'string') return part;
  }
  return undefined;
}

export function uploadRoute(deps: UploadDeps): RouteDef {
  return {
    method: 'POST',
    path: UPLOAD_PATH,
    auth: deps.local === null,
    binaryBody: true,
    // The multipart framing around the file counts too; the file itself is checked below.
    bodyLimit: deps.maxSize + 64 * 1024,
    handler: async (ctx) => {
      const uploader: Uploader = deps.local
        ? localUploader(deps.local, ctx.headers.authorization)
        : uploaderFromHeader(String(ctx.headers[IDENTITY_HEADER]));
      if (ctx.contentLength > deps.maxSize + 64 * 1024) return status(413, TOO_LARGE);
      const file = await filePart(ctx);
      if (!file) return status(415, NO_FILE);
      const kind = serviceOf(file.type, deps.validServices);
      if (!kind) return status(415, `Upload type not supported: '${file.type}'`);
      if (file.size > deps.maxSize) return status(413, TOO_LARGE);
      if (file.size === 0) return status(400, 'uploaded file is empty');
      const requestId = randomUUID().replaceAll('-', '');
      const body = Buffer.from(await file.arrayBuffer());
      let url: string;
      try {
        url = await deps.store.put(requestId, body, file.type);
      } catch (err) {
        ctx.log.warn({ request_id: requestId, reason: (err as Error).message }, 'archive not stored');
        throw new AppError('unavailable', STORE_FAILED);
      }
      const announcement: UploadAnnouncement = {
        account: uploader.account,
        org_id: uploader.orgId,
        category: kind.category,
        service: kind.service,
        request_id: requestId,
        principal: uploader.orgId,
        size: body.length,
        url,
        b64_identity: uploader.b64Identity,
        timestamp: new Date().toISOString(),
        metadata: {},
      };
      try {
        await deps.producer.sendBatch(deps.topic, [
          { value: JSON.stringify(announcement), headers: { [ANNOUNCE_SERVICE_HEADER]: kind.service } },
        ]);
      } catch (err) {
        ctx.log.warn({ request_id: requestId, reason: (err as Error).message }, 'announcement not produced');
        throw new AppError('unavailable', STORE_FAILED);
      }
      ctx.log.info({ request_id: requestId, org_id: uploader.orgId, size: body.length, service: kind.service }, 'upload accepted');
      const accepted: UploadAccepted = { request_id: requestId, upload: { account_number: uploader.account, org_id: uploader.orgId } };
      return { status: 202, json: accepted };
    },
  };
}
