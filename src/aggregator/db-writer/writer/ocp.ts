/**
 * Writes a batch of OCP results (spec 2.5.1, 2.6, 2.7) in ONE transaction with a fixed number of
 * statements, whatever the batch size (multi-row statements chunked under the bound-parameter limit;
 * cluster lists are one array parameter on PostgreSQL):
 *
 *  1. (PostgreSQL) advisory locks on the batch's clusters;
 *  2. one SELECT of the stored org and LastChecked of every cluster (report UNION ALL report_info);
 *  3. (only when a cluster moves to another org) UPDATE org_id in report_info and the user-data tables;
 *  4. DELETE ... RETURNING the rule hits of the written clusters (their first-hit times), INSERT the new ones;
 *  5. UPSERT the report rows;
 *  6. DELETE ... RETURNING the recommendations (their impacted_since), INSERT the new ones;
 *  7. UPSERT report_info;
 *  8. INSERT the batch's consumer_error rows.
 *
 * Per cluster only the newest message of the batch is written, and only when its LastChecked is strictly
 * newer than the stored one: an equal timestamp is a re-delivery and is skipped, so re-processing always
 * gives the same database state. Every statement is driven by a primary key or unique index.
 */
import type { Logger } from 'pino';
import { type Instant, fromDbTimestamp, toDbTimestamp, truncateToSeconds } from '#common/time.js';
import type { Db } from '../../storage/db.js';
import { type JsonText, jsonString } from '#common/go/json.js';
import { inList } from '#common/sql/lists.js';
import type { OcpWrite } from '../processor/ocp.js';
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

export type WriteStatus = 'written' | 'skipped-older';

const LOCK_CLASS = 0x4952434f;

interface Stored {
  reportOrg?: number;
  infoOrg?: number;
  lastChecked: Instant | null;
}

/**
 * A JSON text column's parameter: PostgreSQL takes bytes as a text parameter in binary format (the text's
 * UTF-8 bytes, as they are); SQLite would store bytes as a BLOB, so it gets the string.
 */
const textParam = (db: Db, value: JsonText): JsonText => (db.dialect === 'postgres' ? value : jsonString(value));

const moduleOf = (component: string) => (component.endsWith('.report') ? component.slice(0, -'.report'.length) : component);
const hitKey = (cluster: string, fqdn: string, errorKey: string) => `${cluster}\u0000${fqdn}\u0000${errorKey}`;

async function readStored(db: Db, trx: Trx, clusters: string[]): Promise<Map<string, Stored>> {
  const stored = new Map<string, Stored>();
  for (const part of batches(db, clusters, 2)) {
    const rows = await trx
      .selectFrom('report')
      .select((eb) => [eb.val('r').as('src'), 'cluster as c', 'org_id', 'last_checked_at'])
      .where(inList(db, 'cluster', part))
      .unionAll((eb) =>
        eb
          .selectFrom('report_info')
          .select((e) => [e.val('i').as('src'), 'cluster_id as c', 'org_id', e.val<string | null>(null).as('last_checked_at')])
          .where(inList(db, 'cluster_id', part)),
      )
      .execute();
    for (const row of rows) {
      const entry = stored.get(row.c) ?? { lastChecked: null };
      if (row.src === 'r') {
        entry.reportOrg = Number(row.org_id);
        entry.lastChecked = fromDbTimestamp(row.last_checked_at);
      } else entry.infoOrg = Number(row.org_id);
      stored.set(row.c, entry);
    }
  }
  return stored;
}

/** Spec 2.7 for the tables that are not rewritten below (report is upserted, hits are replaced). */
async function moveOrgs(db: Db, trx: Trx, moves: Map<number, string[]>): Promise<void> {
  for (const [org, clusters] of moves) {
    for (const part of batches(db, clusters, 1)) {
      await trx
        .updateTable('report_info')
        .set({ org_id: org })
        .where(inList(db, 'cluster_id', part))
        .execute();
      await trx
        .updateTable('cluster_rule_toggle')
        .set({ org_id: String(org) })
        .where(inList(db, 'cluster_id', part))
        .execute();
      await trx
        .updateTable('cluster_rule_user_feedback')
        .set({ org_id: String(org) })
        .where(inList(db, 'cluster_id', part))
        .execute();
      await trx
        .updateTable('cluster_user_rule_disable_feedback')
        .set({ org_id: String(org) })
        .where(inList(db, 'cluster_id', part))
        .execute();
    }
  }
}

const RULE_HIT_COLUMNS = ['org_id', 'cluster_id', 'rule_fqdn', 'error_key', 'template_data', 'created_at'];
const REPORT_COLUMNS = ['org_id', 'cluster', 'report', 'reported_at', 'last_checked_at', 'kafka_offset', 'gathered_at'];
const RECOMMENDATION_COLUMNS = ['org_id', 'cluster_id', 'rule_fqdn', 'error_key', 'rule_id', 'created_at', 'impacted_since'];
/** Small values only: inserted from one array per column on PostgreSQL (see bulkInsert). */
const RECOMMENDATION_PG_TYPES = ['int', 'varchar', 'text', 'varchar', 'varchar', 'timestamp', 'timestamp'];
const REPORT_INFO_COLUMNS = ['org_id', 'cluster_id', 'version_info'];

