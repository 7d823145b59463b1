/**
 * PostgreSQL's CPU per statement for the aggregator's list routes A16/A17 and alternatives to them
 * (docs/performance.md, smart proxy, issue 12): `node --import tsx bench/proxy/list-sql.ts <database>
 * [statements per round] [names,...]`, against the database of a held bench stack (`bench/proxy/stack.ts`:
 * the organisation 1 with 1,000 clusters, 7 hits each). Each statement is a named prepared statement bound to
 * all of the organisation's clusters (A16 now runs unnamed in the aggregator: see STATEMENTS); after 10
 * unmeasured executions (the plan cache settles on its plan), N executions; the backend's CPU from /proc/<pid>/stat. Three rounds, each
 * statement in turn. `PLAN_CACHE_MODE=force_custom_plan` sets the session's plan_cache_mode.
 */
import pg from 'pg';
import { PG_HOST, PG_PORT, PG_USER } from '#test/helpers/databases.js';
import { sample } from './cpu.js';

const [database, perRound = '100', only] = process.argv.slice(2);
if (!database) throw new Error('usage: list-sql.ts <database> [statements per round] [names,...]');
const N = Number(perRound);
const agg = (col: string) => `count(${col}) || chr(1) || string_agg(${col}, chr(1))`;
const ANY = 'ANY(CAST($2 AS varchar[]))';
const UNNEST = '(SELECT unnest(CAST($2 AS varchar[])))';
const a17 = (filter: string) =>
  `SELECT rep.cluster, rep.last_checked_at, ri.version_info, (SELECT ${agg('rec.rule_id')} FROM recommendation rec ` +
  `WHERE rec.org_id = rep.org_id AND rec.cluster_id = rep.cluster AND rec.rule_id <> '') AS ids FROM report rep ` +
  `LEFT JOIN report_info ri ON ri.org_id = rep.org_id AND ri.cluster_id = rep.cluster WHERE rep.org_id = $1 AND ${filter}`;
const a16 = (filter: string) =>
  `SELECT rec.rule_id, ${agg('rec.cluster_id')} AS c FROM recommendation rec WHERE rec.org_id = $1 AND ${filter} GROUP BY rec.rule_id`;

const STATEMENTS: Record<string, string> = {
  // As prepared statements: A17 as shipped; A16 as it was before it ran unnamed (lists.ts; with
  // PLAN_CACHE_MODE=force_custom_plan, the plan it now gets on every request).
  a16: a16(`rec.cluster_id = ${ANY}`),
  a17: a17(`rep.cluster = ${ANY}`),
  // A semi-join against the unnested list (the planner picks a nested loop of index descents).
  a16_semi: a16(`rec.cluster_id IN ${UNNEST}`),
  a17_semi: a17(`rep.cluster IN ${UNNEST}`),
  // The same with the index made unusable for the cluster, so that it must hash the list.
  a16_hash: a16(`(rec.cluster_id || '') IN ${UNNEST}`),
  // Floors: the organisation's rows with no cluster filter at all.
  a16_org: a16('$2::varchar[] IS NOT NULL'),
  count_org: 'SELECT count(*) FROM recommendation WHERE org_id = $1 AND $2::varchar[] IS NOT NULL',
  group_org: 'SELECT rule_id, count(*) FROM recommendation WHERE org_id = $1 AND $2::varchar[] IS NOT NULL GROUP BY rule_id',
};

const client = new pg.Client({ host: PG_HOST, port: PG_PORT, user: PG_USER, database });
await client.connect();
if (process.env.PLAN_CACHE_MODE) await client.query(`SET plan_cache_mode = ${client.escapeIdentifier(process.env.PLAN_CACHE_MODE)}`);
const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
const ids = (await client.query<{ cluster: string }>('SELECT cluster FROM report WHERE org_id = 1 ORDER BY cluster')).rows.map(
  (r) => r.cluster,
);
const names = Object.keys(STATEMENTS).filter((n) => !only || only.split(',').includes(n));
const cpu = new Map<string, number[]>();
const rows = new Map<string, number>();
for (let round = 0; round < 3; round++) {
  for (const name of names) {
    const run = () => client.query({ name, text: STATEMENTS[name], values: [1, ids] });
    for (let i = 0; i < 10; i++) await run();
    const before = sample(backend);
    for (let i = 0; i < N; i++) rows.set(name, (await run()).rowCount ?? 0);
    const after = sample(backend);
    if (before && after) cpu.set(name, [...(cpu.get(name) ?? []), (after.cpuMs - before.cpuMs) / N]);
  }
}
for (const name of names) {
  console.log(
    `${name.padEnd(10)} ${(cpu.get(name) ?? []).map((ms) => ms.toFixed(1)).join(' ')} ms backend CPU per statement, ${rows.get(name)} rows`,
  );
}
await client.end();
