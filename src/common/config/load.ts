/**
 * Configuration loading per spec 6.1, for any service: a TOML file, then environment overrides, then
 * Clowder. A service describes itself with a ConfigSpec (file variable, env prefix, schema, default file).
 *
 * - The file is named by `spec.fileEnv` (e.g. INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE). As upstream (viper),
 *   the directory and the base name without its extension are used, and `<name>.toml` is looked for there:
 *   `config/x`, `config/x.toml` and `config/x.tom` all find `config/x.toml`. A file named exactly (any
 *   extension) is read as TOML when no `<name>.toml` exists. A missing file is fatal.
 *   Without the variable, `<defaultFile>.toml` (default `config.toml`) in the working directory, if any.
 * - Without a file every key starts at its zero value.
 * - `<envPrefix><SECTION>__<KEY>` sets any key, also one absent from the file (upstream's library only
 *   overrides keys present in the file).
 * - `ACG_CONFIG` (Clowder) is applied last, by the service's own mapping.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseDuration } from '../time.js';
import { type ClowderConfig, readClowder } from './clowder.js';
import { ConfigError } from './errors.js';
import type { ConfigOf, ConfigSchema, KeyType } from './schema.js';
import { zeroConfigOf } from './schema.js';

export { ConfigError };

export interface ConfigSpec<S extends ConfigSchema> {
  /** The variable naming the configuration file, e.g. `INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE`. */
  fileEnv: string;
  /** Prefix of the per-key variables, e.g. `INSIGHTS_RESULTS_AGGREGATOR__` (then `SECTION__KEY`). */
  envPrefix: string;
  schema: S;
  /** Base name looked for in the working directory without `fileEnv` (default `config`). */
  defaultFile?: string;
  /** `section.key` names upstream deployments still set: ignored with a warning. */
  retiredKeys?: ReadonlySet<string>;
  /** `section.key` names whose values are never printed (print-config masks them; see common/service). */
  secretKeys?: ReadonlySet<string>;
  /** Maps a Clowder document (ACG_CONFIG) onto the configuration; warnings for what it cannot map. */
  clowder?: (config: ConfigOf<S>, clowder: ClowderConfig, warnings: string[]) => void;
  /**
   * Other file formats by extension (lower case, no dot, e.g. `yaml`): a file named with such an extension
   * is read as it is (no `<name>.toml` lookup) and translated into sections and keys; the reader throws a
   * ConfigError naming the key for anything it cannot honour. Without one, files are TOML.
   */
  fileFormats?: Readonly<Record<string, FileFormatReader>>;
}

/** Translates a configuration file of another format into `section -> key -> value` (then checked as TOML's are). */
export type FileFormatReader = (
  text: string,
  file: string,
  env: NodeJS.ProcessEnv,
  warnings: string[],
) => Record<string, Record<string, unknown>>;

const extensionOf = (path: string) => extname(path).slice(1).toLowerCase();

export interface LoadResult<C> {
  config: C;
  /** Where the file came from, or null when none was found (zero values). */
  file: string | null;
  warnings: string[];
}

/** The extensions looked for beside a named file (we read TOML only). */
const SUPPORTED_EXTENSIONS = ['toml'];

export function loadConfig<S extends ConfigSchema>(
  spec: ConfigSpec<S>,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): LoadResult<ConfigOf<S>> {
  const warnings: string[] = [];
  const config = zeroConfigOf(spec.schema);
  const file = findConfigFile(spec, env, cwd);
  if (file) {
    let doc: Record<string, unknown>;
    const reader = spec.fileFormats?.[extensionOf(file)];
    try {
      const text = readFileSync(file, 'utf8');
      doc = reader ? reader(text, file, env, warnings) : (parseToml(text) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(`cannot parse configuration file ${file}: ${(err as Error).message}`);
    }
    for (const [section, keys] of Object.entries(doc)) {
      if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
        warnings.push(`configuration file: '${section}' is not a section; ignored`);
        continue;
      }
      for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
        setKey(spec, config, section, key, value, warnings, 'configuration file');
      }
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(spec.envPrefix) || value === undefined) continue;
    const parts = name.slice(spec.envPrefix.length).split('__');
    if (parts.length !== 2) {
      warnings.push(`environment variable ${name} does not name SECTION__KEY; ignored`);
      continue;
    }
    setKey(spec, config, parts[0].toLowerCase(), parts[1].toLowerCase(), value, warnings, `environment variable ${name}`);
  }
  if (env.ACG_CONFIG && spec.clowder) spec.clowder(config, readClowder(env.ACG_CONFIG), warnings);
  return { config, file, warnings };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findConfigFile<S extends ConfigSchema>(spec: ConfigSpec<S>, env: NodeJS.ProcessEnv, cwd: string): string | null {
  const named = env[spec.fileEnv];
  if (named) {
    const path = resolve(cwd, named);
    if (spec.fileFormats?.[extensionOf(path)] && isFile(path)) return path;
    const dir = dirname(path);
    const base = basename(path);
    const name = base.slice(0, base.length - extname(base).length); // Go: strings.TrimSuffix(base, filepath.Ext(base))
    for (const ext of SUPPORTED_EXTENSIONS) {
      const candidate = join(dir, `${name}.${ext}`);
      if (isFile(candidate)) return candidate;
    }
    if (isFile(path)) return path;
    throw new ConfigError(`configuration file ${named} (${spec.fileEnv}) does not exist`);
  }
  const local = join(cwd, `${spec.defaultFile ?? 'config'}.toml`);
  return existsSync(local) ? local : null;
}

function setKey<S extends ConfigSchema>(
  spec: ConfigSpec<S>,
  config: ConfigOf<S>,
  section: string,
  key: string,
  value: unknown,
  warnings: string[],
  source: string,
): void {
  const fullKey = `${section}.${key}`;
  const type = (spec.schema as ConfigSchema)[section]?.[key];
  if (!type) {
    warnings.push(
      spec.retiredKeys?.has(fullKey)
        ? `${source}: key '${fullKey}' is no longer used; ignored`
        : `${source}: unknown key '${fullKey}'; ignored`,
    );
    return;
  }
  (config as Record<string, Record<string, unknown>>)[section][key] = convert(fullKey, type, value);
}

export function convert(fullKey: string, type: KeyType, value: unknown): string | number | boolean {
  const bad = (): never => {
    throw new ConfigError(`invalid value ${JSON.stringify(value)} for key '${fullKey}': expected ${type}`);
  };
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return bad();
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value.trim())) return true;
        if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value.trim())) return false;
      }
      return bad();
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      return bad();
    case 'duration': {
      if (typeof value === 'number' && Number.isInteger(value)) return value / 1e6; // Go: plain ints are ns
      if (typeof value !== 'string') return bad();
      const ms = parseDuration(value);
      return ms === null ? bad() : ms;
    }
  }
}
