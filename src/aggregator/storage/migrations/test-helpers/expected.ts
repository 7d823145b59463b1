/**
 * What the migrations must produce: the upstream table set at every OCP/DVO version (spec 3.2) and the
 * final schema of spec 3.3, written out by hand from the spec.
 */

/** Tables of schema `public` at OCP version n (index n). */
export const OCP_TABLES: string[][] = [];
{
  const changes: Record<number, { add?: string[]; drop?: string[] }> = {
    0: { add: ['migration_info'] },
    1: { add: ['report'] },
    2: { add: ['rule', 'rule_error_key'] },
    3: { add: ['cluster_rule_user_feedback'] },
    5: { add: ['consumer_error'] },
    7: { add: ['cluster_rule_toggle'] },
    11: { drop: ['rule', 'rule_error_key'] },
    12: { add: ['cluster_user_rule_disable_feedback'] },
    13: { add: ['rule_hit'] },
    16: { add: ['recommendation'] },
    17: { add: ['rule_disable'] },
    18: { add: ['advisor_ratings'] },
    23: { add: ['report_info'] },
  };
  let current: string[] = [];
  for (let v = 0; v <= 32; v++) {
    const change = changes[v] ?? {};
    current = [...current.filter((t) => !change.drop?.includes(t)), ...(change.add ?? [])].sort();
    OCP_TABLES.push(current);
  }
}

/** Tables of schema `dvo` at DVO version n. */
export const DVO_TABLES: string[][] = [
  ['migration_info'],
  ['dvo_report', 'migration_info'],
  ['dvo_report', 'migration_info'],
  ['dvo_report', 'migration_info'],
  ['dvo_report', 'migration_info'],
];

// PostgreSQL type names as information_schema reports them.
const INT = 'integer';
const VC = 'character varying';
const TS = 'timestamp without time zone';

type Col = [name: string, type: string, notNull: boolean, defaultValue?: string];

const NN = true;
const NULL = false;

/** Spec 3.3: table -> columns [name, pg type, NOT NULL, default (pg text)]. */
export const OCP_FINAL: Record<string, Col[]> = {
  migration_info: [['version', INT, NN]],
  report: [
    ['org_id', INT, NN],
    ['cluster', VC, NN],
    ['report', VC, NN],
    ['reported_at', TS, NULL],
    ['last_checked_at', TS, NULL],
    ['kafka_offset', 'bigint', NN, '0'],
    ['gathered_at', TS, NULL],
  ],
  rule_hit: [
    ['org_id', INT, NN],
    ['cluster_id', VC, NN],
    ['rule_fqdn', VC, NN],
    ['error_key', VC, NN],
    ['template_data', VC, NN],
    ['created_at', TS, NULL],
  ],
  recommendation: [
    ['org_id', INT, NN],
    ['cluster_id', VC, NN],
    ['rule_fqdn', 'text', NN],
    ['error_key', VC, NN],
    ['rule_id', VC, NN, "'.'::character varying"],
    ['created_at', TS, NULL, "(now() AT TIME ZONE 'utc'::text)"],
    ['impacted_since', TS, NULL],
  ],
  report_info: [
    ['org_id', INT, NN],
    ['cluster_id', VC, NN],
    ['version_info', VC, NN],
  ],
  cluster_rule_user_feedback: [
    ['cluster_id', VC, NN],
    ['rule_id', VC, NN],
    ['user_id', VC, NN],
    ['message', VC, NN],
    ['user_vote', 'smallint', NN],
    ['added_at', TS, NN],
    ['updated_at', TS, NN],
    ['error_key', VC, NN, "''::character varying"],
    ['org_id', VC, NN, "'0'::character varying"],
  ],
  cluster_rule_toggle: [
    ['cluster_id', VC, NN],
    ['rule_id', VC, NN],
    ['disabled', 'smallint', NN],
    ['disabled_at', TS, NULL],
    ['enabled_at', TS, NULL],
    ['updated_at', TS, NN],
    ['disabled_check', 'smallint', NULL],
    ['error_key', VC, NN, "''::character varying"],
    ['org_id', VC, NN, "'0'::character varying"],
  ],
  cluster_user_rule_disable_feedback: [
    ['cluster_id', VC, NN],
    ['user_id', VC, NN],
    ['rule_id', VC, NN],
    ['message', VC, NN],
    ['added_at', TS, NN],
    ['updated_at', TS, NN],
    ['error_key', VC, NN, "''::character varying"],
    ['org_id', VC, NN, "'0'::character varying"],
  ],
  rule_disable: [
    ['org_id', VC, NN],
    ['rule_id', VC, NN],
    ['error_key', VC, NN],
    ['justification', VC, NULL],
    ['created_at', TS, NN],
    ['updated_at', TS, NULL],
  ],
  advisor_ratings: [
    ['org_id', VC, NN],
    ['rule_fqdn', VC, NN],
    ['error_key', VC, NN],
    ['rated_at', TS, NULL],
    ['last_updated_at', TS, NULL],
    ['rating', 'smallint', NULL],
    ['rule_id', VC, NN, "'.'::character varying"],
  ],
  consumer_error: [
    ['topic', VC, NN],
    ['partition', INT, NN],
    ['topic_offset', INT, NN],
    ['key', VC, NULL],
    ['produced_at', TS, NN],
    ['consumed_at', TS, NN],
    ['message', VC, NULL],
    ['error', VC, NN],
  ],
};

