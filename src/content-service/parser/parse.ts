/**
 * The rule-content tree parser (spec 1.3-1.4), as upstream's content service walks it:
 * `config.yaml` (impact and resolution-risk dictionaries), then `external/` and `internal/` (both
 * mandatory; `ocs/` and anything else are not read). A directory holding a regular file `plugin.yaml` is a
 * rule (named by its directory); any other directory is descended into. Every sub-directory of a rule is an
 * error key. A broken rule is left out of the content and recorded in the status map with its error; the
 * others are served. Only a broken tree (no config, no external/internal) fails the whole parse
 * (ContentTreeError: the service exits 2 at start, or keeps its last good content on reload).
 */
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import {
  MISSING_MANDATORY_ATTRIBUTES,
  type RuleContent,
  type RuleContentDirectory,
  type RuleErrorKeyContent,
  type RuleParseStatus,
  type RuleTexts,
} from '#contracts/content.js';
import { GoYamlError, unmarshalStruct } from './go-yaml.js';

/** The whole tree cannot be read (exit code 2 at start). The message is Go's (`open <path>: no such file or directory`). */
export class ContentTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContentTreeError';
  }
}

/** One rule cannot be used: its status says why. */
class RuleError extends Error {}

export interface ParsedContent {
  content: RuleContentDirectory;
  /** Every rule directory found, keyed by its name. */
  status: Record<string, RuleParseStatus>;
  /** What upstream logs while parsing (unknown impact names, duplicate rule names, broken rules). */
  warnings: string[];
}

/** `^[a-zA-Z_0-9.]+$` (CCXDEV-14636). */
const ERROR_KEY_NAME = /^[a-zA-Z_0-9.]+$/;

const TEXT_FILES = [
  ['generic', 'generic.md'],
  ['summary', 'summary.md'],
  ['resolution', 'resolution.md'],
  ['more_info', 'more_info.md'],
  ['reason', 'reason.md'],
] as const;

const PLUGIN_FIELDS = { name: 'string', node_id: 'string', product_code: 'string', python_module: 'string' } as const;
const METADATA_FIELDS = {
  description: 'string',
  impact: 'string',
  likelihood: 'int',
  publish_date: 'string',
  resolution_risk: 'string',
  status: 'string',
  tags: '[]string',
} as const;
const CONFIG_FIELDS = { impact: 'map[string]int', resolution_risk: 'map[string]int' } as const;

/** Go's `os` error text for a failed open/read. */
function goOpenError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'ENOTDIR'
        ? 'not a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : String((err as Error).message);
  return `open ${path}: ${reason}`;
}

/** A file's text, or null when it cannot be read (missing, a directory, unreadable). */
function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function listDirs(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readTexts(dir: string): RuleTexts {
  const texts = {} as RuleTexts;
  for (const [field, file] of TEXT_FILES) texts[field] = readText(posix.join(dir, file)) ?? '';
  texts.HasReason = true; // after the texts: Go's field order
  return texts;
}

function yamlOrRuleError<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof GoYamlError) throw new RuleError(err.message);
    throw err;
  }
}

class TreeParser {
  readonly content: RuleContentDirectory;
  readonly status: Record<string, RuleParseStatus> = {};
  readonly warnings: string[] = [];
  private readonly origin = new Map<string, string>();

  constructor(config: RuleContentDirectory['Config']) {
    this.content = { Config: config, Rules: {} };
  }

  parseRule(dir: string): RuleContent {
    const errorKeys: Record<string, RuleErrorKeyContent> = {};
    const { impact: impacts, resolution_risk: risks } = this.content.Config;
    for (const ek of listDirs(dir)) {
      const ekDir = posix.join(dir, ek.name);
      const texts = readTexts(ekDir);
      const metadataText = readText(posix.join(ekDir, 'metadata.yaml'));
      if (metadataText === null) throw new RuleError('Missing required file: metadata.yaml');
      const md = yamlOrRuleError(() => unmarshalStruct(metadataText, 'content.ErrorKeyMetadata', METADATA_FIELDS));
      const impact = impacts[md.impact];
      if (impact === undefined) this.warnings.push(`impact '${md.impact}' of ${ekDir} has no integer in config.yaml: 0 is used`);
      errorKeys[ek.name] = {
        metadata: {
          description: md.description,
          impact: { name: md.impact, impact: impact ?? 0 },
          likelihood: md.likelihood,
          publish_date: md.publish_date,
          resolution_risk: risks[md.resolution_risk] ?? 0,
          status: md.status,
          tags: md.tags,
        },
        total_risk: 0,
        ...texts,
      };
    }
    const texts = readTexts(dir);
    const pluginText = readText(posix.join(dir, 'plugin.yaml')) ?? '';
    const plugin = yamlOrRuleError(() => unmarshalStruct(pluginText, 'content.RulePluginInfo', PLUGIN_FIELDS));
    for (const [name, ek] of Object.entries(errorKeys)) {
      for (const [field] of TEXT_FILES) if (ek[field] === '') ek[field] = texts[field];
      if (ek.generic === '' || ek.reason === '' || !ERROR_KEY_NAME.test(name)) throw new RuleError(MISSING_MANDATORY_ATTRIBUTES);
    }
    return { plugin, error_keys: errorKeys, ...texts };
  }

  walk(dir: string, type: RuleParseStatus['type']): void {
    let entries: Dirent[];
    try {
      entries = listDirs(dir);
    } catch (err) {
      throw new ContentTreeError(goOpenError(dir, err));
    }
    for (const entry of entries) {
      const sub = posix.join(dir, entry.name);
      if (!isRegularFile(posix.join(sub, 'plugin.yaml'))) {
        this.walk(sub, type);
        continue;
      }
      const name = entry.name;
      const earlier = this.origin.get(name);
      if (earlier !== undefined) this.warnings.push(`rule name '${name}' of ${sub} was already found in ${earlier}: the later one is used`);
      this.origin.set(name, sub);
      try {
        this.content.Rules[name] = this.parseRule(sub);
        this.status[name] = { type, loaded: true, error: '' };
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        delete this.content.Rules[name];
        this.status[name] = { type, loaded: false, error: err.message };
        this.warnings.push(`rule in ${sub} left out: ${err.message}`);
      }
    }
  }
}

/** Parses the content tree at `root`. Throws ContentTreeError when the tree itself is unusable. */
export function parseContentTree(root: string): ParsedContent {
  const base = posix.normalize(root.replaceAll('\\', '/')).replace(/(.)\/+$/, '$1');
  const configPath = posix.join(base, 'config.yaml');
  let configText: string;
  try {
    configText = readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new ContentTreeError(goOpenError(configPath, err));
  }
  let config: RuleContentDirectory['Config'];
  try {
    config = unmarshalStruct(configText, 'content.GlobalRuleConfig', CONFIG_FIELDS);
  } catch (err) {
    throw new ContentTreeError((err as Error).message);
  }
  const parser = new TreeParser(config);
  parser.walk(posix.join(base, 'external'), 'external');
  parser.walk(posix.join(base, 'internal'), 'internal');
  return { content: parser.content, status: parser.status, warnings: parser.warnings };
}
