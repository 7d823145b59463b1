/**
 * The report, rule-list and cluster-list bodies written as text (write.ts, v2/rules.ts, v2/cluster-list.ts)
 * are byte for byte what `goJson` gave for the objects the routes built before (mergeReport, the rule
 * entry object, and the cluster list's rows as the route built them, kept here as the reference), and a
 * new content generation is never served the old generation's text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleHitJson } from '#contracts/aggregator-api.js';
import { goJson } from '#common/http/envelope.js';
import {
  BUG,
  BUG_EK,
  contentFixture,
  DVO,
  DVO_EK,
  NOCONTENT,
  NOCONTENT_EK,
  NODES,
  NODES_EK,
  SECRET,
  SECRET_EK,
} from '#test/helpers/proxy/content-fixture.js';
import type { ClusterInfo } from '../ams/client.js';
import { ContentStore } from '../content/store.js';
import { writeClusterList } from '../v2/cluster-list.js';
import { contentOut, ruleEntryJson } from '../v2/rules.js';
import { rfc3339 } from '../v2/rfc3339.js';
import type { ClusterRecommendations } from '../v1/overview.js';
import { type MergeOptions, mergeReport } from './merge.js';
import { writeReportData } from './write.js';

const hit = (component: string, key: string, more: Partial<RuleHitJson> = {}): RuleHitJson => ({
  component: `${component}.report`,
  key,
  user_vote: 0,
  disabled: false,
  disable_feedback: '',
  disabled_at: '',
  details: { error_key: key, type: 'rule' },
  impacted: '2024-04-30T08:00:00Z',
  ...more,
});

const HITS: RuleHitJson[] = [
  hit(NODES, NODES_EK, {
    user_vote: 1,
    details: { nodes: [{ name: 'a<b>&c', memory: 8.5, roles: ['worker'] }], text: 'line\u2028sep \ud800' },
  }),
  hit(BUG, BUG_EK, {
    disabled: true,
    disable_feedback: 'not <relevant> & done',
    disabled_at: '2024-05-01T00:00:00Z',
    impacted: '0001-01-01T00:00:00Z',
  }),
  hit(SECRET, SECRET_EK, { user_vote: -1, impacted: 'not a time' }),
  hit(NOCONTENT, NOCONTENT_EK),
  hit(DVO, DVO_EK, { details: undefined, impacted: undefined }),
  hit(NODES, 'NO_SUCH_KEY', { details: 'a base64 string' }),
  hit(BUG, BUG_EK, {
    disable_feedback: 'quote " backslash \\ tab \t del \u007f emoji 😀 é',
    user_vote: -0,
    details: [1.5, -0, 1e21, null, true],
  }),
];

function options(): MergeOptions[] {
  const out: MergeOptions[] = [];
  for (const managed of [false, true])
    for (const getDisabled of [false, true])
      for (const withImpacted of [false, true])
        for (const acked of [new Set<string>(), new Set([`${DVO}|${DVO_EK}`, `${NODES}|${NODES_EK}`])])
          out.push({ managed, getDisabled, withImpacted, acked });
  return out;
}

describe('report data written as text', () => {
  const store = new ContentStore(contentFixture());

  it('equals goJson of the merged objects for every filter combination', () => {
    const hitSets = [HITS, [], [hit(NOCONTENT, NOCONTENT_EK)], [HITS[1]], HITS.slice().reverse()];
    for (const hits of hitSets) {
      for (const opts of options()) {
        const expected = mergeReport(hits, store, opts);
        const written = writeReportData(hits, store, opts);
        assert.equal(written.data, goJson(expected.data).slice(0, -1), JSON.stringify({ n: hits.length, ...opts, acked: [...opts.acked] }));
        assert.equal(written.count, expected.count);
      }
    }
  });

  it('writes the contract text of a hit', () => {
    const { data, count } = writeReportData([hit(BUG, BUG_EK, { details: { error_key: BUG_EK, type: 'rule' } })], store, {
      managed: false,
      getDisabled: false,
      withImpacted: true,
      acked: new Set(),
    });
    assert.equal(count, 1);
    assert.equal(
      data,
      '[{"rule_id":"ccx_rules_ocp.external.bug_rules.bug_1821905.report","created_at":"2020-04-08T00:42:00Z",' +
        '"description":"Cluster upgrade will fail when default SCC gets changed",' +
        '"details":"Generic text of Cluster upgrade will fail when default SCC gets changed.\\n","reason":"some reason\\n",' +
        '"resolution":"some resolution\\n","more_info":"more info \\u003chttps://docs.openshift.com/\\u003e\\n","total_risk":4,' +
        '"disabled":false,"disable_feedback":"","disabled_at":"","internal":false,"user_vote":0,' +
        '"extra_data":{"error_key":"BUGZILLA_BUG_1821905","type":"rule"},"tags":["openshift","osd_customer","service_availability"],' +
        '"impacted":"2024-04-30T08:00:00Z"}]',
    );
  });

  it('a new content generation is written with its own texts', () => {
    const changed = contentFixture();
    const rule = changed.Rules.bug_1821905.error_keys[BUG_EK];
    rule.metadata.description = 'A new description';
    const opts: MergeOptions = { managed: false, getDisabled: true, withImpacted: true, acked: new Set() };
    const before = writeReportData(HITS, store, opts).data;
    const next = new ContentStore(changed);
    const after = writeReportData(HITS, next, opts).data;
    assert.notEqual(after, before);
    assert.ok(after.includes('"description":"A new description"'));
    assert.equal(after, goJson(mergeReport(HITS, next, opts).data).slice(0, -1));
    assert.equal(writeReportData(HITS, store, opts).data, before, 'the old generation keeps its text');
  });
});

/** The cluster list as the route built it before (objects, then goJson). */
function referenceClusterList(
  clusters: ClusterInfo[],
  recs: ClusterRecommendations,
  acked: Set<string>,
  disabled: Map<string, Set<string>>,
  store: ContentStore,
): string {
  const data = clusters.map((c) => {
    const hits = store.zeroSeverities();
    let total = 0;
    const entry = recs.clusters?.[c.cluster_id];
    const row: Record<string, unknown> = { cluster_id: c.cluster_id, cluster_name: c.display_name, managed: c.managed };
    if (entry) {
      for (const ruleId of entry.recommendations ?? []) {
        if (acked.has(ruleId) || disabled.get(c.cluster_id)?.has(ruleId)) continue;
        const severity = store.externalSeverities.get(ruleId);
        if (severity === undefined) continue;
        if (c.managed && !store.byComposite.get(ruleId)?.osd_customer) continue;
        hits[severity] = (hits[severity] ?? 0) + 1;
        total++;
      }
      row.last_checked_at = rfc3339(entry.created_at);
    }
    row.total_hit_count = total;
    row.hits_by_total_risk = hits;
    if (entry?.meta?.cluster_version !== undefined) row.cluster_version = entry.meta.cluster_version;
    return row;
  });
  return goJson({ data, meta: { count: data.length }, status: 'ok' });
}

