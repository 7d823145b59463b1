/**
 * The message envelope common to both topics (spec 2.2) and the decision types the processors return.
 *
 * The envelope is Go's `incomingMessage` struct; its type names appear in JSON type errors exactly as the Go
 * service prints them. Some names could not be checked against the Go sources; they follow the upstream
 * naming (see the notes at each type).
 */
import type { ResultsMessageField } from '#contracts/results.js';
import type { Instant } from '#common/time.js';
import { isUuid } from '#common/ids.js';
import { GO_ZERO_INSTANT, RFC3339_NANO, goParseTime } from '#common/go/time.js';
import { type GoType, goUnmarshalStruct, stringType, structType, uint32Type, uint8Type } from '#common/go/decode.js';
import { GoJsonSyntaxError, type JNode, type JsonShape, type ParsedJson, parseGoJson } from '#common/go/json.js';

/** What the payload tracker and the logs need, whatever the outcome. */
export interface MessageMeta {
  requestId?: string;
  orgId?: number;
  account?: number;
  /** Deserialisation (JSON, required attributes, UUID) succeeded. */
  decoded: boolean;
}

/** Where a message was rejected; the pipeline logs deserialisation and content failures with the raw message. */
export type RejectStage = 'deserialize' | 'structure' | 'content' | 'allowlist' | 'last-checked' | 'storage';

export interface Rejected extends MessageMeta {
  kind: 'reject';
  stage: RejectStage;
  error: string;
  /** Set when the version check ran and the version was not 1 or 2 (a warning only). */
  unexpectedVersion?: number;
}

export interface EmptyReport extends MessageMeta {
  kind: 'empty';
}

/** Fields every write decision carries. */
export interface WriteBase extends MessageMeta {
  kind: 'write';
  orgId: number;
  clusterName: string;
  lastChecked: Instant;
  unexpectedVersion?: number;
}

export interface ProcessOptions {
  /** null: the allowlist is disabled. */
  allowlist: ReadonlySet<number> | null;
}

const rawMap = (name: string): GoType => ({ k: 'map', name, elem: { k: 'raw' } });

/** `types.Metadata` (insights-results-types). */
const metadataType = structType('types.Metadata', 'Metadata', [{ json: 'gathering_time', type: { k: 'time' } }]);

/**
 * Go's `incomingMessage`. OrgID, AccountNumber, ClusterName, Report and Metrics are pointers (absent and
 * `null` are "missing"); the rest are values. Report and Metrics are `map[string]*json.RawMessage`.
 */
const incomingMessageType = structType('consumer.incomingMessage', 'incomingMessage', [
  { json: 'OrgID' satisfies ResultsMessageField, type: uint32Type('types.OrgID'), nullable: true },
  { json: 'AccountNumber' satisfies ResultsMessageField, type: uint32Type('types.Account'), nullable: true },
  { json: 'ClusterName' satisfies ResultsMessageField, type: stringType('types.ClusterName'), nullable: true },
  { json: 'Report' satisfies ResultsMessageField, type: rawMap('consumer.Report'), nullable: true },
  { json: 'Metrics' satisfies ResultsMessageField, type: rawMap('consumer.DvoMetrics'), nullable: true },
  { json: 'LastChecked' satisfies ResultsMessageField, type: stringType() },
  { json: 'Version' satisfies ResultsMessageField, type: uint8Type('types.SchemaVersion') },
  { json: 'RequestId' satisfies ResultsMessageField, type: stringType('types.RequestID') },
  { json: 'Metadata' satisfies ResultsMessageField, type: metadataType },
]);

export interface Envelope {
  parsed: ParsedJson;
  orgId?: number;
  account?: number;
  clusterName?: string;
  report?: Map<string, JNode>;
  metrics?: Map<string, JNode>;
  lastChecked: string;
  version: number;
  requestId?: string;
  gatheredAt: Instant | null;
}

export type EnvelopeResult = { ok: true; env: Envelope } | { ok: false; error: string; meta: MessageMeta };

