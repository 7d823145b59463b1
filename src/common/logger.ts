/**
 * pino logger configured from [logging] (spec 6.2): JSON lines by default, readable console output with
 * `debug = true`; `log_level` debug/info/warn(ing)/error/fatal, anything else means debug (upstream).
 */
import { pino, type Logger } from 'pino';
import type { Config } from '../aggregator/config.js';

export type { Logger };

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

export function createLogger(logging: Config['logging'], name = 'insights-results-aggregator'): Logger {
  const level = levelOf(logging.log_level);
  const fd = logging.use_stderr ? 2 : 1;
  if (logging.debug) {
    return pino({
      name,
      level,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: true, translateTime: 'SYS:standard' } },
    });
  }
  return pino({ name, level, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: false }));
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
