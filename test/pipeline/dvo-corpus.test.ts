// @requires corpus
/**
 * The real `config/dvo_metrics` of the shared docs-sample archive (anonymised: no namespace or workload
 * names; label values holding commas): every line is read, and the `ccx.dvo.results` value built from it is
 * accepted by the db-writer's DVO processor (src/aggregator/db-writer/processor/dvo.ts) with the namespaces
 * it names. The 4.17 archive has no DVO metrics: no message.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { processDvoMessage } from '../../src/aggregator/db-writer/processor/dvo.js';
import type { Announcement } from '../../src/pipeline/announce/announce.js';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { DEFAULT_DVO_LIMITS, dvoOutcome } from '../../src/pipeline/dvo/extract.js';
import { parseDvoMetrics } from '../../src/pipeline/dvo/metrics-file.js';
import { RESULTS_VERSION } from '../../src/pipeline/runtime/report.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

const files = (name: string) => extractArchive(readFileSync(join(CORPUS_DIR, 'archives', name)));
const A: Announcement = { url: 'https://b.s3.amazonaws.com/x', requestId: 'corpus', orgId: 42, timestamp: '2024-08-27T07:00:00Z' };
const CLUSTER = 'c25da893-5ba1-4229-9432-c8ec9334c4a0';

describe('DVO metrics of the shared archives (corpus)', () => {
  it('io-docs-sample: every sample line read; the message is accepted by the DVO db-writer', async () => {
    const f = await files('io-docs-sample.tar.gz');
    const text = f.get('config/dvo_metrics')?.toString('utf8') ?? '';
    const sampleLines = text.split('\n').filter((l) => l.startsWith('deployment_validation_operator_'));
    assert.ok(sampleLines.length > 0);
    const samples = parseDvoMetrics(text);
    assert.equal(samples.length, sampleLines.length);
    assert.ok(
      samples.some((s) => (s.labels.check_description ?? '').includes(',')),
      'a label value with a comma was read whole',
    );

    const out = dvoOutcome(f, A, CLUSTER, RESULTS_VERSION, DEFAULT_DVO_LIMITS, new Date());
    assert.equal(out.kind, 'publish');
    if (out.kind !== 'publish') return;
    const decision = processDvoMessage(out.value, { allowlist: null });
    assert.equal(decision.kind, 'write', decision.kind === 'reject' ? decision.error : '');
    if (decision.kind !== 'write') return;
    assert.equal(decision.orgId, 42);
    assert.equal(decision.clusterName, CLUSTER);
    const namespaces = new Set(samples.map((s) => s.labels.namespace_uid));
    assert.deepEqual(decision.namespaces.map((n) => n.namespaceId).sort(), [...namespaces].sort());
    const objects = decision.namespaces.reduce((n, ns) => n + ns.objects, 0);
    assert.equal(objects, new Set(samples.map((s) => `${s.labels.namespace_uid}/${s.labels.uid}`)).size);
  });

  it('io-4.17-rapid-recommendations: no config/dvo_metrics, no DVO message', async () => {
    assert.deepEqual(dvoOutcome(await files('io-4.17-rapid-recommendations.tar.gz'), A, CLUSTER, 2, DEFAULT_DVO_LIMITS, new Date()), {
      kind: 'absent',
    });
  });
});
