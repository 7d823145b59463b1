/**
 * Writes a batch of DVO results (spec 2.5.2, 2.6, 2.7) into `dvo.dvo_report` in ONE transaction:
 *
 *  1. (PostgreSQL) advisory locks on the batch's clusters;
 *  2. SELECT the stored rows of the batch's (org, cluster) pairs (primary-key driven);
 *  3. only for clusters not found under their message's org (new clusters, or clusters moving to another
 *     org): SELECT their rows by cluster_id alone. The table has no index led by cluster_id, so this one
 *     scans; it runs only for batches that carry such clusters;
 *  4. DELETE the written clusters' rows (every org they are stored under: this is the org move);
 *  5. INSERT one row per namespace, keeping each namespace's first-seen reported_at;
 *  6. INSERT the batch's consumer_error rows (when that table exists in this database).
 *
 * Newest message per cluster wins; a message is written only when strictly newer than the stored rows.
 */
import type { Logger } from 'pino';
import { type Instant, fromDbTimestamp, toDbTimestamp } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { inList } from '#common/sql/lists.js';
import type { DvoWrite } from '../processor/dvo.js';
import {
  type ConsumerErrorRow,
  type Trx,
  batches,
  bulkInsert,
  inTransaction,
  insertConsumerErrors,
  lockClusters,
  newestPerCluster,
  orgClusterPairs,
} from './sql.js';
import type { WriteStatus } from './ocp.js';

const LOCK_CLASS = 0x49524344;

interface StoredRow {
  org_id: number;
  cluster_id: string;
  namespace_id: string;
  reported_at: string | null;
  last_checked_at: string | null;
}

interface StoredCluster {
  orgs: Set<number>;
  lastChecked: Instant | null;
  reportedAt: Map<string, string | null>;
}

const STORED_COLUMNS = ['org_id', 'cluster_id', 'namespace_id', 'reported_at', 'last_checked_at'] as const;

const DVO_COLUMNS = [
  'org_id',
  'cluster_id',
  'namespace_id',
  'namespace_name',
  'report',
  'recommendations',
  'objects',
  'reported_at',
  'last_checked_at',
  'rule_hits_count',
];

async function readStored(db: Db, trx: Trx, winners: DvoWrite[]): Promise<Map<string, StoredCluster>> {
  const rows: StoredRow[] = [];
  for (const part of batches(
    db,
    winners.map((w) => [w.orgId, w.clusterName] as const),
    2,
  )) {
    rows.push(...(await trx.selectFrom('dvo.dvo_report').select(STORED_COLUMNS).where(orgClusterPairs(db, part)).execute()));
  }
  const found = new Set(rows.map((r) => r.cluster_id));
  const missing = winners.map((w) => w.clusterName).filter((c) => !found.has(c));
  for (const part of batches(db, missing, 1)) {
    rows.push(
      ...(await trx
        .selectFrom('dvo.dvo_report')
        .select(STORED_COLUMNS)
        .where(inList(db, 'cluster_id', part))
        .execute()),
    );
  }
  const stored = new Map<string, StoredCluster>();
  for (const row of rows) {
    const entry = stored.get(row.cluster_id) ?? { orgs: new Set<number>(), lastChecked: null, reportedAt: new Map() };
    entry.orgs.add(Number(row.org_id));
    const lastChecked = fromDbTimestamp(row.last_checked_at);
    if (lastChecked && (!entry.lastChecked || lastChecked.micros > entry.lastChecked.micros)) entry.lastChecked = lastChecked;
    if (!entry.reportedAt.has(row.namespace_id)) entry.reportedAt.set(row.namespace_id, row.reported_at);
    stored.set(row.cluster_id, entry);
  }
  return stored;
}

export interface DvoBatchInput {
  writes: DvoWrite[];
  errors: ConsumerErrorRow[];
  now: Instant;
  logger: Logger;
}

export async function writeDvoBatch(db: Db, input: DvoBatchInput): Promise<WriteStatus[]> {
  const { writes } = input;
  const statuses: WriteStatus[] = writes.map(() => 'skipped-older');
  const winners = newestPerCluster(writes);
  await inTransaction(db, async (trx) => {
    if (winners.size > 0) {
      await lockClusters(db, trx, LOCK_CLASS, [...winners.keys()]);
      const stored = await readStored(
        db,
        trx,
        [...winners.values()].map((i) => writes[i]),
      );
      const toWrite: DvoWrite[] = [];
      const deletions: [number, string][] = [];
      for (const [cluster, index] of winners) {
        const w = writes[index];
        const s = stored.get(cluster);
        if (s?.lastChecked && w.lastChecked.micros <= s.lastChecked.micros) continue;
        statuses[index] = 'written';
        toWrite.push(w);
        for (const org of s?.orgs ?? []) deletions.push([org, cluster]);
      }
      for (const part of batches(db, deletions, 2)) {
        await trx.deleteFrom('dvo.dvo_report').where(orgClusterPairs(db, part)).execute();
      }
      const rows = toWrite.flatMap((w) => {
        const previous = stored.get(w.clusterName)?.reportedAt;
        const lastChecked = toDbTimestamp(w.lastChecked);
        return w.namespaces.map((ns) => [
          w.orgId,
          w.clusterName,
          ns.namespaceId,
          ns.namespaceName,
          w.reportColumn,
          ns.recommendations,
          ns.objects,
          previous?.get(ns.namespaceId) ?? lastChecked,
          lastChecked,
          ns.ruleHitsCount,
        ]);
      });
      await bulkInsert(db, trx, 'dvo.dvo_report', DVO_COLUMNS, rows);
    }
    await insertConsumerErrors(db, trx, input.errors, input.logger);
  });
  return statuses;
}
