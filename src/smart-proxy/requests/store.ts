/**
 * Read side of the on-demand gathering records (smart-proxy spec 2.6.4; written by the aggregator's
 * valkey-writer, contract in contracts/requests.ts): the request IDs of a cluster (SCAN, match pattern,
 * count 100), their timestamps (one pipelined HMGET each), the status marker (EXISTS) and the rule hits
 * of a request (HMGET). Redis unavailable (down, timing out, not connected yet) is a 503 with
 * REDIS_UNAVAILABLE for these routes only; the client reconnects by itself, so they recover without a
 * restart.
 */
import { AppError } from '#common/errors.js';
import { type Redis, isRedisUnavailable } from '#common/redis/client.js';
import {
  REPORTS_SUFFIX,
  type RequestStatusEntry,
  reportsKey,
  requestIdOfKey,
  requestKey,
  requestScanPattern,
} from '#contracts/requests.js';

export const REDIS_UNAVAILABLE = 'Redis server is unreachable';

/** SCAN's COUNT hint (upstream's). */
export const SCAN_COUNT = 100;

/** A composite rule ID in `rule_hits`: `module|ERROR_KEY` (upstream drops anything else). */
const COMPOSITE_RE = /^([a-zA-Z_0-9.]+)\|([a-zA-Z_0-9.]+)$/;

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isRedisUnavailable(err)) throw new AppError('unavailable', REDIS_UNAVAILABLE);
    throw err;
  }
}

function checkPipeline(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new AppError('unavailable', REDIS_UNAVAILABLE);
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

export class RequestStore {
  constructor(readonly client: Redis) {}

  /** The cluster's request IDs (markers only; `:reports` hashes left out), in SCAN order, no duplicates. */
  requestIds(orgId: number, cluster: string): Promise<string[]> {
    return guarded(async () => {
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', requestScanPattern(orgId, cluster), 'COUNT', SCAN_COUNT);
        for (const key of keys) if (!key.endsWith(REPORTS_SUFFIX)) seen.add(requestIdOfKey(key));
        cursor = next;
      } while (cursor !== '0');
      return [...seen];
    });
  }

  /**
   * One entry per ID: `valid` with both timestamps when its hash exists, else `valid: false` and empty
   * timestamps; `omitMissing` leaves those out instead (the GET list: records that expired meanwhile).
   */
  timestamps(orgId: number, cluster: string, ids: readonly string[], omitMissing: boolean): Promise<RequestStatusEntry[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return guarded(async () => {
      const pipeline = this.client.pipeline();
      for (const id of ids) pipeline.hmget(reportsKey(orgId, cluster, id), 'request_id', 'received_timestamp', 'processed_timestamp');
      const values = checkPipeline(await pipeline.exec()) as (string | null)[][];
      const out: RequestStatusEntry[] = [];
      ids.forEach((id, i) => {
        const [requestId, received, processed] = values[i] ?? [];
        if (requestId === null || requestId === undefined) {
          if (!omitMissing) out.push({ requestID: id, valid: false, received: '', processed: '' });
          return;
        }
        out.push({ requestID: id, valid: true, received: received ?? '', processed: processed ?? '' });
      });
      return out;
    });
  }

  /** Whether the request's marker exists (the status route). */
  exists(orgId: number, cluster: string, requestId: string): Promise<boolean> {
    return guarded(async () => (await this.client.exists(requestKey(orgId, cluster, requestId))) === 1);
  }

  /** The request's rule hits as composite IDs (invalid entries dropped); null when its hash is gone. */
  ruleHits(orgId: number, cluster: string, requestId: string): Promise<string[] | null> {
    return guarded(async () => {
      const [id, hits] = await this.client.hmget(reportsKey(orgId, cluster, requestId), 'request_id', 'rule_hits');
      if (id === null || id === undefined) return null;
      return (hits ?? '').split(',').filter((hit) => COMPOSITE_RE.test(hit));
    });
  }
}
