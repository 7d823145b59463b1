/**
 * The report bodies the smart proxy reads are written as text; they carry exactly the fields of the shared
 * wire types (src/contracts/aggregator-api.ts), in that order, with those JSON types.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_META_KEYS, RULE_HIT_KEYS, type ReportResponse } from '#contracts/aggregator-api.js';
import { renderReport } from './routes.js';

describe('report body against the shared wire type', () => {
  it('meta and every rule hit have the contract keys in order, with their types', () => {
    const body = renderReport({
      last_checked_at: '2020-04-02 09:00:05.268294',
      gathered_at: '2020-04-02 08:58:00',
      hits: [
        {
          rule_fqdn: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report',
          error_key: 'NODE_KUBELET_VERSION',
          template_data: '{"type":"rule","error_key":"NODE_KUBELET_VERSION"}',
          created_at: '2024-04-01 08:00:00',
          user_vote: 1,
          disabled: true,
          disable_feedback: 'not relevant',
          feedback_updated_at: '2024-05-02 10:11:12',
        },
      ],
    });
    const parsed = JSON.parse(body) as ReportResponse;
    assert.deepEqual(Object.keys(parsed), ['report', 'status']);
    assert.deepEqual(Object.keys(parsed.report), ['meta', 'reports']);
    assert.deepEqual(Object.keys(parsed.report.meta), [...REPORT_META_KEYS]);
    const hit = parsed.report.reports[0];
    assert.ok(hit);
    assert.deepEqual(Object.keys(hit), [...RULE_HIT_KEYS]);
    assert.deepEqual(
      RULE_HIT_KEYS.map((k) => typeof hit[k]),
      ['string', 'string', 'number', 'boolean', 'string', 'string', 'object', 'string'],
    );
    assert.equal(parsed.report.meta.count, 1);
  });
});
