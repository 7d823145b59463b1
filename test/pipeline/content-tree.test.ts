/**
 * The shipped rule content (`content/` at the repository root) parses with the content service's parser
 * without any error or warning, and describes every error key the pipeline's rules can emit, under the
 * rule's own module (`plugin.python_module`).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuleErrorKeyContent } from '#contracts/content.js';
import { parseContentTree } from '../../src/content-service/parser/parse.js';
import { OCP_RULES } from '../../src/pipeline/engine/rules/index.js';
import { DVO_CHECKS_WITH_CONTENT } from '#contracts/dvo-checks.js';
import { dvoKey, dvoModule } from '../../src/pipeline/dvo/recommendations.js';
import { REPO_ROOT } from '../helpers/corpus.js';

describe('content/ (the pipeline rules content)', () => {
  const parsed = parseContentTree(join(REPO_ROOT, 'content'));

  it('parses with no errors or warnings', () => {
    assert.deepEqual(parsed.warnings, []);
    const broken = Object.entries(parsed.status).filter(([, s]) => !s.loaded);
    assert.deepEqual(broken, []);
  });

  it('covers every error key of every rule, with its module, texts and known impact/risk names', () => {
    const rules = Object.values(parsed.content.Rules);
    const dvo = DVO_CHECKS_WITH_CONTENT.map((check) => ({ module: dvoModule(check), keys: [dvoKey(check)] }));
    for (const rule of [...OCP_RULES, ...dvo]) {
      const content = rules.find((r) => r.plugin.python_module === rule.module);
      assert.ok(content, `no content for ${rule.module}`);
      for (const key of rule.keys) {
        const ek: RuleErrorKeyContent | undefined = content.error_keys[key];
        assert.ok(ek, `no error key ${key} in ${rule.module}`);
        assert.ok(ek.generic.trim() !== '' && ek.reason.trim() !== '', key);
        assert.ok(ek.metadata.impact.impact > 0, `${key}: impact name not in config.yaml`);
        assert.ok(ek.metadata.resolution_risk > 0, `${key}: resolution risk name not in config.yaml`);
        assert.equal(ek.metadata.status, 'active');
      }
      assert.deepEqual(Object.keys(content.error_keys).sort(), [...rule.keys].sort());
    }
  });
});
