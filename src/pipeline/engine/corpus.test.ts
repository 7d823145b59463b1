// @requires corpus
/**
 * The real Insights Operator archives of the shared corpus: extracted safely, parsed, the rules run, and the
 * report has the expected content (the db-writer's acceptance: test/pipeline/corpus-results.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR } from '#test/helpers/corpus.js';
import { extractArchive } from '../archive/extract.js';
import { Archive } from './archive.js';
import { runRules } from './engine.js';
import { ClusterIdFile, ClusterOperatorsParser, ClusterVersionParser, HypershiftParser, NodesParser, ProxyParser } from './parsers.js';
import { OCP_RULES } from './rules/index.js';

const archive = async (name: string) => new Archive(await extractArchive(readFileSync(join(CORPUS_DIR, 'archives', name))));

describe('shared archives (corpus)', () => {
  it('io-4.17-rapid-recommendations: 187 files, parsers read the cluster, no rule hits besides the tutorial', async () => {
    const a = await archive('io-4.17-rapid-recommendations.tar.gz');
    assert.equal(a.files.size, 187);
    assert.equal(a.get(ClusterIdFile), 'c25da893-5ba1-4229-9432-c8ec9334c4a0');
    assert.equal(a.get(ClusterVersionParser)?.desired, '4.17.0-rc.0');
    const nodes = a.get(NodesParser) ?? [];
    assert.equal(nodes.length, 6);
    assert.deepEqual(nodes.map((n) => n.role).sort(), ['master', 'master', 'master', 'worker', 'worker', 'worker']);
    assert.equal(a.get(ClusterOperatorsParser)?.get('authentication')?.conditions.length, 5);
    assert.equal(a.get(ProxyParser)?.configured, false);
    assert.equal(a.get(HypershiftParser), false);
    const report = runRules(a, OCP_RULES);
    assert.deepEqual(
      report.reports.map((h) => h.key),
      ['TUTORIAL_ERROR'],
    );
    assert.deepEqual(report.skips, []);
    assert.equal(report.info[0].details.current, '4.17.0-rc.0');
  });

  it('io-docs-sample: config/id (not spec.clusterID) is the cluster', async () => {
    const a = await archive('io-docs-sample.tar.gz');
    const id = a.get(ClusterIdFile);
    assert.ok(id);
    assert.notEqual(id, a.get(ClusterVersionParser)?.clusterId);
    assert.equal(runRules(a, OCP_RULES).info[0].details.version, '4.7.16');
  });
});
