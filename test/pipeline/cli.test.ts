/** `bin/ccx-data-pipeline` as shipped: help, and `analyze` on a generated archive (JSON and text). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/corpus.js';
import { clusterArchive, TRIGGERS } from '../helpers/io-archive.js';

const BIN = join(REPO_ROOT, 'bin/ccx-data-pipeline');
const run = (args: string[]) => spawnSync(BIN, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('bin/ccx-data-pipeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('help names the analyze command', () => {
    const res = run(['help']);
    assert.equal(res.status, 0);
    assert.match(res.stdout, /analyze PATH/);
  });

  it('analyze prints the report JSON, and a readable summary with --format text', async () => {
    const file = join(dir, 'kubelet.tar.gz');
    writeFileSync(file, await clusterArchive(TRIGGERS.NODE_KUBELET_VERSION));
    const json = run(['analyze', file]);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.reports.map((h: { key: string }) => h.key).sort(), ['NODE_KUBELET_VERSION', 'TUTORIAL_ERROR']);
    const text = run(['analyze', file, '--format', 'text']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /HIT {2}nodes_kubelet_version_check\|NODE_KUBELET_VERSION/);
  });

  it('analyze shows the DVO findings: workload_recommendations in the JSON, DVO lines in the text', async () => {
    const file = join(dir, 'dvo.tar.gz');
    const dvo = [
      { check: 'no_anti_affinity', namespaceUid: 'ns-1', uid: 'u-1', namespace: 'shop', name: 'api' },
      { check: 'unset_cpu_requirements', namespaceUid: 'ns-1', uid: 'u-2', kind: 'StatefulSet' },
    ];
    writeFileSync(file, await clusterArchive({ dvo }));
    const json = run(['analyze', file]);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(
      report.workload_recommendations.map((r: { key: string; workloads: { uid: string }[] }) => [r.key, r.workloads.map((w) => w.uid)]),
      [
        ['DVO_NO_ANTI_AFFINITY', ['u-1']],
        ['DVO_UNSET_CPU_REQUIREMENTS', ['u-2']],
      ],
    );
    const text = run(['analyze', file, '--format', 'text']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /, 2 DVO recommendation\(s\)\n/);
    assert.match(text.stdout, /DVO {2}no_anti_affinity\|DVO_NO_ANTI_AFFINITY: 1 workload\(s\)\n {5}Deployment shop\/api\n/);
    assert.match(text.stdout, /DVO {2}unset_cpu_requirements\|DVO_UNSET_CPU_REQUIREMENTS: 1 workload\(s\)\n {5}StatefulSet ns-1\/u-2\n/);

    const bad = join(dir, 'bad-dvo.tar.gz');
    writeFileSync(bad, await clusterArchive({ files: { 'config/dvo_metrics': 'deployment_validation_operator_x 1\n' } }));
    const refused = run(['analyze', bad]);
    assert.equal(refused.status, 0);
    assert.match(refused.stderr, /warning: DVO metrics refused: config\/dvo_metrics line 1: label\(s\) kind, namespace_uid, uid missing/);
    assert.equal(JSON.parse(refused.stdout).workload_recommendations, undefined);
  });

  it('analyze of a bad archive: exit 1 with the reason', () => {
    const file = join(dir, 'bad.tar.gz');
    writeFileSync(file, 'not an archive');
    const res = run(['analyze', file]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /not a gzip archive/);
  });
});
