/**
 * The valkey-writer's storage (spec 2.5.3): per message, the request marker and its simplified report in
 * Redis/Valkey, both expiring after the TTL (24 h; `redis.expiration` shortens it in tests). A batch is
 * one pipeline (one round trip): per message `SET marker "" EX ttl`, `HSET marker:reports <fields>`,
 * `EXPIRE marker:reports ttl`, in message order, so the newest message of a request wins.
 * No old-report check, no recommendations, info or org-ID update (all no-ops upstream).
 * A failed command makes the batch fail; an unavailable Redis is a TransientStorageError (the runtime
 * waits and retries the batch, its offsets uncommitted), any other error reply is the batch's failure.
 */
import { formatRfc3339NanoNs, nowNs } from '#common/kafka/payload-tracker.js';
import { type Redis, classifyRedisError } from '#common/redis/client.js';
import { GO_ZERO_TIME, formatRfc3339Nano } from '#common/time.js';
import { type SimplifiedReport, REQUEST_TTL_SECONDS, reportsKey, requestKey } from '#contracts/requests.js';
import type { OcpWrite, RuleHit } from '../processor/ocp.js';
import type { WriteStatus } from './ocp.js';

const REPORT_SUFFIX = '.report';

/** `rule_hits`: `module|KEY` per hit (module without `.report`), comma-separated, in report order. */
export function ruleHitsCsv(hits: readonly RuleHit[]): string {
  return hits
    .map((h) => `${h.component.endsWith(REPORT_SUFFIX) ? h.component.slice(0, -REPORT_SUFFIX.length) : h.component}|${h.key}`)
    .join(',');
}

export function simplifiedReport(w: OcpWrite, processedNs: bigint): SimplifiedReport {
  return {
    request_id: w.requestId ?? '',
    cluster_id: w.clusterName,
    org_id: String(w.orgId),
    received_timestamp: w.gatheredAt ? formatRfc3339Nano(w.gatheredAt) : GO_ZERO_TIME,
    processed_timestamp: formatRfc3339NanoNs(processedNs),
    rule_hits: ruleHitsCsv(w.hits),
  };
}

export interface RedisWriteOptions {
  /** Key lifetime in seconds (default 24 h). */
  ttlSeconds?: number;
}

export async function writeRedisBatch(client: Redis, writes: readonly OcpWrite[], options: RedisWriteOptions = {}): Promise<WriteStatus[]> {
  if (writes.length === 0) return [];
  const ttl = options.ttlSeconds ?? REQUEST_TTL_SECONDS;
  const pipeline = client.pipeline();
  const storedAt = nowNs();
  for (const w of writes) {
    const requestId = w.requestId ?? '';
    const report = simplifiedReport(w, storedAt);
    pipeline.set(requestKey(w.orgId, w.clusterName, requestId), '', 'EX', ttl);
    // An array keeps the field order (an object's would too, but the order is the contract here).
    pipeline.hset(
      reportsKey(w.orgId, w.clusterName, requestId),
      'request_id',
      report.request_id,
      'cluster_id',
      report.cluster_id,
      'org_id',
      report.org_id,
      'received_timestamp',
      report.received_timestamp,
      'processed_timestamp',
      report.processed_timestamp,
      'rule_hits',
      report.rule_hits,
    );
    pipeline.expire(reportsKey(w.orgId, w.clusterName, requestId), ttl);
  }
  let results: [Error | null, unknown][] | null;
  try {
    results = await pipeline.exec();
  } catch (err) {
    throw classifyRedisError(err);
  }
  if (results === null) throw classifyRedisError(new Error('Redis pipeline was not executed (connection closed)'));
  const failure = results.find(([err]) => err !== null)?.[0];
  if (failure) throw classifyRedisError(failure);
  return writes.map(() => 'written');
}
