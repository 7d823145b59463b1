/** Every rule on archives the repo generates (test/helpers/io-archive.ts): one that hits, healthy ones that pass. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterArchive, DEFAULT_NODES, TRIGGERS } from '#test/helpers/io-archive.js';
import { extractArchive } from '../archive/extract.js';
import { Archive } from './archive.js';
import { runRules } from './engine.js';
import type { Rule } from './rule.js';
import { OCP_RULES } from './rules/index.js';

async function reportOf(spec: Parameters<typeof clusterArchive>[0], rules: readonly Rule[] = OCP_RULES) {
  const files = await extractArchive(await clusterArchive(spec));
  return runRules(new Archive(files, new Date('2024-08-28T00:00:00Z')), rules);
}

const keysOf = (r: Awaited<ReturnType<typeof reportOf>>) => r.reports.map((h) => h.key).sort();

describe('OCP rules', () => {
  it('a healthy cluster hits only the tutorial rule and has the version info item', async () => {
    const report = await reportOf({});
    assert.deepEqual(keysOf(report), ['TUTORIAL_ERROR']);
    assert.deepEqual(report.skips, []);
    assert.equal(report.info.length, 1);
    assert.equal(report.info[0].info_id, 'version_info|CLUSTER_VERSION_INFO');
    assert.deepEqual(report.info[0].details, {
      current: '4.17.3',
      desired: '4.17.3',
      update_time: '19 minutes 59 seconds',
      version: '4.17.3',
      type: 'info',
      info_key: 'CLUSTER_VERSION_INFO',
    });
  });

  for (const [key, spec] of Object.entries(TRIGGERS)) {
    it(`${key}: hits on its trigger archive, and only that rule besides the tutorial`, async () => {
      const report = await reportOf(spec);
      assert.deepEqual(keysOf(report), [key, 'TUTORIAL_ERROR'].sort());
      const hit = report.reports.find((h) => h.key === key);
      assert.ok(hit);
      const rule = OCP_RULES.find((r) => r.keys.includes(key));
      assert.ok(rule);
      assert.equal(hit.component, `${rule.module}.report`);
      assert.equal(hit.rule_id, `${rule.module.split('.').pop()}|${key}`);
      const details = hit.details as Record<string, unknown>;
      assert.equal(details.type, 'rule');
      assert.equal(details.error_key, key);
    });
  }

  it('NODES_MINIMUM_REQUIREMENTS_NOT_MET: GB, not GiB; both memory and CPU reported against the role minimum', async () => {
    const report = await reportOf(TRIGGERS.NODES_MINIMUM_REQUIREMENTS_NOT_MET);
    const details = report.reports.find((h) => h.key === 'NODES_MINIMUM_REQUIREMENTS_NOT_MET')?.details as { nodes: unknown[] };
    assert.deepEqual(details.nodes, [{ name: 'worker-small', role: 'worker', memory: 7.17, memory_req: 8, cpu: 1, cpu_req: 2 }]);
    // A master with a nominal 16 GiB (15986156Ki = 16.37 GB) and 4 vCPUs meets the minimum; 3 vCPUs does not.
    const cpuOnly = await reportOf({ nodes: [{ name: 'm', role: 'master', cpu: '3500m' }, ...DEFAULT_NODES.slice(3)] });
    const d2 = cpuOnly.reports.find((h) => h.key === 'NODES_MINIMUM_REQUIREMENTS_NOT_MET')?.details as { nodes: unknown[] };
    assert.deepEqual(d2.nodes, [{ name: 'm', role: 'master', cpu: 3.5, cpu_req: 4 }]);
  });

  it('NODE_KUBELET_VERSION lists the nodes that differ from the common version', async () => {
    const report = await reportOf(TRIGGERS.NODE_KUBELET_VERSION);
    const details = report.reports.find((h) => h.key === 'NODE_KUBELET_VERSION')?.details as Record<string, unknown>;
    assert.deepEqual(details.nodes_with_different_version, [{ Node: 'worker-old', 'Kubelet Version': 'v1.29.8', role: 'worker' }]);
  });

  it('AUTH_OPERATOR_PROXY_ERROR needs the proxy: the same degraded operator without a proxy passes', async () => {
    const spec = TRIGGERS.AUTH_OPERATOR_PROXY_ERROR;
    const report = await reportOf({ ...spec, proxy: undefined });
    assert.deepEqual(keysOf(report), ['TUTORIAL_ERROR']);
    const hit = (await reportOf(spec)).reports.find((h) => h.key === 'AUTH_OPERATOR_PROXY_ERROR');
    assert.ok(hit);
    const op = (hit.details as { op: Record<string, unknown> }).op;
    assert.equal(op.name, 'authentication');
    assert.deepEqual(op.degraded, {
      message: (spec.operators?.authentication[0].message as string) ?? '',
      reason: 'WellKnownEndpointDegradedError',
      status: true,
      last_trans_time: '2024-08-27T06:26:38Z',
    });
    assert.deepEqual(op.progressing, { message: null, reason: 'NoData', status: null, last_trans_time: null });
  });

  it('version rules pass outside their releases', async () => {
    assert.deepEqual(keysOf(await reportOf({ ...TRIGGERS.BUGZILLA_BUG_1766907, version: '4.3.0' })), ['TUTORIAL_ERROR']);
    assert.deepEqual(keysOf(await reportOf({ ...TRIGGERS.BUGZILLA_BUG_1821905, version: '4.3.13' })), ['TUTORIAL_ERROR']);
  });

  it('missing files make MISSING_REQUIREMENTS skips in upstream form', async () => {
    const files: Record<string, null> = { 'config/version.json': null };
    for (const n of DEFAULT_NODES) files[`config/node/${n.name}.json`] = null;
    const report = await reportOf({ files });
    const skipped = report.skips.map((s) => s.rule_fqdn);
    assert.ok(skipped.includes('ccx_rules_ocp.external.rules.nodes_requirements_check.report'));
    assert.ok(skipped.includes('ccx_rules_ocp.ocp.version_info.report'));
    assert.deepEqual(
      report.skips.find((s) => s.rule_fqdn === 'ccx_rules_ocp.external.rules.nodes_requirements_check.report'),
      {
        rule_fqdn: 'ccx_rules_ocp.external.rules.nodes_requirements_check.report',
        reason: 'MISSING_REQUIREMENTS',
        details: "All: ['ccx_ocp_core.models.nodes.Nodes'] Any: ",
        type: 'skip',
      },
    );
    assert.equal(report.info.length, 0);
  });

  it('a rule that throws becomes an EXCEPTION skip; the other rules still run', async () => {
    const throwing: Rule = {
      module: 'ccx_rules_ocp.external.rules.broken',
      keys: ['BROKEN'],
      requires: [],
      run: () => {
        throw new TypeError('boom');
      },
    };
    const failures: string[] = [];
    const files = await extractArchive(await clusterArchive({}));
    const report = runRules(new Archive(files), [throwing, ...OCP_RULES], {
      onRuleFailure: (r, reason) => failures.push(`${r.module}:${reason}`),
    });
    assert.deepEqual(report.skips, [
      { rule_fqdn: 'ccx_rules_ocp.external.rules.broken.report', reason: 'EXCEPTION', details: 'TypeError: boom', type: 'skip' },
    ]);
    assert.deepEqual(failures, ['ccx_rules_ocp.external.rules.broken:EXCEPTION']);
    assert.deepEqual(keysOf(report), ['TUTORIAL_ERROR']);
  });

  it('a rule over its time budget becomes a TIMEOUT skip', async () => {
    const slow: Rule = {
      module: 'ccx_rules_ocp.external.rules.slow',
      keys: ['SLOW'],
      requires: [],
      run: () => {
        const until = performance.now() + 30;
        while (performance.now() < until) {
          /* busy */
        }
        return { type: 'rule', key: 'SLOW', details: {} };
      },
    };
    const report = runRules(new Archive(new Map()), [slow], { ruleBudgetMs: 5 });
    assert.equal(report.reports.length, 0);
    assert.equal(report.skips[0].reason, 'TIMEOUT');
  });

  it('every error key a rule declares is one it can emit (each has a trigger or is always-on)', () => {
    const declared = OCP_RULES.flatMap((r) => r.keys).sort();
    assert.deepEqual(declared, [...Object.keys(TRIGGERS), 'CLUSTER_VERSION_INFO', 'TUTORIAL_ERROR'].sort());
  });
});
