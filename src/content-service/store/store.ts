/**
 * The content being served: one immutable snapshot (parsed tree, status map, groups, and the answers
 * encoded once: gob and JSON of the tree, the groups body, the full status body). Requests read the
 * current snapshot and never encode. `reload()` (SIGHUP) builds a new snapshot and swaps it in whole; when
 * the new tree or groups file is broken the previous snapshot stays, and the failure is kept for `/status`,
 * the log and `content_last_reload_success`. (Upstream reads content once and needs a restart.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { encodeGob } from '#common/go/gob/index.js';
import { goJson } from '#common/http/envelope.js';
import {
  type ContentGroup,
  contentToGobValue,
  RULE_CONTENT_DIRECTORY_GOB,
  type RuleContentDirectory,
  type RuleParseStatus,
} from '#contracts/content.js';
import { parseContentTree, parseGroupsFile } from '../parser/index.js';
import type { ContentMetrics } from '../metrics.js';

export interface Snapshot {
  content: RuleContentDirectory;
  status: Record<string, RuleParseStatus>;
  groups: ContentGroup[];
  /** Go gob of `RuleContentDirectory` (the `/content` body). */
  gob: Buffer;
  /** The same tree as JSON (Go's json.Marshal: map keys sorted), for `Accept: application/json`. */
  json: Buffer;
  groupsBody: Buffer;
  statusBody: Buffer;
  /** `YYYY.MM.DD`: `OCP_RULES_VERSION`, else the first line of `<content>/VERSION`, else the load date. */
  rulesVersion: string;
  loadedAt: Date;
}

export interface ReloadFailure {
  error: string;
  at: string;
}

export interface StorePaths {
  contentPath: string;
  groupsPath: string;
}

export function sortedRecord<V>(record: Record<string, V>, f: (v: V) => V = (v) => v): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key of Object.keys(record).sort()) out[key] = f(record[key]!);
  return out;
}

/** Go's json.Marshal order: struct fields in declaration order, map keys sorted. */
function goOrdered(content: RuleContentDirectory): RuleContentDirectory {
  return {
    Config: { impact: sortedRecord(content.Config.impact), resolution_risk: sortedRecord(content.Config.resolution_risk) },
    Rules: sortedRecord(content.Rules, (rule) => ({ ...rule, error_keys: sortedRecord(rule.error_keys) })),
  };
}

function rulesVersion(contentPath: string, now: Date, env: NodeJS.ProcessEnv): string {
  if (env.OCP_RULES_VERSION) return env.OCP_RULES_VERSION;
  try {
    const line = readFileSync(join(contentPath, 'VERSION'), 'utf8').split('\n')[0]!.trim();
    if (line) return line;
  } catch {
    // no VERSION file
  }
  return now.toISOString().slice(0, 10).replaceAll('-', '.');
}

/** Reads and encodes everything; throws ContentTreeError / GroupsFileError (nothing is swapped then). */
export function buildSnapshot(paths: StorePaths, logger?: Logger, env: NodeJS.ProcessEnv = process.env): Snapshot {
  const parsed = parseContentTree(paths.contentPath);
  const groups = parseGroupsFile(paths.groupsPath);
  for (const w of parsed.warnings) logger?.warn(w);
  const loadedAt = new Date();
  return {
    content: parsed.content,
    status: parsed.status,
    groups,
    gob: encodeGob(RULE_CONTENT_DIRECTORY_GOB, contentToGobValue(parsed.content)),
    json: Buffer.from(goJson(goOrdered(parsed.content))),
    groupsBody: Buffer.from(goJson({ groups, status: 'ok' })),
    statusBody: Buffer.from(goJson({ rules: sortedRecord(parsed.status), status: 'ok' })),
    rulesVersion: rulesVersion(paths.contentPath, loadedAt, env),
    loadedAt,
  };
}

export class ContentStore {
  private snapshot: Snapshot;
  private failure: ReloadFailure | null = null;

  constructor(
    private readonly paths: StorePaths,
    private readonly logger: Logger,
    private readonly metrics: ContentMetrics,
  ) {
    this.snapshot = buildSnapshot(paths, logger);
    this.recorded();
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  /** The last reload's failure while the previous content is served, else null. */
  get lastFailure(): ReloadFailure | null {
    return this.failure;
  }

  private recorded(): void {
    const states = Object.values(this.snapshot.status);
    const loaded = states.filter((s) => s.loaded).length;
    this.metrics.rules.set({ state: 'loaded' }, loaded);
    this.metrics.rules.set({ state: 'failed' }, states.length - loaded);
    this.metrics.lastReloadSuccess.set(this.failure ? 0 : 1);
    this.logger.info(
      { rules: loaded, failed_rules: states.length - loaded, groups: this.snapshot.groups.length, gob_bytes: this.snapshot.gob.length },
      'content loaded',
    );
    for (const [name, s] of Object.entries(this.snapshot.status))
      if (!s.loaded) this.logger.error({ rule: name, type: s.type }, `rule not loaded: ${s.error}`);
  }

  /** Re-reads the tree and the groups file; keeps the current snapshot when either is broken. */
  reload(): boolean {
    try {
      const next = buildSnapshot(this.paths, this.logger);
      this.snapshot = next;
      this.failure = null;
      this.metrics.reloads.inc({ result: 'ok' });
      this.recorded();
      return true;
    } catch (err) {
      this.failure = { error: (err as Error).message, at: new Date().toISOString() };
      this.metrics.reloads.inc({ result: 'failed' });
      this.metrics.lastReloadSuccess.set(0);
      this.logger.error({ err: (err as Error).message }, 'content reload failed: the previous content is still served');
      return false;
    }
  }
}