export const DVO_FINAL: Record<string, Col[]> = {
  migration_info: [['version', INT, NN]],
  dvo_report: [
    ['org_id', INT, NN],
    ['cluster_id', VC, NN],
    ['namespace_id', VC, NN],
    ['namespace_name', VC, NULL],
    ['report', 'text', NULL],
    ['recommendations', INT, NN],
    ['objects', INT, NN],
    ['reported_at', TS, NULL],
    ['last_checked_at', TS, NULL],
    ['rule_hits_count', 'jsonb', NULL, "'{}'::jsonb"],
  ],
};

/** Primary keys (name, columns in order) of spec 3.3. */
export const OCP_PKEYS: Record<string, [string, string[]]> = {
  report: ['report_pkey', ['org_id', 'cluster']],
  rule_hit: ['rule_hit_pkey', ['cluster_id', 'org_id', 'rule_fqdn', 'error_key']],
  recommendation: ['recommendation_pk', ['org_id', 'cluster_id', 'rule_fqdn', 'error_key']],
  report_info: ['report_info_pkey', ['org_id', 'cluster_id']],
  cluster_rule_user_feedback: ['cluster_rule_user_feedback_pkey', ['cluster_id', 'rule_id', 'user_id', 'error_key']],
  cluster_rule_toggle: ['cluster_rule_toggle_pkey', ['cluster_id', 'rule_id', 'error_key']],
  cluster_user_rule_disable_feedback: ['cluster_user_rule_disable_feedback_pkey', ['cluster_id', 'user_id', 'rule_id', 'error_key']],
  rule_disable: ['rule_disable_pkey', ['org_id', 'rule_id', 'error_key']],
  advisor_ratings: ['advisor_ratings_pkey', ['org_id', 'rule_fqdn', 'error_key']],
  consumer_error: ['consumer_error_pkey', ['topic', 'partition', 'topic_offset']],
};

export const DVO_PKEYS: Record<string, [string, string[]]> = {
  dvo_report: ['dvo_report_pkey', ['org_id', 'cluster_id', 'namespace_id']],
};

/** SQLite's rendering of a column: nearest type, SQLite's text of the default. */
export function sqliteColumn(type: string, defaultValue: string | undefined): { type: string; default: string | null } {
  const sqliteType = ['integer', 'smallint', 'bigint'].includes(type) ? 'INTEGER' : 'TEXT';
  if (defaultValue === undefined) return { type: sqliteType, default: null };
  if (defaultValue.startsWith('(now()')) return { type: sqliteType, default: "strftime('%Y-%m-%d %H:%M:%f', 'now')" };
  return { type: sqliteType, default: defaultValue.replace(/::[a-z ]+$/, '') };
}
