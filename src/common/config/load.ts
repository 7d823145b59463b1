/**
 * Configuration loading per spec 6.1: TOML file, then environment overrides, then Clowder.
 * Unlike the upstream config library, an environment variable may set any key, also one absent from the file.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parse as parseToml } from 'smol-toml';
import { type Config, retiredKeys, schema, zeroConfig } from '../../aggregator/config.js';
import type { KeyType } from './schema.js';
import { parseDuration } from '../time.js';

export const CONFIG_FILE_ENV = 'INSIGHTS_RESULTS_AGGREGATOR_CONFIG_FILE';
export const ENV_PREFIX = 'INSIGHTS_RESULTS_AGGREGATOR__';

export class ConfigError extends Error {}

export interface LoadResult {
  config: Config;
  /** Where the file came from, or null when none was found (zero values). */
  file: string | null;
  warnings: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadResult {
  const warnings: string[] = [];
  const config = zeroConfig();
  const file = findConfigFile(env, cwd);
  if (file) {
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`cannot parse configuration file ${file}: ${(err as Error).message}`);
    }
    for (const [section, keys] of Object.entries(doc)) {
      if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
        warnings.push(`configuration file: '${section}' is not a section; ignored`);
        continue;
      }
      for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
        setKey(config, section, key, value, warnings, 'configuration file');
      }
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const parts = name.slice(ENV_PREFIX.length).split('__');
    if (parts.length !== 2) {
      warnings.push(`environment variable ${name} does not name SECTION__KEY; ignored`);
      continue;
    }
    setKey(config, parts[0].toLowerCase(), parts[1].toLowerCase(), value, warnings, `environment variable ${name}`);
  }
  if (env.ACG_CONFIG) applyClowder(config, env.ACG_CONFIG, warnings);
  return { config, file, warnings };
}

function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const named = env[CONFIG_FILE_ENV];
  if (named) {
    const path = resolve(cwd, named);
    if (existsSync(path)) return path;
    // The extension is optional: look for "<base>.<ext>" beside it.
    const dir = dirname(path);
    const base = basename(path);
    const candidate = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${base}.`) && f.endsWith('.toml')) : undefined;
    if (candidate) return join(dir, candidate);
    throw new ConfigError(`configuration file ${named} (${CONFIG_FILE_ENV}) does not exist`);
  }
  const local = join(cwd, 'config.toml');
  return existsSync(local) ? local : null;
}

function setKey(config: Config, section: string, key: string, value: unknown, warnings: string[], source: string): void {
  const fullKey = `${section}.${key}`;
  const sectionSchema = (schema as Record<string, Record<string, KeyType>>)[section];
  const type = sectionSchema?.[key];
  if (!type) {
    warnings.push(
      retiredKeys.has(fullKey) ? `${source}: key '${fullKey}' is no longer used; ignored` : `${source}: unknown key '${fullKey}'; ignored`,
    );
    return;
  }
  (config as unknown as Record<string, Record<string, unknown>>)[section][key] = convert(fullKey, type, value);
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

interface ClowderConfig {
  kafka?: {
    brokers?: {
      hostname: string;
      port?: number;
      authtype?: string;
      cacert?: string;
      securityProtocol?: string;
      sasl?: { username?: string; password?: string; saslMechanism?: string; securityProtocol?: string };
    }[];
    topics?: { requestedName: string; name: string }[];
  };
  database?: { name?: string; hostname?: string; port?: number; username?: string; password?: string };
  inMemoryDb?: { hostname?: string; port?: number; username?: string; password?: string };
}

function applyClowder(config: Config, path: string, warnings: string[]): void {
  let clowder: ClowderConfig;
  try {
    clowder = JSON.parse(readFileSync(path, 'utf8')) as ClowderConfig;
  } catch (err) {
    throw new ConfigError(`cannot read Clowder configuration ACG_CONFIG=${path}: ${(err as Error).message}`);
  }
  const brokers = clowder.kafka?.brokers ?? [];
  if (brokers.length > 0) {
    config.broker.addresses = brokers.map((b) => `${b.hostname}:${b.port ?? 9092}`).join(',');
    const first = brokers[0];
    if (first.authtype && first.sasl) {
      config.broker.sasl_username = first.sasl.username ?? '';
      config.broker.sasl_password = first.sasl.password ?? '';
      config.broker.sasl_mechanism = first.sasl.saslMechanism ?? config.broker.sasl_mechanism;
      config.broker.security_protocol = first.sasl.securityProtocol ?? first.securityProtocol ?? config.broker.security_protocol;
    }
    if (first.cacert) {
      const caPath = join(tmpdir(), 'insights-results-clowder-ca.crt');
      writeFileSync(caPath, first.cacert);
      config.broker.cert_path = caPath;
    }
  }
  const topics = new Map((clowder.kafka?.topics ?? []).map((t) => [t.requestedName, t.name]));
  for (const key of ['topic', 'dead_letter_queue_topic', 'payload_tracker_topic'] as const) {
    const requested = config.broker[key];
    if (!requested) continue;
    const actual = topics.get(requested);
    if (actual) config.broker[key] = actual;
    else warnings.push(`Clowder: topic '${requested}' (broker.${key}) is not in the topic map; kept as is`);
  }
  const db = clowder.database;
  if (db) {
    for (const storage of [config.ocp_recommendations_storage, config.dvo_recommendations_storage]) {
      if (db.name !== undefined) storage.pg_db_name = db.name;
      if (db.hostname !== undefined) storage.pg_host = db.hostname;
      if (db.port !== undefined) storage.pg_port = db.port;
      if (db.username !== undefined) storage.pg_username = db.username;
      if (db.password !== undefined) storage.pg_password = db.password;
    }
  }
  const mem = clowder.inMemoryDb;
  if (mem?.hostname) {
    config.redis.endpoint = `${mem.hostname}:${mem.port ?? 6379}`;
    if (mem.username) config.redis.username = mem.username;
    if (mem.password) config.redis.password = mem.password;
  }
}
