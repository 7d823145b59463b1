// @requires kafka
// @requires s3
// @requires postgres
// @requires redis
/**
 * End to end up to the console's API: an archive uploaded to the S3 server -> announced on Kafka -> the
 * pipeline -> `ccx.ocp.results` -> the db-writer -> PostgreSQL -> the aggregator process -> the smart proxy's
 * `v2/cluster/{id}/reports`, with the content service process serving the repo's `content/` and the AMS
 * and RBAC fakes (the proxy's e2e stack: test/helpers/pipeline-to-proxy.ts). Each rule hit the pipeline
 * found shows with its content from `content/` (description, total_risk).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/corpus.js';
import { clusterArchive, TRIGGERS } from '../helpers/io-archive.js';
import { waitFor } from '../helpers/kafka.js';
import { PipelineToProxy } from '../helpers/pipeline-to-proxy.js';

const ORG = 123456;
const CLUSTER = '4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e';
const CONTENT = join(REPO_ROOT, 'content');

/** description and total_risk of an error key as `content/` defines them (total_risk = (impact + likelihood) / 2). */
function expectedContent(plugin: string, errorKey: string): { description: string; total_risk: number } {
  const config = parse(readFileSync(join(CONTENT, 'config.yaml'), 'utf8')) as { impact: Record<string, number> };
  const meta = parse(readFileSync(join(CONTENT, 'external/rules', plugin, errorKey, 'metadata.yaml'), 'utf8')) as {
    description: string;
    impact: string;
    likelihood: number;
  };
  return { description: meta.description, total_risk: Math.trunc(((config.impact[meta.impact] ?? 0) + meta.likelihood) / 2) };
}

describe('end to end: pipeline -> db-writer -> aggregator -> smart proxy v2 report with the repo content', () => {
  let p: PipelineToProxy;

  before(async () => {
    p = await PipelineToProxy.start({ name: 'pipewire-proxy', org: ORG, cluster: CLUSTER, displayName: 'Pipeline cluster', writer: 'ocp' });
  });
  after(() => p?.close());

  it('the proxy answers the report with each hit and its content', async () => {
    const archive = await clusterArchive({
      ...TRIGGERS.NODES_MINIMUM_REQUIREMENTS_NOT_MET,
      ...TRIGGERS.SAMPLES_FAILED_IMAGE_IMPORT_ERR,
      id: CLUSTER,
    });
    await p.upload('proxy.tar.gz', archive, 'pipewire-proxy');
    const res = await waitFor('the v2 report through the proxy', async () => {
      const r = await p.stack.request('GET', `/api/v2/cluster/${CLUSTER}/reports`, { org: ORG });
      return r.status === 200 && r.json?.report?.meta?.count > 0 ? r : null;
    });
    assert.ok(res);
    const { meta, data } = res.json.report as {
      meta: { cluster_name: string; count: number };
      data: { rule_id: string; description: string; total_risk: number; extra_data: { error_key: string } }[];
    };
    assert.equal(meta.cluster_name, 'Pipeline cluster');
    const byKey = Object.fromEntries(data.map((h) => [h.extra_data.error_key, h]));
    const expected: Record<string, [string, string]> = {
      NODES_MINIMUM_REQUIREMENTS_NOT_MET: ['nodes_requirements_check', 'ccx_rules_ocp.external.rules.nodes_requirements_check.report'],
      SAMPLES_FAILED_IMAGE_IMPORT_ERR: [
        'samples_op_failed_image_import_check',
        'ccx_rules_ocp.external.rules.samples_op_failed_image_import_check.report',
      ],
    };
    for (const [key, [plugin, ruleId]] of Object.entries(expected)) {
      const hit = byKey[key];
      assert.ok(hit, `${key} in ${JSON.stringify(Object.keys(byKey))}`);
      assert.equal(hit.rule_id, ruleId);
      const want = expectedContent(plugin, key);
      assert.equal(hit.description, want.description, key);
      assert.equal(hit.total_risk, want.total_risk, key);
      assert.ok(hit.total_risk > 0, key);
    }
  });
});
