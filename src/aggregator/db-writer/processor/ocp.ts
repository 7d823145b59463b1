/**
 * OCP results (`ccx.ocp.results`): message bytes in, decision out (spec 2.2-2.4, 2.5.1). Pure: no I/O.
 *
 * Order of checks: JSON syntax and types; OrgID, ClusterName, Report present; ClusterName a UUID; report
 * structure (or "empty report", a success without a write); reports[] and info[] contents; version
 * (warning only); org allowlist; LastChecked. A JSON `null` for `reports`, `info` or `system` is taken as
 * empty.
 */
import { isAscii } from 'node:buffer';
import type { Instant } from '#common/time.js';
import { type GoType, goUnmarshal, stringType, structType } from '#common/go/decode.js';
import { goMarshalRawMapOut } from '#common/go/encode.js';
import type { JNode, JsonShape, JsonText, ParsedJson } from '#common/go/json.js';
import {
  type EmptyReport,
  type Envelope,
  type EnvelopeResult,
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

export interface RuleHit {
  /** `component`, the rule module with `.report`. */
  component: string;
  key: string;
  /** The raw JSON text of `details`, as written in the message ("" when absent); bytes for an ASCII message. */
  details: JsonText;
}

export interface OcpWrite extends WriteBase {
  gatheredAt: Instant | null;
  /** The Report serialised as Go does (sorted keys, compact, HTML-escaped); bytes for an ASCII message. */
  reportJson: JsonText;
  hits: RuleHit[];
  /** `details.version` of the `version_info|CLUSTER_VERSION_INFO` info item; null without that item. */
  versionInfo: string | null;
}

export type OcpDecision = OcpWrite | EmptyReport | Rejected;

export const VERSION_INFO_ID = 'version_info|CLUSTER_VERSION_INFO';

/** The required Report keys, in the order Go lists the missing ones. */
const EXPECTED_KEYS = ['fingerprints', 'reports', 'system'] as const;

/** `types.ReportItem` (only the fields the consumer reads). */
const reportItemsType: GoType = {
  k: 'slice',
  name: '[]types.ReportItem',
  elem: structType('types.ReportItem', 'ReportItem', [
    { json: 'type', type: stringType() },
    { json: 'component', type: stringType('types.RuleID') },
    { json: 'key', type: stringType('types.ErrorKey') },
    { json: 'details', type: { k: 'raw' }, nullable: true },
  ]),
};

/** `types.InfoItem`: details must be a map of strings. */
const infoItemsType: GoType = {
  k: 'slice',
  name: '[]types.InfoItem',
  elem: structType('types.InfoItem', 'InfoItem', [
    { json: 'info_id', type: stringType() },
    { json: 'key', type: stringType() },
    { json: 'details', type: { k: 'map', name: 'map[string]string', elem: stringType() }, nullable: true },
  ]),
};

const systemType = structType('consumer.System', 'System', [{ json: 'hostname', type: stringType(), nullable: true }]);

/** "Empty" in the sense of the structure check: an empty array or object (`null` too, see above). */
function isEmptyAttribute(node: JNode): boolean {
  if (node.t === 'null') return true;
  if (node.t === 'skipped') return node.empty;
  if (node.t === 'array') return node.items.length === 0;
  if (node.t === 'object') return node.keys.length === 0;
  return false;
}

/** `system` is empty when its hostname is null or "", whatever else it holds. */
function isSystemEmpty(text: string, node: JNode): boolean {
  if (node.t === 'null') return true;
  if (node.t !== 'object') return false;
  const { value, error } = goUnmarshal(text, node, systemType);
  if (error !== null) return false;
  const hostname = (value as Record<string, unknown>).hostname as string | undefined;
  return hostname === undefined || hostname === '';
}

function isReportWithEmptyAttributes(text: string, report: Map<string, JNode>): boolean {
  for (const [attribute, node] of report) {
    if (attribute === 'analysis_metadata') continue;
    if (attribute === 'system' ? !isSystemEmpty(text, node) : !isEmptyAttribute(node)) return false;
  }
  return true;
}

/** shouldProcess: 'ok', 'empty', or the malformed-structure error. */
export function checkReportStructure(text: string, report: Map<string, JNode>): 'ok' | 'empty' | string {
  const missing = EXPECTED_KEYS.filter((key) => !report.has(key));
  if (missing.length === 0) return 'ok';
  if (isReportWithEmptyAttributes(text, report)) return 'empty';
  return `improper report structure, missing key(s) with name '[${missing.join(' ')}]'`;
}

function parseHits(parsed: ParsedJson, node: JNode | undefined): { hits: RuleHit[] } | { error: string } {
  if (isNullNode(node)) return { hits: [] };
  const { value, error } = goUnmarshal(parsed.text, node as JNode, reportItemsType);
  if (error !== null) return { error };
  const items = (value as Record<string, unknown>[] | undefined) ?? [];
  return {
    hits: items.map((item) => {
      const details = item.details as JNode | undefined;
      return {
        component: (item.component as string | undefined) ?? '',
        key: (item.key as string | undefined) ?? '',
        details: details === undefined ? '' : parsed.rawOut(details),
      };
    }),
  };
}

function parseVersionInfo(text: string, node: JNode | undefined): { version: string | null } | { error: string } {
  if (isNullNode(node)) return { version: null };
  const { value, error } = goUnmarshal(text, node as JNode, infoItemsType);
  if (error !== null) return { error };
  let version: string | null = null;
  for (const item of (value as Record<string, unknown>[] | undefined) ?? []) {
    if (item.info_id !== VERSION_INFO_ID) continue;
    version = (item.details as Map<string, string | undefined> | undefined)?.get('version') ?? '';
  }
  return { version };
}

/** The upstream insert would fail on the rule_hit primary key; the message is rejected with that error. */
function duplicateHitError(hits: RuleHit[]): string | null {
  const seen = new Set<string>();
  for (const hit of hits) {
    const id = `${hit.component}\u0000${hit.key}`;
    if (seen.has(id)) return 'pq: duplicate key value violates unique constraint "rule_hit_pkey"';
    seen.add(id);
  }
  return null;
}

export function processOcpEnvelope(env: Envelope, options: ProcessOptions): OcpDecision {
  const { text } = env.parsed;
  const meta = { ...envelopeMeta(env), decoded: false };
  if (env.orgId === undefined) return reject(meta, 'deserialize', missingAttribute('OrgID'));
  if (env.clusterName === undefined) return reject(meta, 'deserialize', missingAttribute('ClusterName'));
  if (env.report === undefined) return reject(meta, 'deserialize', missingAttribute('Report'));
  const uuidError = checkClusterName(env);
  if (uuidError) return reject(meta, 'deserialize', uuidError);
  meta.decoded = true;

  const structure = checkReportStructure(text, env.report);
  if (structure === 'empty') return { ...meta, kind: 'empty' };
  if (structure !== 'ok') return reject(meta, 'structure', structure);

  const parsedHits = parseHits(env.parsed, env.report.get('reports'));
  if ('error' in parsedHits) return reject(meta, 'content', parsedHits.error);
  const parsedInfo = parseVersionInfo(text, env.report.get('info'));
  if ('error' in parsedInfo) return reject(meta, 'content', parsedInfo.error);

  const checked = finalChecks(env, options);
  if (!checked.ok) return checked.rejected;
  const duplicate = duplicateHitError(parsedHits.hits);
  if (duplicate) return reject(meta, 'storage', duplicate, checked.unexpectedVersion);

  // Written out rather than spread from meta: a spread made this object slow to build (profile).
  const write: OcpWrite = {
    decoded: true,
    kind: 'write',
    orgId: env.orgId,
    clusterName: env.clusterName,
    lastChecked: checked.lastChecked,
    gatheredAt: env.gatheredAt,
    reportJson: goMarshalRawMapOut(env.parsed, env.report),
    hits: parsedHits.hits,
    versionInfo: parsedInfo.version,
  };
  if (meta.requestId !== undefined) write.requestId = meta.requestId;
  if (meta.account !== undefined) write.account = meta.account;
  if (checked.unexpectedVersion !== undefined) write.unexpectedVersion = checked.unexpectedVersion;
  return write;
}

/**
 * What the processor reads of a message; the rest (about two thirds of a typical report: skips,
 * fingerprints, analysis_metadata, each hit's details) is only stored as raw JSON, so it is checked and
 * spanned but not built. Report is a map (exact keys); ReportItem's skipped keys are no field's name.
 */
export const OCP_MESSAGE_SHAPE: JsonShape = {
  keys: new Map<string, JsonShape>([
    [
      'Report',
      {
        keys: new Map<string, JsonShape>([
          ['reports', { items: { keys: new Map<string, JsonShape>(['details', 'rule_id', 'tags', 'links'].map((k) => [k, 'skip'])) } }],
          ['info', 'full'],
          ['system', 'full'],
        ]),
        rest: 'skip',
      },
    ],
  ]),
};

/**
 * Processes one OCP message value (a Kafka null value is an empty input). An all-ASCII value (the usual
 * case: JSON escapes what it does not write as ASCII) is parsed as its own bytes, so that what is stored is
 * views of it (JsonText).
 */
export function processOcpMessage(value: Buffer | null, options: ProcessOptions): OcpDecision {
  if (value === null) return decideOcp(decodeEnvelope('', OCP_MESSAGE_SHAPE), options);
  const ascii = isAscii(value);
  return decideOcp(decodeEnvelope(value.toString(ascii ? 'latin1' : 'utf8'), OCP_MESSAGE_SHAPE, ascii ? value : null), options);
}

function decideOcp(decoded: EnvelopeResult, options: ProcessOptions): OcpDecision {
  if (!decoded.ok) return reject(decoded.meta, 'deserialize', decoded.error);
  return processOcpEnvelope(decoded.env, options);
}