async function replaceRuleHits(db: Db, trx: Trx, writes: OcpWrite[], createdAt: string): Promise<void> {
  const previous = new Map<string, string | null>();
  for (const part of batches(
    db,
    writes.map((w) => w.clusterName),
    1,
  )) {
    const rows = await trx
      .deleteFrom('rule_hit')
      .where(inList(db, 'cluster_id', part))
      .returning(['cluster_id', 'rule_fqdn', 'error_key', 'created_at'])
      .execute();
    for (const row of rows) previous.set(hitKey(row.cluster_id, row.rule_fqdn, row.error_key), row.created_at);
  }
  const rows = writes.flatMap((w) =>
    w.hits.map((hit) => [
      w.orgId,
      w.clusterName,
      hit.component,
      hit.key,
      textParam(db, hit.details),
      previous.get(hitKey(w.clusterName, hit.component, hit.key)) ?? createdAt,
    ]),
  );
  await bulkInsert(db, trx, 'rule_hit', RULE_HIT_COLUMNS, rows);
}

async function upsertReports(db: Db, trx: Trx, writes: OcpWrite[], reportedAt: string): Promise<void> {
  const rows = writes.map((w) => [
    w.orgId,
    w.clusterName,
    textParam(db, w.reportJson),
    reportedAt,
    toDbTimestamp(w.lastChecked),
    0,
    w.gatheredAt ? toDbTimestamp(w.gatheredAt) : null,
  ]);
  await bulkInsert(
    db,
    trx,
    'report',
    REPORT_COLUMNS,
    rows,
    'ON CONFLICT (cluster) DO UPDATE SET org_id = excluded.org_id, report = excluded.report, ' +
      'reported_at = excluded.reported_at, last_checked_at = excluded.last_checked_at, kafka_offset = excluded.kafka_offset, gathered_at = excluded.gathered_at',
  );
}

/**
 * recommendation's key starts with org_id, so rows are addressed by (org, cluster): every org the cluster
 * is stored under, and the new one.
 */
async function replaceRecommendations(db: Db, trx: Trx, writes: OcpWrite[], stored: Map<string, Stored>, createdAt: string): Promise<void> {
  const unique = new Map<string, readonly [number, string]>();
  for (const w of writes) {
    const s = stored.get(w.clusterName);
    for (const org of [w.orgId, s?.reportOrg, s?.infoOrg]) {
      if (org !== undefined) unique.set(`${org}\u0000${w.clusterName}`, [org, w.clusterName]);
    }
  }
  const pairs = [...unique.values()];
  const previous = new Map<string, string | null>();
  for (const part of batches(db, pairs, 2)) {
    const rows = await trx
      .deleteFrom('recommendation')
      .where(orgClusterPairs(db, part))
      .returning(['cluster_id', 'rule_fqdn', 'error_key', 'impacted_since'])
      .execute();
    for (const row of rows) previous.set(hitKey(row.cluster_id, row.rule_fqdn, row.error_key), row.impacted_since);
  }
  const rows: unknown[][] = [];
  for (const w of writes) {
    const seen = new Set<string>();
    for (const hit of w.hits) {
      const fqdn = moduleOf(hit.component);
      const key = hitKey(w.clusterName, fqdn, hit.key);
      if (seen.has(key)) continue; // `x` and `x.report` with one key: one recommendation
      seen.add(key);
      rows.push([w.orgId, w.clusterName, fqdn, hit.key, `${fqdn}|${hit.key}`, createdAt, previous.get(key) ?? createdAt]);
    }
  }
  await bulkInsert(db, trx, 'recommendation', RECOMMENDATION_COLUMNS, rows, '', RECOMMENDATION_PG_TYPES);
}

async function upsertReportInfo(db: Db, trx: Trx, writes: OcpWrite[]): Promise<void> {
  const rows = writes.filter((w) => w.versionInfo !== null).map((w) => [w.orgId, w.clusterName, w.versionInfo]);
  await bulkInsert(
    db,
    trx,
    'report_info',
    REPORT_INFO_COLUMNS,
    rows,
    'ON CONFLICT (cluster_id) DO UPDATE SET org_id = excluded.org_id, version_info = excluded.version_info',
  );
}

export interface OcpBatchInput {
  writes: OcpWrite[];
  errors: ConsumerErrorRow[];
  /** Wall clock of the batch ("storedAt"). */
  now: Instant;
  logger: Logger;
}

/** Writes the batch; returns the status of each write (same order). Nothing is committed on a throw. */
export async function writeOcpBatch(db: Db, input: OcpBatchInput): Promise<WriteStatus[]> {
  const { writes, now } = input;
  const statuses: WriteStatus[] = writes.map(() => 'skipped-older');
  const winners = newestPerCluster(writes);
  const clusters = [...winners.keys()];
  await inTransaction(db, async (trx) => {
    const toWrite: OcpWrite[] = [];
    if (clusters.length > 0) {
      await lockClusters(db, trx, LOCK_CLASS, clusters);
      const stored = await readStored(db, trx, clusters);
      const moves = new Map<number, string[]>();
      for (const [cluster, index] of winners) {
        const w = writes[index];
        const s = stored.get(cluster);
        if (s?.lastChecked && w.lastChecked.micros <= s.lastChecked.micros) continue;
        toWrite.push(w);
        statuses[index] = 'written';
        const storedOrg = s?.reportOrg ?? s?.infoOrg;
        if (storedOrg !== undefined && storedOrg !== w.orgId) moves.set(w.orgId, [...(moves.get(w.orgId) ?? []), cluster]);
      }
      if (toWrite.length > 0) {
        const createdAt = toDbTimestamp(truncateToSeconds(now));
        await moveOrgs(db, trx, moves);
        await replaceRuleHits(db, trx, toWrite, createdAt);
        await upsertReports(db, trx, toWrite, toDbTimestamp(now));
        await replaceRecommendations(db, trx, toWrite, stored, createdAt);
        await upsertReportInfo(db, trx, toWrite);
      }
    }
    await insertConsumerErrors(db, trx, input.errors, input.logger);
  });
  return statuses;
}
