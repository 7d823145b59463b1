/**
 * DVO samples -> the `workload_recommendations` of spec 5, in the shape the db-writer's DVO path and the
 * aggregator's namespace routes read (`#contracts/results.js` WorkloadRecommendation): one recommendation per
 * failed check, its workloads (deduplicated by kind and uid, in file order), a few samples in `details`, and
 * the documentation links the check's remediation text names. Pure.
 */
import type { DvoWorkload, WorkloadRecommendation } from '#contracts/results.js';
import type { DvoSample } from './metrics-file.js';

/** Where the DVO recommendations' content lives (`content/external/dvo/<check>/`). */
export const DVO_MODULE_PREFIX = 'ccx_rules_ocp.external.dvo';
/** `details.samples` holds at most this many workloads (the full list is `workloads`). */
export const MAX_SAMPLES = 3;

/** `unset_cpu_requirements` -> `ccx_rules_ocp.external.dvo.unset_cpu_requirements`. */
export const dvoModule = (check: string) => `${DVO_MODULE_PREFIX}.${check}`;
/** `unset_cpu_requirements` -> `DVO_UNSET_CPU_REQUIREMENTS`. */
export const dvoKey = (check: string) => `DVO_${check.toUpperCase()}`;

const URL_PATTERN = /https?:\/\/[^\s"'<>)]+/g;

function urlsOf(text: string | undefined): string[] {
  const found = (text ?? '').match(URL_PATTERN) ?? [];
  return [...new Set(found.map((u) => u.replace(/[.,;:]+$/, '')))];
}

export function workloadRecommendations(samples: readonly DvoSample[]): WorkloadRecommendation[] {
  const byCheck = new Map<string, DvoSample[]>();
  for (const s of samples) {
    const list = byCheck.get(s.check);
    if (list) list.push(s);
    else byCheck.set(s.check, [s]);
  }
  const out: WorkloadRecommendation[] = [];
  for (const check of [...byCheck.keys()].sort()) {
    const list = byCheck.get(check) as DvoSample[];
    const seen = new Set<string>();
    const workloads: DvoWorkload[] = [];
    for (const { labels } of list) {
      const id = `${labels.kind}\u0000${labels.uid}`;
      if (seen.has(id)) continue;
      seen.add(id);
      workloads.push({
        namespace: labels.namespace ?? '',
        namespace_uid: labels.namespace_uid,
        kind: labels.kind,
        name: labels.name ?? '',
        uid: labels.uid,
      });
    }
    const docs = urlsOf(list.find((s) => s.labels.check_remediation)?.labels.check_remediation);
    const key = dvoKey(check);
    out.push({
      response_id: `${check}|${key}`,
      component: `${dvoModule(check)}.recommendation`,
      key,
      details: {
        check_name: check,
        check_url: docs[0] ?? '',
        samples: workloads.slice(0, MAX_SAMPLES).map((w) => ({ namespace_uid: w.namespace_uid, kind: w.kind, uid: w.uid })),
      },
      tags: [],
      links: { jira: [], product_documentation: docs },
      workloads,
    });
  }
  return out;
}
