/**
 * DVO results (`ccx.dvo.results`): message bytes in, decision out (spec 2.2-2.4, 2.5.2). Pure: no I/O.
 *
 * A value starting with the gzip magic bytes is gunzipped first. Checks: JSON; OrgID, ClusterName present;
 * ClusterName a UUID; Metrics present; `Metrics = {}` is an empty report; `workload_recommendations` present
 * and well-typed (`null` = no recommendations); version (warning only); org allowlist; LastChecked.
 * The per-namespace rows are computed here.
 */
import { gunzipSync } from 'node:zlib';
import { type GoType, goUnmarshal, stringType, structType } from '#common/go/decode.js';
import { goMarshalCounts, goMarshalRawMap, goMarshalString } from '#common/go/encode.js';
import type { JNode } from '#common/go/json.js';
import {
  type EmptyReport,
  type Envelope,
  type ProcessOptions,
  type Rejected,
  type WriteBase,
  checkClusterName,
  decodeEnvelope,
  envelopeMeta,
  finalChecks,
  isNullNode,
  missingAttribute,
  reject,
} from './message.js';

export interface DvoNamespace {
  namespaceId: string;
  /** Name of the first workload seen with this namespace UID. */
  namespaceName: string;
  /** Recommendations with at least one workload in the namespace. */
  recommendations: number;
  /** Distinct workload UIDs in the namespace. */
  objects: number;
  /** JSON object: `module|KEY` -> number of workloads of that recommendation in the namespace. */
  ruleHitsCount: string;
}

export interface DvoWrite extends WriteBase {
  /** The value of the `report` column: the Metrics JSON, encoded once more as a JSON string. */
  reportColumn: string;
  namespaces: DvoNamespace[];
}

export type DvoDecision = DvoWrite | EmptyReport | Rejected;

export const MISSING_WORKLOADS = "improper report structure, missing key with name 'workload_recommendations'";

/** Decompressed values above this size are refused (a gzip bomb must not exhaust memory). */
const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

const strings: GoType = { k: 'slice', name: '[]string', elem: stringType() };

/** `[]types.WorkloadRecommendation` (insights-results-types). */
const workloadRecommendationsType: GoType = {
  k: 'slice',
  name: '[]types.WorkloadRecommendation',
  elem: structType('types.WorkloadRecommendation', 'WorkloadRecommendation', [
    { json: 'response_id', type: stringType() },
    { json: 'component', type: stringType() },
    { json: 'key', type: stringType() },
    { json: 'details', type: { k: 'map', name: 'map[string]interface {}', elem: { k: 'any' } }, nullable: true },
    { json: 'tags', type: strings, nullable: true },
    {
      json: 'links',
      type: structType('types.DVOLinks', 'DVOLinks', [
        { json: 'jira', type: strings, nullable: true },
        { json: 'product_documentation', type: strings, nullable: true },
      ]),
    },
    {
      json: 'workloads',
      nullable: true,
      type: {
        k: 'slice',
        name: '[]types.DVOWorkload',
        elem: structType('types.DVOWorkload', 'DVOWorkload', [
          { json: 'namespace', type: stringType() },
          { json: 'namespace_uid', type: stringType() },
          { json: 'kind', type: stringType() },
          { json: 'name', type: stringType() },
          { json: 'uid', type: stringType() },
        ]),
      },
    },
  ]),
};

interface Workload {
  namespace?: string;
  namespace_uid?: string;
  uid?: string;
}

interface Recommendation {
  component?: string;
  key?: string;
  workloads?: Workload[];
}

