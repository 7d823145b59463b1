/**
 * The service shell: every executable of the package declares itself with `defineService` (its name, help
 * text, configuration spec, commands and start function) and runs with `runService` (from its main.ts, see
 * main.ts here). The shell provides what upstream's Go services share (spec 1.3–1.6):
 *
 * - the command table: the first argument is trimmed and lower-cased; none means `start-service`;
 *   `help`/`print-help`, `print-config` (Go names, secrets masked), `print-env`, `print-version-info`,
 *   `start-service`, plus the service's own commands; an unknown command prints
 *   `Command '<x>' not found` and the help, exit 0;
 * - configuration loading (a configuration error: exit 2, as a Go panic), the logger named after the
 *   service, the configuration's warnings logged;
 * - `start-service`: version info logged, the service started, SIGINT/SIGTERM stop it gracefully (exit
 *   with the stop's code; a stop that takes over 10 s exits 1), start-up failures mapped to exit codes.
 */
import type { Logger } from 'pino';
import { ConfigError, type ConfigSpec, loadConfig } from '../config/load.js';
import type { ConfigOf, ConfigSchema } from '../config/schema.js';
import { createLogger, type LoggingConfig } from '../logger.js';
import { type BuildInfo, buildInfo } from './build-info.js';
import { EXIT } from './exit-codes.js';
import { printableConfig } from './print-config.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
};

export interface CommandContext<C> {
  /** The arguments after the command name. */
  args: string[];
  config: C;
  logger: Logger;
  io: CliIO;
  build: BuildInfo;
}

/** A service command: resolves with the process exit code. */
export type Command<C> = (ctx: CommandContext<C>) => Promise<number>;

/** A started service. */
export interface RunningService {
  /** Resolves with the exit code once the service has stopped (by itself or by stop()). */
  stopped: Promise<number>;
  /** Graceful stop; resolves with the exit code. */
  stop(reason?: string): Promise<number>;
}

/** A start-up failure with its exit code (e.g. the aggregator's storage not at the latest migration: 2). */
export class StartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The service already logged it. */
    readonly logged = false,
  ) {
    super(message);
  }
}

export interface ServiceDefinition<S extends ConfigSchema> {
  /** The executable's name (also the logger's `name`), e.g. `insights-results-aggregator`. */
  name: string;
  /** The text of `help` / `print-help` (and after an unknown command). */
  help: string;
  config: ConfigSpec<S> & {
    /** Go field names of the sections for print-config, where they are not the CamelCase of the key. */
    sectionNames?: Readonly<Record<string, string>>;
    /** Go field names of keys (`section.key`) for print-config, where they are not the CamelCase of the key. */
    keyNames?: Readonly<Record<string, string>>;
  };
  /** The service's own commands by (lower-case) name; aliases are separate entries. */
  commands?: Readonly<Record<string, Command<ConfigOf<S>>>>;
  /** `start-service` (and no command): starts the service; throws StartError (or any error: exit 1). */
  start(ctx: CommandContext<ConfigOf<S>>): Promise<RunningService>;
  /** print-version-info's text (default: `<Key>: <value>` per line). */
  versionText?: (build: BuildInfo) => string;
  /** The `[logging]` section (default: `config.logging`, else info level on stdout). */
  logging?: (config: ConfigOf<S>) => LoggingConfig;
}

export function defineService<S extends ConfigSchema>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}

/** How long a graceful stop may take after SIGINT/SIGTERM before the process exits with 1. */
export const STOP_TIMEOUT_MS = 10_000;

const DEFAULT_LOGGING: LoggingConfig = { debug: false, use_stderr: false, log_level: 'info' };

function defaultVersionText(build: BuildInfo): string {
  return Object.entries(build)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
}

/** Runs one command line of a service; resolves with the exit code (the caller exits). */
export async function runService<S extends ConfigSchema>(
  definition: ServiceDefinition<S>,
  argv: string[],
  io: CliIO = processIO,
): Promise<number> {
  const command = (argv[0] ?? 'start-service').trim().toLowerCase();
  const args = argv.slice(1);
  const build = buildInfo();
  switch (command) {
    case 'help':
    case 'print-help':
      io.out(definition.help);
      return EXIT.ok;
    case 'print-env':
      for (const [k, v] of Object.entries(io.env)) io.out(`${k}=${v ?? ''}\n`);
      return EXIT.ok;
    case 'print-version-info':
      io.out((definition.versionText ?? defaultVersionText)(build));
      return EXIT.ok;
    default:
      break;
  }
  const own = definition.commands?.[command];
  if (command !== 'start-service' && command !== 'print-config' && !own) {
    io.out(`Command '${command}' not found\n`);
    io.out(definition.help);
    return EXIT.ok;
  }
  let config: ConfigOf<S>;
  let warnings: string[];
  try {
    ({ config, warnings } = loadConfig(definition.config, io.env));
  } catch (err) {
    io.err(`configuration error: ${(err as Error).message}\n`);
    return err instanceof ConfigError ? EXIT.config : EXIT.error; // upstream panics (exit 2)
  }
  if (command === 'print-config') {
    const printed = printableConfig(config, {
      schema: definition.config.schema,
      secretKeys: definition.config.secretKeys,
      sectionNames: definition.config.sectionNames,
      keyNames: definition.config.keyNames,
    });
    io.out(`${JSON.stringify(printed, null, '\t')}\n`);
    return EXIT.ok;
  }
  const logging = definition.logging?.(config) ?? (config as { logging?: LoggingConfig }).logging ?? DEFAULT_LOGGING;
  const logger = createLogger(logging, definition.name);
  for (const w of warnings) logger.warn(w);
  const ctx: CommandContext<ConfigOf<S>> = { args, config, logger, io, build };
  if (own) return own(ctx);
  return startService(definition, ctx);
}

async function startService<S extends ConfigSchema>(definition: ServiceDefinition<S>, ctx: CommandContext<ConfigOf<S>>): Promise<number> {
  const { logger, io } = ctx;
  logger.info(ctx.build, 'version info');
  let service: RunningService;
  try {
    service = await definition.start(ctx);
  } catch (err) {
    if (err instanceof StartError) {
      if (!err.logged) logger.error(err.message);
      io.err(`${err.message}\n`);
      return err.exitCode;
    }
    logger.error({ err }, 'service start failed');
    io.err(`service start failed: ${(err as Error).message}\n`);
    return EXIT.error;
  }
  const onSignal = () => {
    logger.info('SIGINT or SIGTERM was sent, stopping the service...');
    const force = setTimeout(() => {
      logger.error(`graceful stop took over ${STOP_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(EXIT.error);
    }, STOP_TIMEOUT_MS);
    force.unref();
    void service.stop('signal');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await service.stopped;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