function metaOf(env: Partial<Envelope>, decoded: boolean): MessageMeta {
  const meta: MessageMeta = { decoded };
  if (env.requestId) meta.requestId = env.requestId;
  if (env.orgId !== undefined) meta.orgId = env.orgId;
  if (env.account !== undefined) meta.account = env.account;
  return meta;
}

export function envelopeMeta(env: Envelope): MessageMeta {
  return metaOf(env, true);
}

/**
 * Step 2 of spec 2.3 up to the required-attribute checks (their order differs per topic); `shape` and
 * `bytes`: parseGoJson's.
 */
export function decodeEnvelope(text: string, shape: JsonShape = 'full', bytes: Buffer | null = null): EnvelopeResult {
  let parsed: ParsedJson;
  try {
    parsed = parseGoJson(text, shape, bytes);
  } catch (err) {
    if (err instanceof GoJsonSyntaxError) return { ok: false, error: err.message, meta: { decoded: false } };
    throw err;
  }
  const { value, error } = goUnmarshalStruct(text, parsed.root, incomingMessageType);
  const gathered = (value.Metadata as Record<string, unknown> | undefined)?.gathering_time as Instant | undefined;
  const env: Envelope = {
    parsed,
    orgId: value.OrgID as number | undefined,
    account: value.AccountNumber as number | undefined,
    clusterName: value.ClusterName as string | undefined,
    report: value.Report as Map<string, JNode> | undefined,
    metrics: value.Metrics as Map<string, JNode> | undefined,
    lastChecked: (value.LastChecked as string | undefined) ?? '',
    version: (value.Version as number | undefined) ?? 0,
    requestId: (value.RequestId as string | undefined) || undefined,
    gatheredAt: gathered && gathered.micros !== GO_ZERO_INSTANT.micros ? gathered : null,
  };
  if (error !== null) return { ok: false, error, meta: metaOf(env, false) };
  return { ok: true, env };
}

export const missingAttribute = (name: string) => `missing required attribute '${name}'`;
export const NOT_UUID = 'cluster name is not a UUID';
export const NOT_IN_ALLOWLIST = 'organization ID is not in allow list';

export function reject(meta: MessageMeta, stage: RejectStage, error: string, unexpectedVersion?: number): Rejected {
  const out: Rejected = { ...meta, kind: 'reject', stage, error };
  if (unexpectedVersion !== undefined) out.unexpectedVersion = unexpectedVersion;
  return out;
}

/** The UUID check of step 2. */
export function checkClusterName(env: Envelope): string | null {
  return isUuid(env.clusterName as string) ? null : NOT_UUID;
}

/**
 * Steps 6 and 7 up to the first write: version warning, allowlist, LastChecked. Upstream parses LastChecked
 * only after moving the cluster's org; here every check runs before anything is written.
 */
export function finalChecks(
  env: Envelope,
  options: ProcessOptions,
): { ok: true; lastChecked: Instant; unexpectedVersion?: number } | { ok: false; rejected: Rejected } {
  const meta = envelopeMeta(env);
  const unexpectedVersion = env.version === 1 || env.version === 2 ? undefined : env.version;
  if (options.allowlist !== null && !options.allowlist.has(env.orgId as number)) {
    return { ok: false, rejected: reject(meta, 'allowlist', NOT_IN_ALLOWLIST, unexpectedVersion) };
  }
  const parsed = goParseTime(RFC3339_NANO, env.lastChecked);
  if (!parsed.ok) return { ok: false, rejected: reject(meta, 'last-checked', parsed.error, unexpectedVersion) };
  return unexpectedVersion === undefined
    ? { ok: true, lastChecked: parsed.instant }
    : { ok: true, lastChecked: parsed.instant, unexpectedVersion };
}

/** A JSON `null` where an array is expected counts as empty (upstream dereferences nil and crashes). */
export function isNullNode(node: JNode | undefined): boolean {
  return node === undefined || node.t === 'null';
}
