/**
 * The demo fleet `npm start` seeds (src/tools/launcher/demo.ts), run through the pipeline's rules: every
 * rule's every error key hits at least one cluster of each size of fleet we use, both orgs have clusters,
 * IDs are stable and distinct, and each cluster hits exactly what its triggers say.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { describe, it } from 'node:test';
import { extractArchive } from '../../src/pipeline/archive/extract.js';
import { Archive } from '../../src/pipeline/engine/archive.js';
import { runRules } from '../../src/pipeline/engine/engine.js';
import { OCP_RULES } from '../../src/pipeline/engine/rules/index.js';
import { clusterArchive } from '../../src/tools/io-archive.js';
import { DVO_CHECKS_WITH_CONTENT } from '#contracts/dvo-checks.js';
import { DEMO_ORGS, demoFleet } from '../../src/tools/launcher/demo.js';

describe('demo fleet', () => {
  it('is deterministic, spans both orgs, and every rule of the pipeline hits somewhere in each org', async () => {
    const fleet = demoFleet();
    assert.deepEqual(
      fleet.map((c) => c.id),
      demoFleet().map((c) => c.id),
    );
    assert.equal(new Set(fleet.map((c) => c.id)).size, fleet.length);
    const versions = new Set<string>();
    const sizes = new Set<number>();
    const hitKeys = new Map<string, Set<string>>(DEMO_ORGS.map((o) => [o, new Set<string>()]));
    for (const c of fleet) {
      const files = await extractArchive(await clusterArchive(c.spec));
      const report = runRules(new Archive(files, new Date()), OCP_RULES);
      const keys = report.reports.map((h) => h.key);
      for (const k of keys) hitKeys.get(c.org)?.add(k);
      for (const t of c.triggers) assert.ok(keys.includes(t), `${c.id} (${c.triggers.join('+')}) hits ${t}: ${keys.join(', ')}`);
      versions.add(c.spec.version ?? '');
      sizes.add(c.spec.nodes?.length ?? 0);
    }
    const allKeys = OCP_RULES.flatMap((r) => r.keys).filter((k) => k !== 'CLUSTER_VERSION_INFO');
    for (const org of DEMO_ORGS) {
      assert.ok(fleet.some((c) => c.org === org));
      for (const k of allKeys) assert.ok(hitKeys.get(org)?.has(k), `org ${org}: ${k} hits somewhere`);
    }
    const checks = new Set(fleet.flatMap((c) => (c.spec.dvo ?? []).map((f) => f.check)));
    assert.deepEqual([...checks].sort(), [...DVO_CHECKS_WITH_CONTENT].sort(), 'every DVO check fails somewhere');
    assert.deepEqual(
      [...DVO_CHECKS_WITH_CONTENT].sort(),
      readdirSync(join(REPO_ROOT, 'content/external/dvo')).sort(),
      'the checks are those with content',
    );
    for (const org of DEMO_ORGS)
      assert.ok(
        fleet.some((c) => c.org === org && (c.spec.dvo ?? []).length > 0),
        `org ${org} has workloads`,
      );
    assert.ok(versions.size >= 6, `versions: ${[...versions].join(', ')}`);
    assert.ok(sizes.size >= 4, `node counts: ${[...sizes].join(', ')}`);
  });
});
