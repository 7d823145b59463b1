/**
 * The report and rule-list bodies written as text (write.ts, v2/rules.ts) are byte for byte what `goJson`
 * gave for the objects the routes built before (mergeReport and the rule entry object, kept as the
 * reference), and a new content generation is never served the old generation's text.
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
import { ContentStore } from '../content/store.js';
import { contentOut, ruleEntryJson } from '../v2/rules.js';
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
