/** The defined outcome of every tree of the corpus' `content/` (spec 1.4), for the corpus suites. */
import { MISSING_MANDATORY_ATTRIBUTES, type RuleParseStatus } from '#contracts/content.js';

const YAML_TOKEN = 'yaml: line 14: found character that cannot start any token';
const ok = (type: RuleParseStatus['type']): RuleParseStatus => ({ type, loaded: true, error: '' });
const failed = (type: RuleParseStatus['type'], error: string): RuleParseStatus => ({ type, loaded: false, error });

/** The defined outcome of every tree of the corpus (spec 1.4): the status map, or the tree error. */
export const OUTCOMES: Record<string, Record<string, RuleParseStatus> | string> = {
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
