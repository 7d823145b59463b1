/**
 * Message builders and the shared upstream messages, for the processor, writer and import tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage } from '../../pipeline.js';

import { MESSAGES_DIR } from '#test/helpers/corpus.js';

/** The repository root (…/main) and the shared upstream messages (used in place, never copied). */
export { MESSAGES_DIR, REPO_ROOT } from '#test/helpers/corpus.js';

/** Go's RFC3339Nano layout, as it appears in time parse errors. */
export const GO_TIME_LAYOUT = '"2006-01-02T15:04:05.999999999Z07:00"';

/** The error text each `invalid_*` family of ../shared/testdata/messages must be rejected with (spec 2.4). */
export const INVALID_FAMILY_ERRORS: Readonly<Record<string, string>> = {
  invalid_no_cluster_name: "missing required attribute 'ClusterName'",
  invalid_no_last_checked: `parsing time "" as ${GO_TIME_LAYOUT}: cannot parse "" as "2006"`,
  invalid_no_organization_id: "missing required attribute 'OrgID'",
  invalid_no_report: "missing required attribute 'Report'",
  invalid_string_version: 'json: cannot unmarshal string into Go struct field incomingMessage.Version of type types.SchemaVersion',
  invalid_wrong_cluster_name: 'cluster name is not a UUID',
  invalid_wrong_last_checked: `parsing time "invalid-last-checked-attribute" as ${GO_TIME_LAYOUT}: cannot parse "invalid-last-checked-attribute" as "2006"`,
  invalid_wrong_org_id: 'json: cannot unmarshal string into Go struct field incomingMessage.OrgID of type types.OrgID',
};

export function messageFiles(family: string): { name: string; content: Buffer }[] {
  return readdirSync(join(MESSAGES_DIR, family))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(MESSAGES_DIR, family, name)) }));
}

let nextOffset = 1n;

/** A Kafka message carrying `value` (objects are JSON-encoded). */
export function kafkaMessage(value: unknown, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  const bytes =
    value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return {
    topic: 'ccx.ocp.results',
    partition: 0,
    offset: nextOffset++,
    key: null,
    value: bytes,
    timestamp: new Date('2024-05-06T07:08:09.123Z'),
    ...extra,
  };
}

export const newCluster = (): string => randomUUID();

export interface HitSpec {
  component: string;
  key: string;
  details?: unknown;
}

export const hit = (name: string, key = `${name.toUpperCase()}_KEY`, details: unknown = { error_key: key }): HitSpec => ({
  component: `ccx_rules_ocp.external.rules.${name}.report`,
  key,
  details,
});

/** An OCP message as ccx-data-pipeline sends it. */
export function ocpValue(o: {
  org?: number;
  cluster: string;
  lastChecked: string;
  hits?: HitSpec[];
  version?: string | null;
  gatheringTime?: string;
}): Record<string, unknown> {
  const info =
    o.version === null || o.version === undefined
      ? []
      : [
          {
            info_id: 'version_info|CLUSTER_VERSION_INFO',
            component: 'ccx_rules_ocp.external.version_info.report',
            type: 'info',
            key: 'CLUSTER_VERSION_INFO',
            details: { version: o.version, type: 'info' },
          },
        ];
  const value: Record<string, unknown> = {
    OrgID: o.org ?? 1,
    AccountNumber: 10,
    ClusterName: o.cluster,
    LastChecked: o.lastChecked,
    Version: 2,
    RequestId: `req-${o.cluster.slice(0, 8)}`,
    Report: {
      system: { metadata: {}, hostname: null },
      reports: (o.hits ?? []).map((h) => ({
        rule_id: `${h.component}|${h.key}`,
        component: h.component,
        type: 'rule',
        key: h.key,
        details: h.details ?? {},
        tags: [],
        links: {},
      })),
      fingerprints: [],
      skips: [],
      info,
    },
  };
  if (o.gatheringTime) value.Metadata = { gathering_time: o.gatheringTime };
  return value;
}

export interface WorkloadSpec {
  namespace: string;
  namespaceUid: string;
  uid: string;
  kind?: string;
  name?: string;
}

export interface RecommendationSpec {
  /** Module without `.recommendation`. */
  module: string;
  key: string;
  workloads: WorkloadSpec[];
}

/** A DVO message as dvo-extractor sends it. */
export function dvoValue(o: {
  org?: number;
  cluster: string;
  lastChecked: string;
  recommendations: RecommendationSpec[] | null;
}): Record<string, unknown> {
  return {
    OrgID: o.org ?? 1,
    AccountNumber: 1,
    ClusterName: o.cluster,
    LastChecked: o.lastChecked,
    RequestId: `req-${o.cluster.slice(0, 8)}`,
    Metrics: {
      system: { metadata: {}, hostname: null },
      fingerprints: [],
      version: 1,
      analysis_metadata: {},
      workload_recommendations:
        o.recommendations === null
          ? null
          : o.recommendations.map((r) => ({
              response_id: `${r.module}|${r.key}`,
              component: `ccx_rules_ocp.external.dvo.${r.module}.recommendation`,
              key: r.key,
              details: { check_name: '', check_url: '', samples: [] },
              tags: [],
              links: { jira: ['https://issues.redhat.com/browse/AN_ISSUE'], product_documentation: [] },
              workloads: r.workloads.map((w) => ({
                namespace: w.namespace,
                namespace_uid: w.namespaceUid,
                kind: w.kind ?? 'Deployment',
                name: w.name ?? `name-${w.uid}`,
                uid: w.uid,
              })),
            })),
    },
  };
}

export const gzipped = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));
