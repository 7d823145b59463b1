/**
 * CPU of assembling the proxy's report and rule-list bodies (docs/performance.md, smart proxy):
 * `node --import tsx bench/proxy/assembly-cpu.ts` builds, in this process, a v2 report of 7 hits and a v2/rule
 * list of 50 rules, with the test fixture's short texts and with production-sized ones (about 2 KB per text,
 * with `<`, `>`, `&` to escape), the way the routes do now (reports/write.ts, v2/rules.ts: per-rule content
 * text kept per content generation) and, alternating in the same run, the way they did before (objects,
 * then goJson over the whole body) as the baseline. Prints µs per body, median (min-max) of 7 rounds.
 */
import { goJson } from '#common/http/envelope.js';
import { contentFixture } from '#test/helpers/proxy/content-fixture.js';
import { showSpread, spread } from '../stats.js';
import { ContentStore } from '../../src/smart-proxy/content/store.js';
import { mergeReport } from '../../src/smart-proxy/reports/merge.js';
import { writeReportData } from '../../src/smart-proxy/reports/write.js';
import { contentOut, ruleEntryJson } from '../../src/smart-proxy/v2/rules.js';

function compare(label: string, iterations: number, after: () => string, before: () => string): void {
  const times: Record<'after' | 'before', number[]> = { after: [], before: [] };
  const fns = [
    ['after', after],
    ['before', before],
  ] as const;
  if (after() !== before().slice(0, after().length)) throw new Error(`${label}: the two ways give different bytes`);
  for (const [, fn] of fns) for (let i = 0; i < iterations; i++) fn();
  for (let r = 0; r < 7; r++) {
    for (const [name, fn] of fns) {
      const t = process.cpuUsage();
      for (let i = 0; i < iterations; i++) fn();
      const u = process.cpuUsage(t);
      times[name].push((u.user + u.system) / iterations);
    }
  }
  const fmt = (xs: number[]) => showSpread(spread(xs), (n) => n.toFixed(1));
  console.log(`${label} (${after().length} bytes): before ${fmt(times.before)} µs, after ${fmt(times.after)} µs`);
}

for (const big of [false, true]) {
  const dir = contentFixture();
  if (big) {
    const text = 'Lorem ipsum dolor sit amet, <b>consectetur</b> & adipiscing elit. '.repeat(30);
    for (const rule of Object.values(dir.Rules)) {
      for (const ek of Object.values(rule.error_keys))
        Object.assign(ek, { generic: text, reason: text, resolution: text, more_info: text });
    }
  }
  const store = new ContentStore(dir);
  const external = [...store.byComposite.values()].filter((r) => !r.internal);
  const hits = Array.from({ length: 7 }, (_, i) => external[i % external.length]).map((r, i) => ({
    component: `${r.module}.report`,
    key: r.error_key,
    user_vote: 0,
    disabled: false,
    disable_feedback: '',
    disabled_at: '',
    details: { error_key: r.error_key, type: 'rule', nodes: [{ name: `node-${i}`, role: 'worker' }] },
    impacted: '2024-04-30T08:00:00Z',
  }));
  const opts = { managed: false, getDisabled: false, withImpacted: true, acked: new Set<string>() };
  const texts = big ? 'texts of about 2 KB' : 'fixture texts';
  compare(
    `v2 report data, 7 hits, ${texts}`,
    2000,
    () => writeReportData(hits, store, opts).data,
    () => goJson(mergeReport(hits, store, opts).data),
  );
  const list = Array.from({ length: 50 }, (_, i) => external[i % external.length]);
  compare(
    `v2/rule body, 50 rules, ${texts}`,
    big ? 200 : 2000,
    () => `{"recommendations":[${list.map((c, i) => ruleEntryJson(c, i % 2 === 0, i)).join(',')}],"status":"ok"}\n`,
    () =>
      goJson({
        recommendations: list.map((c, i) => ({
          ...contentOut(c),
          resolution_risk: c.resolution_risk,
          disabled: i % 2 === 0,
          impacted_clusters_count: i,
        })),
        status: 'ok',
      }),
  );
}
