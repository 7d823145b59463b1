/**
 * DVO workloads (namespaces), spec 4.4.9. No org-permission check (upstream trusts the path org).
 * Upstream crashes when the DVO storage is not configured; we answer 500 `Internal Server Error` after
 * the parameters are validated.
 */
import { AppError, NO_BODY, badRequest, paramParseError } from '#common/errors.js';
import { badType, field, hasBody, parseJson } from '#common/http/body.js';
import type { RequestContext, RouteDef } from '#common/http/routes.js';
import { parseClusterId, parseOrgId } from '#common/ids.js';
import { dbToRfc3339Seconds } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { type ApiDeps, requireDvo } from '../deps.js';
import { type NamespaceRow, type WorkloadRow, readWorkloadsForNamespace, readWorkloadsForOrganization } from './queries.js';

const MAX_NAMESPACE_BYTES = 256;

export function workloadsRoutes(deps: ApiDeps): RouteDef[] {
  const db = (): Db => requireDvo(deps);

  return [
    {
      method: 'GET',
      path: 'organization/{org_id}/workloads',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const rows = await readWorkloadsForOrganization(db(), orgId);
        return { json: { status: 'ok', workloads: workloadsJson(rows) } };
      },
    },
    {
      method: 'POST',
      path: 'organization/{org_id}/workloads',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const clusters = readClusterList(ctx);
        if (clusters.length === 0) return { json: { status: 'ok', workloads: [] } };
        const active = new Set(clusters);
        const rows = (await readWorkloadsForOrganization(db(), orgId)).filter((row) => active.has(row.cluster_id));
        return { json: { status: 'ok', workloads: workloadsJson(rows) } };
      },
    },
    {
      method: 'GET',
      path: 'organization/{org_id}/namespace/{namespace}/cluster/{cluster}/workloads',
      handler: async (ctx) => {
        const orgId = parseOrgId(ctx.params.org_id);
        const cluster = parseClusterId(ctx.params.cluster);
        const namespace = parseNamespace(ctx.params.namespace);
        const row = await readWorkloadsForNamespace(db(), orgId, cluster, namespace);
        if (!row) throw new AppError('not_found', `Item with ID ${orgId}:${cluster}:${namespace} was not found in the storage`);
        return { json: { status: 'ok', workloads: namespaceJson(row) } };
      },
    },
  ];
}

/** 1..256 bytes (Go `len`), otherwise upstream's parse error. */
function parseNamespace(value: string | undefined): string {
  const v = value ?? '';
  const length = Buffer.byteLength(v, 'utf8');
  if (length === 0 || length > MAX_NAMESPACE_BYTES) throw paramParseError('namespace', v, `invalid namespace ID: '${v}'`);
  return v;
}

/**
 * The POST body: a bare JSON array of cluster IDs (not validated; unknown IDs simply match nothing).
 * JSON `null` is an empty list and `null` elements are "", as Go decodes them into `[]string`.
 */
function readClusterList(ctx: RequestContext): string[] {
  if (!hasBody(ctx)) throw badRequest(NO_BODY);
  const value = parseJson(ctx.body as string);
  if (value === null) return [];
  if (!Array.isArray(value)) throw badType();
  return value.map((v) => {
    if (v === null) return '';
    if (typeof v !== 'string') throw badType();
    return v;
  });
}

function metadataJson(row: WorkloadRow) {
  return {
    recommendations: row.recommendations,
    objects: row.objects,
    reported_at: dbToRfc3339Seconds(row.reported_at),
    last_checked_at: dbToRfc3339Seconds(row.last_checked_at),
    highest_severity: 0,
    hits_by_severity: null,
  };
}

/** Quirk kept: `null`, not `[]`, when there is no row. */
function workloadsJson(rows: WorkloadRow[]) {
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    cluster: { uuid: row.cluster_id, display_name: '' },
    namespace: { uuid: row.namespace_id, name: row.namespace_name ?? '' },
    metadata: metadataJson(row),
    recommendations_hit_count: hitsCount(row.rule_hits_count),
  }));
}

