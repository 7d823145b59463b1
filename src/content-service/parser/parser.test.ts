import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MISSING_MANDATORY_ATTRIBUTES } from '#contracts/content.js';
import { CONFIG_YAML, GOOD_TREE, GROUPS_YAML, removeTree, type TreeFiles, writeTree } from '../test-helpers/trees.js';
import { ContentTreeError, parseContentTree } from './parse.js';
import { GroupsFileError, parseGroupsFile } from './groups.js';
import { GoYamlError, unmarshalStruct } from './go-yaml.js';

const roots: string[] = [];
after(() => roots.forEach(removeTree));
const tree = (files: TreeFiles) => {
  const root = writeTree(files);
  roots.push(root);
  return root;
};
const good = tree(GOOD_TREE);

describe('content parser: a good tree', () => {
  const parsed = parseContentTree(good);

  it('finds rules at any depth under external/ and internal/, and ignores ocs/', () => {
    assert.deepEqual(parsed.status, {
      node_pressure: { type: 'external', loaded: true, error: '' },
      build_cache: { type: 'internal', loaded: true, error: '' },
    });
    assert.deepEqual(Object.keys(parsed.content.Rules).sort(), ['build_cache', 'node_pressure']);
  });

  it('reads config.yaml (a null key is the empty name) and maps impact and resolution-risk names', () => {
    assert.deepEqual(parsed.content.Config.impact, { 'Cluster Outage': 4, 'Slow Builds': 2, Hygiene: 1, '': 1 });
    assert.deepEqual(parsed.content.Config.resolution_risk, { 'Node Reboot': 2, 'Config Tweak': 1 });
    const md = parsed.content.Rules.node_pressure!.error_keys.MEMORY_LOW!.metadata;
    assert.deepEqual(md, {
      description: 'A node is low on memory',
      impact: { name: 'Cluster Outage', impact: 4 },
      likelihood: 3,
      publish_date: '2024-05-06 07:08:09',
      resolution_risk: 2,
      status: 'active',
      tags: ['performance', 'openshift'],
    });
  });

  it('copies plugin-level texts into error keys whose own text is empty; error-key files win', () => {
    const rule = parsed.content.Rules.node_pressure!;
    assert.equal(rule.generic, '');
    assert.equal(rule.reason, 'Node {{=pt.node}} is under pressure.\n');
    assert.equal(rule.error_keys.MEMORY_LOW!.reason, 'Node {{=pt.node}} is under pressure.\n');
    assert.equal(rule.error_keys.DISK_LOW!.reason, 'Disk of {{=pt.node}} is {{=pt.used}}% full.\n');
    assert.equal(rule.error_keys.DISK_LOW!.resolution, 'Add memory or move workloads away.\n');
    assert.equal(rule.error_keys.DISK_LOW!.generic, 'Disk space on a node is nearly exhausted.\n');
    assert.equal(parsed.content.Rules.build_cache!.error_keys.COLD!.generic, 'The build cache is cold.\n');
    assert.deepEqual(rule.plugin, {
      name: 'ccx_rules_ocp.external.rules.node_pressure check',
      node_id: '',
      product_code: 'OCP4',
      python_module: 'ccx_rules_ocp.external.rules.node_pressure',
    });
  });

  it('HasReason is always true, total_risk 0, keys in Go field order', () => {
    const ek = parsed.content.Rules.node_pressure!.error_keys.MEMORY_LOW!;
    assert.equal(ek.HasReason, true);
    assert.equal(ek.total_risk, 0);
    assert.deepEqual(Object.keys(ek), ['metadata', 'total_risk', 'generic', 'summary', 'resolution', 'more_info', 'reason', 'HasReason']);
    assert.deepEqual(Object.keys(parsed.content.Rules.node_pressure!), [
      'plugin',
      'error_keys',
      'generic',
      'summary',
      'resolution',
      'more_info',
      'reason',
      'HasReason',
    ]);
  });

  it('an impact name missing from config.yaml gives 0 and a warning', () => {
    const root = tree({ ...GOOD_TREE, 'external/rules/node_pressure/DISK_LOW/metadata.yaml': 'impact: Unheard Of\nlikelihood: 1\n' });
    const p = parseContentTree(root);
    assert.deepEqual(p.content.Rules.node_pressure!.error_keys.DISK_LOW!.metadata.impact, { name: 'Unheard Of', impact: 0 });
    assert.equal(p.status.node_pressure!.loaded, true);
    assert.match(p.warnings.join('\n'), /impact 'Unheard Of'/);
  });
});

