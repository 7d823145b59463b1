/**
 * CREATE TABLE texts needed by more than one OCP step (a table is rebuilt, dropped and recreated, or
 * rebuilt on SQLite where PostgreSQL alters it). Each takes the table name, since rebuilds create the new
 * table under a temporary name. Types are upstream's PostgreSQL ones (see support.ts `forDialect`).
 */

export const RULE = (name = 'rule') => `
  CREATE TABLE ${name} (
    module     VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    summary    VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    resolution VARCHAR NOT NULL,
    more_info  VARCHAR NOT NULL
  )`;

/** `rule_error_key`: v2 (plain FK), v6 (ON DELETE CASCADE), v10 (+ tags). */
export const RULE_ERROR_KEY = (name: string, opts: { cascade: boolean; tags: boolean }) => `
  CREATE TABLE ${name} (
    error_key    VARCHAR NOT NULL,
    rule_module  VARCHAR NOT NULL REFERENCES rule(module)${opts.cascade ? ' ON DELETE CASCADE' : ''},
    condition    VARCHAR NOT NULL,
    description  VARCHAR NOT NULL,
    impact       INTEGER NOT NULL,
    likelihood   INTEGER NOT NULL,
    publish_date TIMESTAMP NOT NULL,
    active       BOOLEAN NOT NULL,
    generic      VARCHAR NOT NULL,${opts.tags ? "\n    tags         VARCHAR NOT NULL DEFAULT ''," : ''}
    PRIMARY KEY (error_key, rule_module)
  )`;

export const RULE_ERROR_KEY_COLUMNS = [
  'error_key',
  'rule_module',
  'condition',
  'description',
  'impact',
  'likelihood',
  'publish_date',
  'active',
  'generic',
];

/** `cluster_rule_user_feedback` as of v3..v14: FKs to report (v4+) and rule (v4..v10). */
export const FEEDBACK_V3 = (name: string, fk: { report: boolean; rule: boolean }) => `
  CREATE TABLE ${name} (
    cluster_id VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    user_vote  SMALLINT NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (cluster_id, rule_id, user_id)${
      fk.report
        ? `,
    FOREIGN KEY (cluster_id) REFERENCES report(cluster) ON DELETE CASCADE`
        : ''
    }${
      fk.rule
        ? `,
    FOREIGN KEY (rule_id) REFERENCES rule(module) ON DELETE CASCADE`
        : ''
    }
  )`;

export const FEEDBACK_V3_COLUMNS = ['cluster_id', 'rule_id', 'user_id', 'message', 'user_vote', 'added_at', 'updated_at'];

/** `cluster_rule_user_feedback` as of v15 (SQLite rebuild). */
export const FEEDBACK_V15 = (name: string) => `
  CREATE TABLE ${name} (
    cluster_id VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    user_vote  SMALLINT NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    error_key  VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (cluster_id, rule_id, user_id, error_key),
    FOREIGN KEY (cluster_id) REFERENCES report(cluster) ON DELETE CASCADE
  )`;

/** `cluster_rule_toggle` as of v7 (PK with user_id) and v14 (PK without it, user_id nullable). */
export const TOGGLE_V7 = (name: string, v14: boolean) => `
  CREATE TABLE ${name} (
    cluster_id     VARCHAR NOT NULL,
    rule_id        VARCHAR NOT NULL,
    user_id        VARCHAR${v14 ? '' : ' NOT NULL'},
    disabled       SMALLINT NOT NULL,
    disabled_at    TIMESTAMP NULL,
    enabled_at     TIMESTAMP NULL,
    updated_at     TIMESTAMP NOT NULL,
    disabled_check SMALLINT CHECK (disabled >= 0 AND disabled <= 1),
    PRIMARY KEY (cluster_id, rule_id${v14 ? '' : ', user_id'})
  )`;

export const TOGGLE_V7_COLUMNS = [
  'cluster_id',
  'rule_id',
  'user_id',
  'disabled',
  'disabled_at',
  'enabled_at',
  'updated_at',
  'disabled_check',
];

/** `cluster_rule_toggle` as of v15 (SQLite rebuild). */
export const TOGGLE_V15 = (name: string) => `
  CREATE TABLE ${name} (
    cluster_id     VARCHAR NOT NULL,
    rule_id        VARCHAR NOT NULL,
    user_id        VARCHAR,
    disabled       SMALLINT NOT NULL,
    disabled_at    TIMESTAMP NULL,
    enabled_at     TIMESTAMP NULL,
    updated_at     TIMESTAMP NOT NULL,
    disabled_check SMALLINT CHECK (disabled >= 0 AND disabled <= 1),
    error_key      VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (cluster_id, rule_id, error_key)
  )`;

/** `cluster_user_rule_disable_feedback` as of v12 and v15. */
export const DISABLE_FEEDBACK = (name: string, v15: boolean) => `
  CREATE TABLE ${name} (
    cluster_id VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,
    message    VARCHAR NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,${v15 ? "\n    error_key  VARCHAR NOT NULL DEFAULT ''," : ''}
    PRIMARY KEY (cluster_id, user_id, rule_id${v15 ? ', error_key' : ''})
  )`;

export const DISABLE_FEEDBACK_COLUMNS = ['cluster_id', 'user_id', 'rule_id', 'message', 'added_at', 'updated_at'];

/** `rule_disable` as of v17 (PK with user_id) and v28 (PK without it); SQLite rebuilds. */
export const RULE_DISABLE = (name: string, v28: boolean) => `
  CREATE TABLE ${name} (
    org_id        VARCHAR NOT NULL,
    user_id       VARCHAR NOT NULL,
    rule_id       VARCHAR NOT NULL,
    error_key     VARCHAR NOT NULL,
    justification VARCHAR,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP,
    PRIMARY KEY (${v28 ? '' : 'user_id, '}org_id, rule_id, error_key)
  )`;

export const RULE_DISABLE_COLUMNS = ['org_id', 'user_id', 'rule_id', 'error_key', 'justification', 'created_at', 'updated_at'];

/** `advisor_ratings` as of v20 (with user_id) and v31 (without); SQLite rebuilds. */
export const ADVISOR_RATINGS_V20 = (name: string, v31: boolean) => `
  CREATE TABLE ${name} (${v31 ? '' : '\n    user_id         VARCHAR NOT NULL,'}
    org_id          VARCHAR NOT NULL,
    rule_fqdn       VARCHAR NOT NULL,
    error_key       VARCHAR NOT NULL,
    rated_at        TIMESTAMP,
    last_updated_at TIMESTAMP,
    rating          SMALLINT,
    rule_id         VARCHAR NOT NULL DEFAULT '.',
    PRIMARY KEY (${v31 ? '' : 'user_id, '}org_id, rule_fqdn, error_key)
  )`;
