/**
 * Helpers of the writer and pipeline tests: migrated databases on both backends, messages, table dumps.
 */
import { sql } from 'kysely';
import type { StorageConfig } from '../../../config.js';
import { Metrics } from '../../../metrics.js';
import { silentLogger } from '#common/logger.js';
import { type Db, openStorage } from '../../../storage/db.js';
import { ensureMigrationInfo, maxVersion, migrateTo } from '../../../storage/migrations/migrator.js';
import { backends } from '#test/helpers/databases.js';
import { type Pipeline, type PipelineOptions, createPipeline } from '../../pipeline.js';
export * from '../../processor/test-helpers/messages.js';

export { backends };

export interface TestDb {
  db: Db;
  conf: StorageConfig;
  drop(): Promise<void>;
}

/** A fresh database of the backend, migrated to the latest OCP and (unless `ocp: false`) DVO versions. */
export async function migratedDb(backend: (typeof backends)[number], sets: { ocp?: boolean; dvo?: boolean } = {}): Promise<TestDb> {
  const target = await backend.create();
  const db = openStorage(target.conf);
  for (const set of ['ocp', 'dvo'] as const) {
    if (sets[set] === false) continue;
    await ensureMigrationInfo(db, set);
    await migrateTo(db, set, maxVersion(set));
  }
  return {
    db,
    conf: target.conf,
    drop: async () => {
      await db.close();
      await target.drop();
    },
  };
}

export function pipelineFor(db: Db, kind: 'ocp' | 'dvo', options: Partial<PipelineOptions> = {}): Pipeline & { metrics: Metrics } {
  const metrics = options.metrics ?? new Metrics('', { defaultMetrics: false });
  const pipeline = createPipeline(kind, {
    db,
    metrics,
    logger: silentLogger,
    allowlist: null,
    displayMessageWithWrongStructure: false,
    ...options,
  });
  return Object.assign(pipeline, { metrics });
}

const TABLE_ORDER: Record<string, string> = {
  report: 'cluster',
  rule_hit: 'cluster_id, rule_fqdn, error_key',
  recommendation: 'cluster_id, rule_fqdn, error_key',
  report_info: 'cluster_id',
  consumer_error: 'topic, partition, topic_offset',
  cluster_rule_toggle: 'cluster_id, rule_id, error_key',
  cluster_rule_user_feedback: 'cluster_id, rule_id, user_id, error_key',
  cluster_user_rule_disable_feedback: 'cluster_id, user_id, rule_id, error_key',
  'dvo.dvo_report': 'org_id, cluster_id, namespace_id',
};

/** Every row of the tables, in a fixed order (for "the database is unchanged" comparisons). */
export async function dump(
  db: Db,
  tables = ['report', 'rule_hit', 'recommendation', 'report_info', 'consumer_error'],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const { rows } = await sql.raw(`SELECT * FROM ${table} ORDER BY ${TABLE_ORDER[table]}`).execute(db.kysely);
    out[table] = rows;
  }
  return out;
}

/** Empties the OCP result tables (tests that reuse the shared messages' single cluster). */
export async function clearOcp(db: Db): Promise<void> {
  for (const table of [
    'rule_hit',
    'recommendation',
    'report_info',
    'consumer_error',
    'cluster_rule_toggle',
    'cluster_rule_user_feedback',
    'cluster_user_rule_disable_feedback',
    'report',
  ]) {
    await sql.raw(`DELETE FROM ${table}`).execute(db.kysely);
  }
}

export async function rowsOf<T = Record<string, unknown>>(db: Db, table: string, where: string, value: unknown): Promise<T[]> {
  const { rows } =
    await sql`SELECT * FROM ${sql.table(table)} WHERE ${sql.ref(where)} = ${value} ORDER BY ${sql.raw(TABLE_ORDER[table])}`.execute(
      db.kysely,
    );
  return rows as T[];
}