describe('content parser: a broken rule is left out, the others stay', () => {
  const cases: [string, TreeFiles, string][] = [
    ['metadata.yaml missing', { 'external/rules/node_pressure/DISK_LOW/metadata.yaml': '' }, 'Missing required file: metadata.yaml'],
    [
      'metadata.yaml syntax error',
      { 'external/rules/node_pressure/DISK_LOW/metadata.yaml': '# a\n\n@bad\n' },
      'yaml: line 2: found character that cannot start any token',
    ],
    [
      'plugin.yaml syntax error',
      { 'external/rules/node_pressure/plugin.yaml': 'name: x\n\tpython_module: y\n' },
      'yaml: line 1: found character that cannot start any token',
    ],
    [
      'metadata.yaml type error',
      { 'external/rules/node_pressure/DISK_LOW/metadata.yaml': 'description: d\nlikelihood: high\ntags: solo\n' },
      'yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `high` into int\n  line 3: cannot unmarshal !!str `solo` into []string',
    ],
    ['no generic anywhere', { 'external/rules/node_pressure/DISK_LOW/generic.md': '' }, MISSING_MANDATORY_ATTRIBUTES],
    ['no reason anywhere', { 'external/rules/node_pressure/reason.md': '' }, MISSING_MANDATORY_ATTRIBUTES],
    [
      'bad error-key name',
      {
        'external/rules/node_pressure/BAD-NAME/generic.md': 'g',
        'external/rules/node_pressure/BAD-NAME/metadata.yaml': 'impact: Hygiene\n',
      },
      MISSING_MANDATORY_ATTRIBUTES,
    ],
  ];
  for (const [title, change, error] of cases) {
    it(title, () => {
      const files = { ...GOOD_TREE, ...change };
      for (const [k, v] of Object.entries(change)) if (v === '' && k.endsWith('metadata.yaml')) delete files[k];
      const p = parseContentTree(tree(files));
      assert.deepEqual(p.status.node_pressure, { type: 'external', loaded: false, error });
      assert.equal(p.content.Rules.node_pressure, undefined);
      assert.equal(p.status.build_cache!.loaded, true);
      assert.ok(p.content.Rules.build_cache);
    });
  }

  it('the same rule name in external/ and internal/: the internal one (parsed later) wins', () => {
    const p = parseContentTree(
      tree({
        ...GOOD_TREE,
        'internal/node_pressure/plugin.yaml': 'name: dup\n',
        'internal/node_pressure/E/metadata.yaml': 'impact: Hygiene\n',
      }),
    );
    assert.deepEqual(p.status.node_pressure, { type: 'internal', loaded: false, error: MISSING_MANDATORY_ATTRIBUTES });
    assert.equal(p.content.Rules.node_pressure, undefined);
    assert.match(p.warnings.join('\n'), /already found/);
  });

  it('a plugin.yaml that is a directory does not make a rule', () => {
    const root = tree({ 'config.yaml': CONFIG_YAML, 'internal/.keep': '' });
    mkdirSync(join(root, 'external/odd/plugin.yaml'), { recursive: true });
    assert.deepEqual(parseContentTree(root).status, {});
  });
});

describe('content parser: an unusable tree fails as a whole (exit 2)', () => {
  const fails = (files: TreeFiles, message: (root: string) => string) => {
    const root = tree(files);
    assert.throws(
      () => parseContentTree(root),
      (err: Error) => err instanceof ContentTreeError && err.message === message(root),
    );
  };
  it('no config.yaml, no external/, no internal/, a broken config.yaml, a missing root', () => {
    fails({ 'external/.keep': '', 'internal/.keep': '' }, (r) => `open ${r}/config.yaml: no such file or directory`);
    fails({ 'config.yaml': CONFIG_YAML, 'internal/.keep': '' }, (r) => `open ${r}/external: no such file or directory`);
    fails({ 'config.yaml': CONFIG_YAML, 'external/.keep': '' }, (r) => `open ${r}/internal: no such file or directory`);
    fails(
      { 'config.yaml': 'impact: [1\n', 'external/.keep': '', 'internal/.keep': '' },
      () => 'yaml: line 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    assert.throws(() => parseContentTree('/nonexistent/tree/'), {
      message: 'open /nonexistent/tree/config.yaml: no such file or directory',
    });
  });
  it('an empty but well-formed tree parses to no rules', () => {
    const p = parseContentTree(tree({ 'config.yaml': CONFIG_YAML, 'external/.keep': '', 'internal/.keep': '' }));
    assert.deepEqual(p.content.Rules, {});
    assert.deepEqual(p.status, {});
  });
});

describe('go-yaml decoding', () => {
  const F = { s: 'string', i: 'int', l: '[]string' } as const;
  it('scalars keep their text in string fields; null is zero; unknown keys are ignored', () => {
    assert.deepEqual(unmarshalStruct('s: 5\ni: ~\nl: [a, 1]\nother: x\n', 'T', F), { s: '5', i: 0, l: ['a', '1'] });
    assert.deepEqual(unmarshalStruct('# nothing\n', 'T', F), { s: '', i: 0, l: [] });
  });
  it('type errors in go-yaml words (long values cut at 7 characters)', () => {
    assert.throws(() => unmarshalStruct('i: 1.5\ns: {a: 1}\n', 'T', F), {
      message: 'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!float `1.5` into int\n  line 2: cannot unmarshal !!map into string',
    });
    assert.throws(() => unmarshalStruct('i: averyverylongvalue\n', 'T', F), {
      message: 'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `averyve...` into int',
    });
    assert.throws(
      () => unmarshalStruct('- a\n', 'pkg.T', F),
      (e: Error) => e instanceof GoYamlError && e.message.endsWith('cannot unmarshal !!seq into pkg.T'),
    );
  });
});

describe('groups file', () => {
  it('is served as {title, description, tags} in file order', () => {
    const root = tree({ 'groups.yaml': GROUPS_YAML });
    const groups = parseGroupsFile(join(root, 'groups.yaml'));
    assert.equal(groups.length, 5);
    assert.deepEqual(groups[0], {
      title: 'Service Availability',
      description: 'Components that stop working or degrade.',
      tags: ['service_availability'],
    });
    assert.deepEqual(
      groups.map((g) => g.tags[0]),
      ['service_availability', 'security', 'fault_tolerance', 'performance', 'best_practices'],
    );
  });
  it('a missing or broken file is a GroupsFileError', () => {
    const root = tree({ 'bad.yaml': 'a: [\n' });
    assert.throws(() => parseGroupsFile(join(root, 'none.yaml')), GroupsFileError);
    assert.throws(() => parseGroupsFile(join(root, 'bad.yaml')), GroupsFileError);
  });
});
