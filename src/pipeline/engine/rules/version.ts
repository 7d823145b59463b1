/** Rules over the cluster version (`config/version.json`): known bugs of some releases, and the version info item. */
import type { Archive } from '../archive.js';
import { type ClusterVersion, ClusterVersionParser, ProxyParser } from '../parsers.js';
import { need, type Rule } from '../rule.js';

/** `4.3.10` or `4.3.0-0.ci-...` -> [4, 3, 10]; null when not a release version. */
export function releaseOf(version: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** The version the cluster runs: the newest completed update, else the desired one. */
export function currentVersion(v: ClusterVersion): string {
  return v.history.find((h) => h.state === 'Completed')?.version ?? v.desired;
}

export const BUG_1766907_KCS = 'https://access.redhat.com/solutions/4631541';

/** A cluster-wide proxy on 4.2 (the releases the bug affects). */
export const bug1766907: Rule = {
  module: 'ccx_rules_ocp.external.bug_rules.bug_1766907',
  keys: ['BUGZILLA_BUG_1766907'],
  requires: [ProxyParser, ClusterVersionParser],
  run(archive) {
    if (!need(archive, ProxyParser).configured) return null;
    const release = releaseOf(currentVersion(need(archive, ClusterVersionParser)));
    if (release?.[0] !== 4 || release[1] !== 2) return null;
    return {
      type: 'rule',
      key: 'BUGZILLA_BUG_1766907',
      details: {},
      links: { kcs: [BUG_1766907_KCS], doc: [], bz: ['https://bugzilla.redhat.com/show_bug.cgi?id=1766907'] },
    };
  },
};

/** 4.3.8 to 4.3.12 with the update blocked (Upgradeable=False) because default SCCs were modified. */
export const bug1821905: Rule = {
  module: 'ccx_rules_ocp.external.bug_rules.bug_1821905',
  keys: ['BUGZILLA_BUG_1821905'],
  requires: [ClusterVersionParser],
  run(archive) {
    const version = need(archive, ClusterVersionParser);
    const release = releaseOf(currentVersion(version));
    if (release?.[0] !== 4 || release[1] !== 3 || release[2] < 8 || release[2] > 12) return null;
    const blocked = version.conditions.find(
      (c) => c.type === 'Upgradeable' && c.status === 'False' && /SecurityContextConstraints|SCC/i.test(`${c.reason} ${c.message}`),
    );
    if (!blocked) return null;
    return {
      type: 'rule',
      key: 'BUGZILLA_BUG_1821905',
      details: { desired: version.desired, versions: [...new Set(version.history.map((h) => h.version))] },
      links: { bz: ['https://bugzilla.redhat.com/show_bug.cgi?id=1821905'] },
    };
  },
};

/** `5 days 8 hours 42 minutes 51 seconds` (zero parts left out; `0 seconds` for none). */
export function durationText(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}

function updateTime(version: ClusterVersion, archive: Archive): string {
  const latest = version.history[0];
  const started = Date.parse(latest?.startedTime ?? '');
  if (!Number.isFinite(started)) return 'N/A';
  const ended = Date.parse(latest.completionTime);
  return durationText((Number.isFinite(ended) ? ended : archive.gatheredAt.getTime()) - started);
}

/** Info item, always: the current and desired versions and how long the latest update took (or has taken). */
export const versionInfo: Rule = {
  module: 'ccx_rules_ocp.ocp.version_info',
  keys: ['CLUSTER_VERSION_INFO'],
  requires: [ClusterVersionParser],
  run(archive) {
    const version = need(archive, ClusterVersionParser);
    const current = currentVersion(version);
    return {
      type: 'info',
      key: 'CLUSTER_VERSION_INFO',
      details: { current, desired: version.desired, update_time: updateTime(version, archive), version: current },
    };
  },
};

/** The tutorial rule: always hits (the consoles' example recommendation). */
export const tutorialRule: Rule = {
  module: 'ccx_rules_ocp.external.tutorial_rule',
  keys: ['TUTORIAL_ERROR'],
  requires: [],
  run: () => ({ type: 'rule', key: 'TUTORIAL_ERROR', details: {}, links: {} }),
};