/** Per-namespace aggregation (spec 2.5.2 step 4). */
export function aggregateNamespaces(recommendations: Recommendation[]): DvoNamespace[] {
  const names = new Map<string, string>();
  const recommendationCounts = new Map<string, number>();
  const objects = new Map<string, Set<string>>();
  const hits = new Map<string, Map<string, number>>();
  for (const recommendation of recommendations) {
    const component = recommendation.component ?? '';
    const ruleId = `${component.endsWith('.recommendation') ? component.slice(0, -'.recommendation'.length) : component}|${recommendation.key ?? ''}`;
    const seen = new Set<string>();
    for (const workload of recommendation.workloads ?? []) {
      const ns = workload?.namespace_uid ?? '';
      if (!names.has(ns)) {
        names.set(ns, workload?.namespace ?? '');
        objects.set(ns, new Set());
        hits.set(ns, new Map());
      }
      objects.get(ns)?.add(workload?.uid ?? '');
      const counts = hits.get(ns) as Map<string, number>;
      counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
      seen.add(ns);
    }
    for (const ns of seen) recommendationCounts.set(ns, (recommendationCounts.get(ns) ?? 0) + 1);
  }
  return [...names].map(([namespaceId, namespaceName]) => ({
    namespaceId,
    namespaceName,
    recommendations: recommendationCounts.get(namespaceId) ?? 0,
    objects: objects.get(namespaceId)?.size ?? 0,
    ruleHitsCount: goMarshalCounts(hits.get(namespaceId) as Map<string, number>),
  }));
}

export function processDvoEnvelope(env: Envelope, options: ProcessOptions): DvoDecision {
  const { text } = env.parsed;
  const meta = { ...envelopeMeta(env), decoded: false };
  if (env.orgId === undefined) return reject(meta, 'deserialize', missingAttribute('OrgID'));
  if (env.clusterName === undefined) return reject(meta, 'deserialize', missingAttribute('ClusterName'));
  const uuidError = checkClusterName(env);
  if (uuidError) return reject(meta, 'deserialize', uuidError);
  if (env.metrics === undefined) return reject(meta, 'deserialize', missingAttribute('Metrics'));
  meta.decoded = true;

  if (env.metrics.size === 0) return { ...meta, kind: 'empty' };
  if (!env.metrics.has('workload_recommendations')) return reject(meta, 'structure', MISSING_WORKLOADS);
  const node = env.metrics.get('workload_recommendations') as JNode;
  let recommendations: Recommendation[] = [];
  if (!isNullNode(node)) {
    const { value, error } = goUnmarshal(text, node, workloadRecommendationsType);
    if (error !== null) return reject(meta, 'content', error);
    recommendations = ((value as Recommendation[] | undefined) ?? []).map((r) => r ?? {});
  }

  const checked = finalChecks(env, options);
  if (!checked.ok) return checked.rejected;
  const write: DvoWrite = {
    ...meta,
    kind: 'write',
    orgId: env.orgId,
    clusterName: env.clusterName,
    lastChecked: checked.lastChecked,
    reportColumn: goMarshalString(goMarshalRawMap(env.parsed, env.metrics)),
    namespaces: aggregateNamespaces(recommendations),
  };
  if (checked.unexpectedVersion !== undefined) write.unexpectedVersion = checked.unexpectedVersion;
  return write;
}

/** Go's gzip reader error texts for the failures zlib reports. */
function gzipError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return 'unexpected EOF';
  if (code === 'ERR_BUFFER_TOO_LARGE' || code === 'ERR_OUT_OF_RANGE') return 'gzip: decompressed message is too large';
  const message = (err as Error).message ?? '';
  if (/check/.test(message) && /header/.test(message)) return 'gzip: invalid header';
  if (/check/.test(message)) return 'gzip: invalid checksum';
  return `flate: corrupt input (${message})`;
}

/** The message text: gunzipped when the value starts with 0x1f 0x8b. */
export function dvoMessageText(value: Buffer | null): { text: string } | { error: string } {
  if (value === null) return { text: '' };
  if (value.length >= 2 && value[0] === 0x1f && value[1] === 0x8b) {
    // Go's gzip.Reader reads the 10-byte header first and knows only the deflate method (8).
    if (value.length < 10) return { error: 'unexpected EOF' };
    if (value[2] !== 8) return { error: 'gzip: invalid header' };
    try {
      return { text: gunzipSync(value, { maxOutputLength: MAX_DECOMPRESSED_BYTES }).toString('utf8') };
    } catch (err) {
      return { error: gzipError(err) };
    }
  }
  return { text: value.toString('utf8') };
}

/** Processes one DVO message value. */
export function processDvoMessage(value: Buffer | null, options: ProcessOptions): DvoDecision {
  const source = dvoMessageText(value);
  if ('error' in source) return reject({ decoded: false }, 'deserialize', source.error);
  const decoded = decodeEnvelope(source.text);
  if (!decoded.ok) return reject(decoded.meta, 'deserialize', decoded.error);
  return processDvoEnvelope(decoded.env, options);
}
