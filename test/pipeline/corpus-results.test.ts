// @requires corpus
/** The pipeline's results for the shared real archives pass the db-writer's validation (src/aggregator/db-writer). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { processOcpMessage } from '../../src/aggregator/db-writer/processor/ocp.js';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { Archive } from '../../src/pipeline/engine/archive.js';
import { runRules } from '../../src/pipeline/engine/engine.js';
import { ClusterIdFile } from '../../src/pipeline/engine/parsers.js';
import { OCP_RULES } from '../../src/pipeline/engine/rules/index.js';
import { resultsMessage } from '../../src/pipeline/runtime/report.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { clusterArchive, TRIGGERS } from '../helpers/io-archive.js';

const archive = async (data: Buffer) => new Archive(await extractArchive(data));
const announcement = { url: 'x', requestId: 'r1', orgId: 123456, account: 789000, timestamp: '2020-12-09T16:17:42.822020204Z' };

function assertAccepted(a: Archive) {
  const value = resultsMessage(announcement, a.get(ClusterIdFile) as string, runRules(a, OCP_RULES), '2024-08-27T07:00:00Z');
  assert.ok(value.endsWith('}\n'));
  const decision = processOcpMessage(Buffer.from(value), { allowlist: null });
  assert.equal(decision.kind, 'write', 'error' in decision ? decision.error : '');
  if (decision.kind !== 'write') return;
  assert.equal(decision.orgId, 123456);
  assert.equal(decision.clusterName, a.get(ClusterIdFile));
  const parsed = JSON.parse(value);
  assert.deepEqual(Object.keys(parsed), [
    'OrgID',
    'AccountNumber',
    'ClusterName',
    'Report',
    'LastChecked',
    'Version',
    'RequestId',
    'Metadata',
  ]);
}

describe('pipeline results accepted by the db-writer', () => {
  for (const name of ['io-4.17-rapid-recommendations.tar.gz', 'io-docs-sample.tar.gz']) {
    it(`${name} (corpus)`, async () => assertAccepted(await archive(readFileSync(join(CORPUS_DIR, 'archives', name)))));
  }
  it('every generated trigger archive (every rule hit at once is accepted too)', async () => {
    for (const spec of Object.values(TRIGGERS)) assertAccepted(await archive(await clusterArchive(spec)));
  });
});
