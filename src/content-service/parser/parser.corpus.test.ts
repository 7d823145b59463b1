// @requires corpus
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '#test/helpers/corpus.js';
import { MISSING_MANDATORY_ATTRIBUTES, type RuleParseStatus } from '#contracts/content.js';
import { ContentTreeError, parseContentTree } from './parse.js';

const TREES = join(CORPUS_DIR, 'content');
const YAML_TOKEN = 'yaml: line 14: found character that cannot start any token';
const ok = (type: RuleParseStatus['type']): RuleParseStatus => ({ type, loaded: true, error: '' });
const failed = (type: RuleParseStatus['type'], error: string): RuleParseStatus => ({ type, loaded: false, error });

/** The defined outcome of every tree of the corpus (spec 1.4): the status map, or the tree error. */
const OUTCOMES: Record<string, Record<string, RuleParseStatus> | string> = {
  ok: { rule1: ok('external'), rule2: ok('internal') },
  ok_missing_summary_md: { rule1: ok('external'), rule2: ok('internal') },
  ok_no_content: {},
  ok_only_ek_level: { rule1: ok('external'), rule2: ok('internal') },
  ok_only_plugin_level: { rule1: ok('external'), rule2: ok('internal') },
  // status is not validated by the content service (the proxy does it)
  bad_metadata_status: { rule1: ok('external'), rule2: ok('internal') },
  bad_metadata: { rule1: failed('external', YAML_TOKEN), rule2: failed('internal', YAML_TOKEN) },
  bad_plugin: { rule1: failed('external', YAML_TOKEN), rule2: failed('internal', YAML_TOKEN) },
  missing: {
    rule2: failed('external', 'Missing required file: metadata.yaml'),
    rule3: failed('internal', 'Missing required file: metadata.yaml'),
  },
  no_generic: { rule1: failed('external', MISSING_MANDATORY_ATTRIBUTES), rule2: failed('internal', MISSING_MANDATORY_ATTRIBUTES) },
  // the same name in external/ and internal/: the internal one, parsed later, wins
  no_reason: { rule1: failed('internal', MISSING_MANDATORY_ATTRIBUTES) },
  no_external: 'open {root}/external: no such file or directory',
  no_internal: 'open {root}/internal: no such file or directory',
};

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
