// @requires kafka
// @requires s3
// @requires postgres
// @requires corpus
/**
 * End to end on real services: archives uploaded to the S3 server -> announced on Kafka -> the pipeline ->
 * `ccx.ocp.results` -> the db-writer -> PostgreSQL -> the aggregator's API answers each cluster's report
 * with the rule hits the pipeline found. Both shared archives and a generated one that hits rules.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '#common/logger.js';
import type { RunningService } from '#common/service/shell.js';
import { startInProcess, type InProcessWriter } from '../../src/aggregator/db-writer/runtime/test-helpers/writer.js';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { start } from '../../src/pipeline/service.js';
import { announcement, announcementValue, pipelineTopics, pipelineConfig } from '../../src/pipeline/runtime/test-helpers/announce.js';
import { startApi, type TestApi } from '../helpers/api.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { createPostgresDatabase } from '../helpers/databases.js';
import { clusterArchive, TRIGGERS } from '../helpers/io-archive.js';
import { makeTopic, produce, unique, waitFor } from '../helpers/kafka.js';
import { TestBucket } from '../helpers/s3.js';

const ORG = 123456;
const GENERATED = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('end to end: S3 -> Kafka -> pipeline -> db-writer -> PostgreSQL -> aggregator API', () => {
  const t = pipelineTopics('pipeline.e2e');
  const bucket = new TestBucket(unique('pipeline-e2e').toLowerCase());
  let api: TestApi;
  let writer: InProcessWriter;
  let pipeline: RunningService;

  before(async () => {
    await bucket.create();
    for (const topic of [t.incoming, t.results, t.tracker, t.dlq]) await makeTopic(topic);
    api = await startApi({ create: createPostgresDatabase });
    writer = await startInProcess(
      {
        use: 'ocp_recommendations',
        storage: api.config.ocp_recommendations_storage,
        topic: t.results,
        group: unique('pipeline-e2e-writer'),
      },
      api.db,
    );
    pipeline = await start(pipelineConfig(t), silentLogger);
  });
  after(async () => {
    await pipeline?.stop();
    await writer?.running.stop();
    await api?.close();
    await bucket.close();
  });

  it('stores each archive report and the API answers it', async () => {
    const real417 = readFileSync(join(CORPUS_DIR, 'archives', 'io-4.17-rapid-recommendations.tar.gz'));
    const docs = readFileSync(join(CORPUS_DIR, 'archives', 'io-docs-sample.tar.gz'));
    const hitting = await clusterArchive({
      ...TRIGGERS.NODES_MINIMUM_REQUIREMENTS_NOT_MET,
      ...TRIGGERS.SAMPLES_FAILED_IMAGE_IMPORT_ERR,
      id: GENERATED,
    });
    const docsId = (await extractArchive(docs)).get('config/id')?.toString().trim().slice(0, 36) as string;
    await produce(t.incoming, [
      announcement(
        announcementValue({ url: await bucket.put('417.tar.gz', real417), requestId: 'e2e-417', gatheringTime: '2024-08-27T07:00:00Z' }),
      ),
      announcement(announcementValue({ url: await bucket.put('docs.tar.gz', docs), requestId: 'e2e-docs' })),
      announcement(announcementValue({ url: await bucket.put('gen.tar.gz', hitting), requestId: 'e2e-gen' })),
    ]);
    const clusters: Record<string, string[]> = {
      'c25da893-5ba1-4229-9432-c8ec9334c4a0': ['TUTORIAL_ERROR'],
      [docsId]: ['TUTORIAL_ERROR'],
      [GENERATED]: ['NODES_MINIMUM_REQUIREMENTS_NOT_MET', 'SAMPLES_FAILED_IMAGE_IMPORT_ERR', 'TUTORIAL_ERROR'],
    };
    for (const [cluster, keys] of Object.entries(clusters)) {
      const res = await waitFor(`report of ${cluster}`, async () => {
        const r = await api.request('GET', `organizations/${ORG}/clusters/${cluster}/users/1/report`, { org: ORG });
        return r.status === 200 ? r : null;
      });
      assert.ok(res);
      const body = res.json as {
        report: { reports: { component: string; key: string; details: Record<string, unknown> }[]; meta: { count: number } };
      };
      assert.deepEqual(body.report.reports.map((h) => h.key).sort(), keys, cluster);
      assert.equal(body.report.meta.count, keys.length);
      if (cluster === GENERATED) {
        const hit = body.report.reports.find((h) => h.key === 'NODES_MINIMUM_REQUIREMENTS_NOT_MET');
        assert.ok(hit);
        assert.equal(hit.component, 'ccx_rules_ocp.external.rules.nodes_requirements_check.report');
        assert.deepEqual((hit.details as { nodes: unknown[] }).nodes, [
          { name: 'worker-small', role: 'worker', memory: 7.17, memory_req: 8, cpu: 1, cpu_req: 2 },
        ]);
      }
    }
  });
});
