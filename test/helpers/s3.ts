/**
 * S3 helpers for integration tests: a real S3-compatible server at S3_ENDPOINT (default
 * http://127.0.0.1:9000, `scripts/s3 start`), buckets named by the caller, objects put with
 * @aws-sdk/client-s3 and presigned GET URLs as the platform announces them.
 */
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetObjectCommand } from '@aws-sdk/client-s3';

export const S3_ENDPOINT = process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9000';

export function s3Client(): S3Client {
  return new S3Client({
    endpoint: S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 5_000 },
  });
}

export class TestBucket {
  readonly client = s3Client();
  readonly #keys = new Set<string>();
  constructor(readonly name: string) {}

  async create(): Promise<this> {
    await this.client.send(new CreateBucketCommand({ Bucket: this.name }));
    return this;
  }

  /** Puts `body` at `key`; resolves with a presigned GET URL valid for an hour. */
  async put(key: string, body: Buffer): Promise<string> {
    await this.client.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body: body, ContentType: 'application/gzip' }));
    this.#keys.add(key);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.name, Key: key }), { expiresIn: 3600 });
  }

  /** A presigned URL of an object that does not exist (404). */
  missing(key: string): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.name, Key: key }), { expiresIn: 3600 });
  }

  async close(): Promise<void> {
    for (const key of this.#keys) await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key })).catch(() => {});
    this.client.destroy();
  }
}
