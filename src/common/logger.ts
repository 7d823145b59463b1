/**
 * pino logger configured from a `[logging]` section (spec 6.2): JSON lines by default, readable console
 * output with `debug = true`; `log_level` debug/info/warn(ing)/error/fatal, anything else means debug
 * (upstream). Every line carries the executable's name.
 */
import { type Logger, pino } from 'pino';

export type { Logger };

/** The `[logging]` keys every service has. */
export interface LoggingConfig {
  debug: boolean;
  use_stderr: boolean;
  log_level: string;
}

export function levelOf(name: string): pino.Level {
  switch (name.trim().toLowerCase()) {
    case 'info':
      return 'info';
    case 'warn':
    case 'warning':
      return 'warn';
    case 'error':
      return 'error';
    case 'fatal':
      return 'fatal';
    case '':
      return 'info';
    default:
      return 'debug';
  }
}

/**
 * Values never written to the logs, wherever a log call puts them (an error's fields, a config object):
 * the same secret names print-config masks.
 */
export const REDACT = {
  paths: [
    ...['password', 'pg_password', 'sasl_password', 'aws_secret_key', 'aws_session_token', 'dsn', 'token', 'secret'].flatMap((k) => [
      k,
      `*.${k}`,
      `*.*.${k}`,
    ]),
    'headers["x-rh-identity"]',
    'headers.authorization',
    '*.headers["x-rh-identity"]',
    '*.headers.authorization',
  ],
  censor: '*****',
};

/** A logger named after the service (`insights-results-aggregator`, `insights-content-service`, ...). */
export function createLogger(logging: LoggingConfig, name: string): Logger {
  const level = levelOf(logging.log_level);
  const fd = logging.use_stderr ? 2 : 1;
  if (logging.debug) {
    return pino({
      name,
      level,
      redact: REDACT,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: true, translateTime: 'SYS:standard' } },
    });
  }
  return pino({ name, level, redact: REDACT, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: false }));
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