/** rule_hits_count (JSON text) as Go's map[string]int marshals it: keys sorted; `{}` when unusable. */
function hitsCount(text: string | null): Record<string, number> {
  if (text === null) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const obj = value as Record<string, unknown>;
  // fromEntries defines own properties, so a `__proto__` key stays a plain key.
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .filter((k) => typeof obj[k] === 'number')
      .map((k) => [k, obj[k] as number]),
  );
}

interface DvoObject {
  kind: string;
  uid: string;
  display_name: string;
}

interface DvoRecommendation {
  check: string;
  details: string;
  resolution: string;
  modified: string;
  more_info: string;
  extra_data: unknown;
  objects: DvoObject[];
}

function namespaceJson(row: NamespaceRow) {
  return {
    status: '',
    cluster: { uuid: row.cluster_id, display_name: '' },
    namespace: { uuid: row.namespace_id, name: row.namespace_name ?? '' },
    metadata: metadataJson(row),
    recommendations: namespaceRecommendations(decodeStoredReport(row.report), row.namespace_id),
  };
}

/**
 * The stored `report` column: the Metrics JSON encoded once more as a JSON string. Unwrap it once;
 * tolerate a plain object, and (as upstream) an unquoted but backslash-escaped object. Anything else is
 * unusable (null).
 */
export function decodeStoredReport(raw: string | null): unknown {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    if (!raw.trimStart().startsWith('{')) return null;
    try {
      value = JSON.parse(raw.replaceAll('\\', ''));
    } catch {
      return null;
    }
  }
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value;
}

class ReportTypeError extends Error {}

/**
 * The workload recommendations of one namespace (spec 4.4.9 steps 2-4). A report that is not the expected
 * shape (as Go's json.Unmarshal into the Metrics struct would reject it) gives `[]`.
 */
export function namespaceRecommendations(metrics: unknown, namespaceId: string): DvoRecommendation[] {
  try {
    return extract(metrics, namespaceId);
  } catch (err) {
    if (err instanceof ReportTypeError) return [];
    throw err;
  }
}

function extract(metrics: unknown, namespaceId: string): DvoRecommendation[] {
  const out: DvoRecommendation[] = [];
  const root = asObject(metrics);
  if (!root) return out;
  const list = asArray(field(root, 'workload_recommendations'));
  for (const item of list) {
    const rec = asObject(item);
    if (!rec) continue;
    const component = asString(field(rec, 'component'));
    const key = asString(field(rec, 'key'));
    const details = field(rec, 'details');
    if (details !== undefined && details !== null && (typeof details !== 'object' || Array.isArray(details))) throw new ReportTypeError();
    const objects: DvoObject[] = [];
    for (const w of asArray(field(rec, 'workloads'))) {
      const workload = asObject(w);
      if (!workload) continue;
      const uidOfNamespace = asString(field(workload, 'namespace_uid'));
      asString(field(workload, 'namespace'));
      const kind = asString(field(workload, 'kind'));
      const name = asString(field(workload, 'name'));
      const uid = asString(field(workload, 'uid'));
      if (uidOfNamespace !== namespaceId) continue;
      objects.push({ kind, uid, display_name: name });
    }
    if (objects.length === 0) continue;
    out.push({
      check: `${component.replace(/\.recommendation$/, '')}|${key}`,
      details: '',
      resolution: '',
      modified: '',
      more_info: '',
      extra_data: details === undefined || details === null ? null : sortKeysDeep(details),
      objects,
    });
  }
  return out;
}

function asObject(v: unknown): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ReportTypeError();
  return v as Record<string, unknown>;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ReportTypeError();
  return v;
}

function asString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new ReportTypeError();
  return v;
}

/** Go marshals map[string]interface{} with sorted keys, at every depth. */
function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v !== null && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, sortKeysDeep(obj[k])]),
    );
  }
  return v;
}
