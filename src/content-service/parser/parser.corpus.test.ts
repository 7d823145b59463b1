// @requires corpus
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '#test/helpers/corpus.js';
import { ContentTreeError, parseContentTree } from './parse.js';
import { OUTCOMES } from '../test-helpers/corpus-outcomes.js';

const TREES = join(CORPUS_DIR, 'content');
describe('content parser against every tree of the corpus (content/)', () => {
  it('the table covers every tree', () => {
    assert.deepEqual(readdirSync(TREES).sort(), Object.keys(OUTCOMES).sort());
  });

  for (const [name, outcome] of Object.entries(OUTCOMES)) {
    it(name, () => {
      const root = join(TREES, name);
      if (typeof outcome === 'string') {
        assert.throws(
          () => parseContentTree(root),
          (err: Error) => err instanceof ContentTreeError && err.message === outcome.replace('{root}', root),
        );
        return;
      }
      const parsed = parseContentTree(root);
      assert.deepEqual(parsed.status, outcome);
      const loaded = Object.keys(outcome).filter((rule) => outcome[rule]!.loaded);
      assert.deepEqual(Object.keys(parsed.content.Rules).sort(), loaded.sort());
    });
  }

  it('fill-in between levels on the corpus trees', () => {
    const plugin = parseContentTree(join(TREES, 'ok_only_plugin_level')).content.Rules.rule1!;
    const ek = parseContentTree(join(TREES, 'ok_only_ek_level')).content.Rules.rule1!;
    assert.notEqual(plugin.generic, '');
    assert.equal(plugin.error_keys.err_key!.generic, plugin.generic);
    assert.equal(plugin.error_keys.err_key!.reason, plugin.reason);
    assert.equal(ek.generic, '');
    assert.notEqual(ek.error_keys.err_key!.generic, '');
    assert.equal(parseContentTree(join(TREES, 'ok_missing_summary_md')).content.Rules.rule1!.summary, '');
    const status = parseContentTree(join(TREES, 'bad_metadata_status')).content.Rules.rule1!.error_keys.err_key!.metadata;
    assert.equal(status.status, 'bad-status');
    assert.deepEqual(parseContentTree(join(TREES, 'ok')).content.Rules.rule1!.error_keys.err_key!.metadata.impact, {
      name: 'Two',
      impact: 2,
    });
  });
});
