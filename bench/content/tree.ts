/** A generated rule-content tree for the benchmark: `rules` rules of `keys` error keys, texts of a realistic size. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const para = (seed: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${seed} sentence ${i} with {{=pt.detail_${i}}} and some words.`).join(' ');

export function generateTree(root: string, rules: number, keys: number): void {
  const impacts = ['Cluster Outage', 'Slow Builds', 'Hygiene', 'Data Loss'];
  writeFileSync(
    join(root, 'config.yaml'),
    `impact:\n${impacts.map((n, i) => `  ${n}: ${i + 1}`).join('\n')}\nresolution_risk:\n  Node Reboot: 2\n  Config Tweak: 1\n`,
  );
  mkdirSync(join(root, 'internal'), { recursive: true });
  for (let r = 0; r < rules; r++) {
    const dir = join(root, 'external', `group_${r % 20}`, `rule_${r}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'plugin.yaml'),
      `name: Rule ${r}\nnode_id: null\nproduct_code: OCP4\npython_module: ccx_rules_ocp.external.rules.rule_${r}\n`,
    );
    writeFileSync(join(dir, 'summary.md'), `${para(`Summary of rule ${r}`, 3)}\n`);
    writeFileSync(join(dir, 'reason.md'), `${para(`Reason of rule ${r}`, 8)}\n`);
    writeFileSync(join(dir, 'resolution.md'), `${para(`Resolution of rule ${r}`, 10)}\n`);
    writeFileSync(join(dir, 'more_info.md'), `${para(`More info of rule ${r}`, 2)}\n`);
    for (let k = 0; k < keys; k++) {
      const ek = join(dir, `RULE_${r}_KEY_${k}`);
      mkdirSync(ek);
      writeFileSync(join(ek, 'generic.md'), `${para(`Generic of key ${k}`, 4)}\n`);
      writeFileSync(
        join(ek, 'metadata.yaml'),
        `description: Rule ${r} key ${k}\nimpact: ${impacts[(r + k) % impacts.length]}\nlikelihood: ${(r + k) % 4}\npublish_date: '2024-01-02 03:04:05'\nstatus: active\nresolution_risk: Node Reboot\ntags: [performance, openshift]\n`,
      );
    }
  }
}
