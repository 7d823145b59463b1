/**
 * The whole path from an upload to the smart proxy on real services, shared by test/pipeline/through-proxy
 * and dvo-end-to-end: an S3 bucket, the pipeline's topics, the proxy's e2e stack (test/helpers/proxy/stack.ts:
 * aggregator and content service processes, the repository's `content/`, AMS and RBAC fakes, Redis) with one
 * cluster of one organisation in AMS, a db-writer in this process (OCP or DVO storage) on the aggregator's
 * database, and the pipeline. `upload()` puts an archive in the bucket and announces it.
 */
import { join } from 'node:path';
import { silentLogger } from '#common/logger.js';
import { createPostgresDatabase } from '#test/helpers/databases.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { makeTopic, produce, unique } from '#test/helpers/kafka.js';
import { redisSettings } from '#test/helpers/redis.js';
import { TestBucket } from '#test/helpers/s3.js';
import { startInProcess } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { openStorage } from '../../src/aggregator/storage/db.js';
import {
  announcement,
  announcementValue,
  type PipelineTopics,
  pipelineConfig,
  pipelineTopics,
} from '../../src/pipeline/runtime/test-helpers/announce.js';
import { start } from '../../src/pipeline/service.js';
import { ContentProcess } from './proxy/content-process.js';
import { Stack } from './proxy/stack.js';

export interface PipelineToProxyOptions {
  /** Names the topics, the bucket, the consumer groups and the AMS organisation (`int-<name>`). */
  name: string;
  org: number;
  /** The cluster AMS lists for the organisation, with its display name. */
  cluster: string;
  displayName: string;
  /** What the db-writer stores: OCP results (the pipeline's results topic) or DVO results (a topic of their own). */
  writer: 'ocp' | 'dvo';
}

export class PipelineToProxy {
  readonly topics: PipelineTopics;
  /** The DVO results topic (created and given to the pipeline with `writer: 'dvo'` only). */
  readonly dvoTopic: string;
  readonly bucket: TestBucket;
  stack!: Stack;
  readonly #closers: (() => Promise<unknown>)[] = [];

  private constructor(readonly options: PipelineToProxyOptions) {
    const { name } = options;
    this.topics = pipelineTopics(name);
    this.dvoTopic = unique(`${name}.dvo`);
    this.bucket = new TestBucket(unique(name).toLowerCase());
  }

  /** Everything started; what was started is stopped again when a part fails to start. */
  static async start(options: PipelineToProxyOptions): Promise<PipelineToProxy> {
    const p = new PipelineToProxy(options);
    try {
      await p.#start();
    } catch (err) {
      await p.close();
      throw err;
    }
    return p;
  }

  async #start(): Promise<void> {
    const { name, org, cluster, displayName, writer } = this.options;
    const t = this.topics;
    const dvo = writer === 'dvo';
    await this.bucket.create();
    this.#closers.push(() => this.bucket.close());
    for (const topic of [t.incoming, t.results, t.tracker, t.dlq, ...(dvo ? [this.dvoTopic] : [])]) await makeTopic(topic);
    const content = new ContentProcess({
      rules: join(REPO_ROOT, 'content'),
      groups: join(REPO_ROOT, 'config/content-service/groups_config.yaml'),
    });
    this.stack = await Stack.start({ create: createPostgresDatabase }, async () => {}, {
      content,
      configure: (c) => Object.assign(c.redis, redisSettings()),
    });
    this.#closers.push(() => this.stack.close());
    this.stack.ams.addOrg(org, `int-${name}`);
    this.stack.ams.subscriptions.push({
      organization_id: `int-${name}`,
      external_cluster_id: cluster,
      display_name: displayName,
      cluster_id: `ocm-${name}`,
      status: 'Active',
    });
    const storage = this.stack.aggregator.database.conf;
    const db = openStorage(storage);
    this.#closers.push(() => db.close());
    const running = await startInProcess(
      {
        use: dvo ? 'dvo_recommendations' : 'ocp_recommendations',
        storage,
        topic: dvo ? this.dvoTopic : t.results,
        group: unique(`${name}-writer`),
      },
      db,
    );
    this.#closers.push(() => running.running.stop());
    const pipeline = await start(
      pipelineConfig(t, (c) => {
        if (dvo) c.publisher.dvo_topic = this.dvoTopic;
      }),
      silentLogger,
    );
    this.#closers.push(() => pipeline.stop());
  }

  /** Puts the archive in the bucket as `key` and announces it on the pipeline's incoming topic. */
  async upload(key: string, archive: Buffer, requestId: string): Promise<void> {
    const url = await this.bucket.put(key, archive);
    await produce(this.topics.incoming, [announcement(announcementValue({ url, requestId }))]);
  }

  /** Stops the pipeline, the db-writer, the stack; empties the bucket (the reverse of the start). */
  async close(): Promise<void> {
    while (this.#closers.length > 0) await this.#closers.pop()?.();
  }
}
