/**
 * `print-config` and secret masking, for every executable (spec 1.3: Go field names, indented JSON,
 * durations in nanoseconds). Upstream prints secrets; we never do (docs/compatibility.md). Masked:
 * - every key the service lists as secret, and every key named like one (`password`, `secret`, `token`,
 *   `dsn` as a word of the key), e.g. `pg_password`, `aws_secret_key`, `sentry.dsn`;
 * - inside any other value: the password of a URL (`redis://user:pw@host` -> `redis://user:*****@host`) and
 *   `password=...` parameters (`pg_params = "sslmode=require password=x"`).
 */
import type { ConfigSchema } from '../config/schema.js';

export const MASK = '*****';

const SECRET_KEY = /(^|_)(password|passwd|secret|token|dsn)(_|$)/i;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^@\s/]*)@/gi;
const PASSWORD_PARAM = /(\bpassword\s*=\s*)('[^']*'|"[^"]*"|[^\s&;]*)/gi;

/** Whether a key (`section.key`) holds a secret. */
export function isSecretKey(fullKey: string, secretKeys: ReadonlySet<string> = new Set()): boolean {
  return secretKeys.has(fullKey) || SECRET_KEY.test(fullKey.slice(fullKey.indexOf('.') + 1));
}

/** A value with embedded credentials masked (URL passwords, `password=` parameters). */
export function maskEmbeddedSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, (_m, head: string, pw: string) => `${head}${pw === '' ? '' : MASK}@`)
    .replace(PASSWORD_PARAM, (_m, head: string, value: string) => `${head}${value === '' ? '' : MASK}`);
}

/** Go's exported field name of a snake_case key (`pg_db_name` -> `PGDBName`, `client_id` -> `ClientID`). */
export function goFieldName(key: string): string {
  return key
    .split('_')
    .map((p) => (['id', 'api', 'sql', 'db', 'pg', 'aws', 'dsn'].includes(p) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('');
}

export interface PrintConfigOptions {
  schema: ConfigSchema;
  secretKeys?: ReadonlySet<string>;
  /** Go field names of the sections where they are not `goFieldName(section)`. */
  sectionNames?: Readonly<Record<string, string>>;
  /** Go field names of keys (`section.key`) where they are not `goFieldName(key)`. */
  keyNames?: Readonly<Record<string, string>>;
}

/** The configuration as print-config shows it: Go names, secrets masked, durations in ns (Go time.Duration). */
export function printableConfig(config: object, options: PrintConfigOptions): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(config as Record<string, Record<string, unknown>>)) {
    const sec: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(keys)) {
      let v = value;
      if (typeof v === 'string' && v !== '') v = isSecretKey(`${section}.${key}`, options.secretKeys) ? MASK : maskEmbeddedSecrets(v);
      if (options.schema[section]?.[key] === 'duration') v = Math.round((value as number) * 1e6);
      sec[options.keyNames?.[`${section}.${key}`] ?? goFieldName(key)] = v;
    }
    out[options.sectionNames?.[section] ?? goFieldName(section)] = sec;
  }
  return out;
}