describe('v2 cluster list written as text', () => {
  const store = new ContentStore(contentFixture());
  const id = (i: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const all = [`${NODES}|${NODES_EK}`, `${BUG}|${BUG_EK}`, `${DVO}|${DVO_EK}`, `${SECRET}|${SECRET_EK}`, `${NOCONTENT}|${NOCONTENT_EK}`];
  const clusters: ClusterInfo[] = Array.from({ length: 12 }, (_, i) => ({
    cluster_id: id(i),
    display_name: i === 3 ? 'A & <B>' : `cluster ${i}`,
    managed: i % 4 === 0,
    status: 'Active',
  }));
  const recs: ClusterRecommendations = {
    clusters: Object.fromEntries(
      clusters
        .filter((_, i) => i % 5 !== 2)
        .map((c, i) => [
          c.cluster_id,
          {
            created_at: i % 3 === 0 ? '2024-05-02T10:11:12.123456Z' : '2024-02-30T10:11:12Z',
            recommendations: i % 6 === 5 ? null : all.slice(i % 3),
            ...(i % 4 === 1 ? {} : { meta: i % 4 === 2 ? {} : { cluster_version: i % 4 === 3 ? '' : '4.16.0' } }),
          },
        ]),
    ),
  };

  it('equals goJson of the rows the route built, with acks and per-cluster disables', () => {
    const acked = new Set([`${DVO}|${DVO_EK}`]);
    const disabled = new Map([[id(1), new Set([`${NODES}|${NODES_EK}`])]]);
    for (const [a, d] of [
      [new Set<string>(), new Map<string, Set<string>>()],
      [acked, disabled],
    ] as const) {
      assert.equal(writeClusterList(clusters, recs, a, d, store).raw, referenceClusterList(clusters, recs, a, d, store));
    }
    assert.equal(writeClusterList([], recs, acked, disabled, store).raw, '{"data":[],"meta":{"count":0},"status":"ok"}\n');
    assert.equal(
      writeClusterList(clusters, { clusters: null }, acked, disabled, store).raw,
      referenceClusterList(clusters, { clusters: null }, acked, disabled, store),
    );
  });
});

describe('v2 rule list entries written as text', () => {
  it('equal goJson of the entry object for every rule, acked or not', () => {
    const store = new ContentStore(contentFixture());
    assert.ok(store.byComposite.size >= 4);
    for (const content of store.byComposite.values()) {
      for (const [disabled, impacted] of [
        [false, 0],
        [true, 1234],
      ] as const) {
        const expected = { ...contentOut(content), resolution_risk: content.resolution_risk, disabled, impacted_clusters_count: impacted };
        assert.equal(ruleEntryJson(content, disabled, impacted), goJson(expected).slice(0, -1));
        // The second write comes from the kept text.
        assert.equal(ruleEntryJson(content, disabled, impacted), goJson(expected).slice(0, -1));
      }
    }
  });
});
