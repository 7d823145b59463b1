/** Shared fixtures of the reports and organizations tests. */
import type { Db } from '../../../storage/db.js';
import type { TestApi } from '#test/helpers/api.js';
import { BUG_KEY, BUG_MODULE, CLUSTER_IDS, KUBELET_KEY, KUBELET_MODULE, rowCounts as countTables } from '#test/helpers/fixtures.js';

/** C1-C3 are stored by the tests; UNKNOWN is never stored. */
export const [C1, C2, C3, UNKNOWN] = CLUSTER_IDS;

export const R1 = `${KUBELET_MODULE}.report`;
export const K1 = KUBELET_KEY;
export const R2 = 'ccx_rules_ocp.external.rules.samples_op_failed_image_import_check.report';
export const K2 = 'SAMPLES_FAILED_IMAGE_IMPORT_ERR';
export const R3 = `${BUG_MODULE}.report`;
export const K3 = BUG_KEY;

export const SQL_INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM report'];

const TABLES = [
  'report',
  'rule_hit',
  'recommendation',
  'report_info',
  'cluster_rule_user_feedback',
  'cluster_rule_toggle',
  'cluster_user_rule_disable_feedback',
] as const;

/** Row count of every table the features read or write. */
export const rowCounts = (db: Db) => countTables(db, TABLES);

export async function vote(
  db: Db,
  v: { cluster: string; rule: string; key?: string; user: string; vote: number; org?: string; updatedAt?: string },
) {
  await db.kysely
    .insertInto('cluster_rule_user_feedback')
    .values({
      cluster_id: v.cluster,
      rule_id: v.rule,
      error_key: v.key ?? '',
      user_id: v.user,
      user_vote: v.vote,
      message: '',
      added_at: '2024-05-01 10:00:00',
      updated_at: v.updatedAt ?? '2024-05-01 10:00:00',
      org_id: v.org ?? '1',
    })
    .execute();
}

export async function toggle(
  db: Db,
  t: { cluster: string; rule: string; key: string; org: string; disabled: 0 | 1; disabledAt?: string | null; updatedAt?: string },
) {
  await db.kysely
    .insertInto('cluster_rule_toggle')
    .values({
      cluster_id: t.cluster,
      rule_id: t.rule,
      error_key: t.key,
      org_id: t.org,
      disabled: t.disabled,
      disabled_at: t.disabledAt === undefined ? (t.disabled ? '2024-05-02 10:11:12.123456' : null) : t.disabledAt,
      enabled_at: t.disabled ? null : '2024-05-02 10:11:12',
      updated_at: t.updatedAt ?? '2024-05-02 10:11:12.123456',
    })
    .execute();
}

export async function disableFeedback(
  db: Db,
  f: { cluster: string; rule: string; key: string; user: string; message: string; updatedAt?: string },
) {
  await db.kysely
    .insertInto('cluster_user_rule_disable_feedback')
    .values({
      cluster_id: f.cluster,
      rule_id: f.rule,
      error_key: f.key,
      user_id: f.user,
      message: f.message,
      added_at: '2024-05-01 00:00:00',
      updated_at: f.updatedAt ?? '2024-05-03 04:05:06.789',
      org_id: '1',
    })
    .execute();
}

/** A raw HTTP request (no identity, exact path), for the router-level cases. */
export async function raw(
  api: TestApi,
  method: string,
  pathAfterPrefix: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(api.url + api.prefix + pathAfterPrefix, { method, redirect: 'manual', body: init.body, headers: init.headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
