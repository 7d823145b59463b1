/**
 * Where accepted archives go: an S3 bucket (the platform's stage bucket), one object per request ID, and
 * the presigned GET URL the announcement carries (what the pipeline downloads).
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface ArchiveStore {
  /** Stores the archive; resolves with the URL to announce. */
  put(key: string, body: Buffer, contentType: string): Promise<string>;
  close(): void;
}

export class S3ArchiveStore implements ArchiveStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #expirySeconds: number;

  constructor(storage: Config['storage']) {
    const timeout = storage.timeout || 30_000;
    this.#client = new S3Client({
      ...(storage.endpoint ? { endpoint: storage.endpoint, forcePathStyle: true } : {}),
      region: storage.region || 'us-east-1',
      ...(storage.access_key ? { credentials: { accessKeyId: storage.access_key, secretAccessKey: storage.secret_key } } : {}),
      requestHandler: { requestTimeout: timeout, connectionTimeout: Math.min(timeout, 5_000) },
      maxAttempts: 2,
    });
    this.#bucket = storage.bucket || 'insights-upload-perma';
    this.#expirySeconds = Math.max(60, Math.floor((storage.url_expiry || 86_400_000) / 1000));
  }

  /** Creates the bucket when it does not exist (a local S3 server starts empty); failures are logged only. */
  async ensureBucket(logger: Logger): Promise<void> {
    try {
      await this.#client.send(new CreateBucketCommand({ Bucket: this.#bucket }));
      logger.info({ bucket: this.#bucket }, 'bucket created');
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return;
      logger.warn({ bucket: this.#bucket, reason: (err as Error).message }, 'bucket not checked; uploads answer 503 until S3 answers');
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<string> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: body, ContentType: contentType }));
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), { expiresIn: this.#expirySeconds });
  }

  close(): void {
    this.#client.destroy();
  }
}
