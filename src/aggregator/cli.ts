/**
 * `insights-results-aggregator [command]` (spec 1.3, exit codes 1.6).
 */
import type { Logger } from 'pino';
import { ConfigError, loadConfig } from '#common/config/load.js';
import { type Config, secretKeys } from './config.js';
import { createLogger } from '#common/logger.js';
import { type Db, openStorage } from './storage/db.js';
import { type MigrationSet, ensureMigrationInfo, getVersion, maxVersion, migrateTo } from './storage/migrations/migrator.js';
import { buildInfo } from './build-info.js';
import { EXIT } from './exit-codes.js';

export const HELP = `Aggregator service for insights results

Usage:

    insights-results-aggregator [command]

The commands are:

    <EMPTY>             starts aggregator
    start-service       starts aggregator
    help                prints help
    print-help          prints help
    print-config        prints current configuration set by files & env variables (secrets masked)
    print-env           prints env variables
    print-version-info  prints version info
    migration           prints information about migrations (current, latest)
    migration <version> migrates database to the specified version (a number, "latest" or "max")
    import PATH...      validates and stores result messages from files, folders of .json files,
                        or JSON Lines on stdin ("-"), without Kafka
`;

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
};

export async function runCli(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const command = (argv[0] ?? 'start-service').trim().toLowerCase();
  const args = argv.slice(1);
  switch (command) {
    case 'help':
    case 'print-help':
      io.out(HELP);
      return EXIT.ok;
    case 'print-env':
      for (const [k, v] of Object.entries(io.env)) io.out(`${k}=${v ?? ''}\n`);
      return EXIT.ok;
    case 'print-version-info': {
      const info = buildInfo();
      for (const [k, v] of Object.entries(info)) io.out(`${k}: ${v}\n`);
      return EXIT.ok;
    }
    default:
      break;
  }
  let config: Config;
  let warnings: string[];
  try {
    ({ config, warnings } = loadConfig(io.env));
  } catch (err) {
    io.err(`configuration error: ${(err as Error).message}\n`);
    return err instanceof ConfigError ? EXIT.storage : EXIT.error; // upstream panics (exit 2)
  }
  if (command === 'print-config') {
    io.out(`${JSON.stringify(printableConfig(config), null, '\t')}\n`);
    return EXIT.ok;
  }
  const logger = createLogger(config.logging);
  for (const w of warnings) logger.warn(w);
  switch (command) {
    case 'start-service':
      return startServiceCommand(config, logger);
    case 'migration':
    case 'migrations':
    case 'migrate':
      return migrationCommand(config, args, logger);
    case 'import': {
      const { importCommand } = await import('./db-writer/import-command.js');
      return importCommand(args, config, logger);
    }
    default:
      io.out(`Command '${command}' not found\n`);
      io.out(HELP);
      return EXIT.ok;
  }
}

const GO_NAMES: Record<string, string> = {
  broker: 'Broker',
  server: 'Server',
  processing: 'Processing',
  ocp_recommendations_storage: 'OCPRecommendationsStorage',
  dvo_recommendations_storage: 'DVORecommendationsStorage',
  storage_backend: 'StorageBackend',
  logging: 'Logging',
  cloudwatch: 'CloudWatch',
  redis: 'Redis',
  metrics: 'Metrics',
  sentry: 'SentryLoggingConf',
};

function goField(key: string): string {
  return key
    .split('_')
    .map((p) => (['id', 'api', 'sql', 'db', 'pg', 'aws', 'dsn'].includes(p) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('');
}

/** print-config: Go field names; secrets masked (a deliberate change, docs/compatibility.md); timeout in ns. */
export function printableConfig(config: Config): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, keys] of Object.entries(config)) {
    const sec: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      let v = value;
      if (secretKeys.has(`${section}.${key}`) && v !== '') v = '*****';
      if (section === 'broker' && key === 'timeout') v = Math.round((value as number) * 1e6);
      sec[goField(key)] = v;
    }
    out[GO_NAMES[section] ?? goField(section)] = sec;
  }
  return out;
}

function migrationSetOf(config: Config): MigrationSet | null {
  switch (config.storage_backend.use) {
    case 'ocp_recommendations':
      return 'ocp';
    case 'dvo_recommendations':
      return 'dvo';
    default:
      return null;
  }
}

async function migrationCommand(config: Config, args: string[], logger: Logger): Promise<number> {
  const set = migrationSetOf(config);
  if (!set) {
    logger.error('storage backend does not support database migrations');
    return EXIT.migration;
  }
  if (args.length > 1) {
    logger.error('migration command can take one optional argument at most');
    return EXIT.migration;
  }
  let target: number | null = null;
  if (args.length === 1) {
    const arg = args[0].trim().toLowerCase();
    if (arg === 'latest' || arg === 'max') target = maxVersion(set);
    else if (/^\d+$/.test(arg)) target = Number(arg);
    else {
      logger.error({ argument: args[0] }, 'unable to parse migration version');
      return EXIT.migration;
    }
  }
  const storageConf = set === 'ocp' ? config.ocp_recommendations_storage : config.dvo_recommendations_storage;
  let db: Db;
  try {
    db = openStorage(storageConf);
  } catch (err) {
    logger.error({ err }, 'unable to prepare DB for migrations');
    return EXIT.storage;
  }
  try {
    await ensureMigrationInfo(db, set);
    if (target === null) {
      const current = await getVersion(db, set);
      logger.info(`Current DB version: ${current}`);
      logger.info(`Maximum available version: ${maxVersion(set)}`);
      process.stdout.write(`Current DB version: ${current}\nMaximum available version: ${maxVersion(set)}\n`);
      return EXIT.ok;
    }
    const result = await migrateTo(db, set, target);
    logger.info({ from: result.from, to: result.to }, 'Database version is now %d', result.to);
    process.stdout.write(`Database version is now ${result.to}\n`);
    return EXIT.ok;
  } catch (err) {
    logger.error({ err }, 'migration failed');
    process.stderr.write(`migration failed: ${(err as Error).message}\n`);
    return EXIT.migration;
  } finally {
    await db.close();
  }
}

async function startServiceCommand(config: Config, logger: Logger): Promise<number> {
  logger.info(buildInfo(), 'version info');
  const { StoragePreparationError, startService } = await import('./service.js');
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, logger);
  } catch (err) {
    if (err instanceof StoragePreparationError) {
      logger.error(err.message);
      process.stderr.write(`${err.message}\n`);
      return EXIT.storage;
    }
    logger.error({ err }, 'service start failed');
    process.stderr.write(`service start failed: ${(err as Error).message}\n`);
    return EXIT.error;
  }
  const onSignal = () => {
    logger.info('SIGINT or SIGTERM was sent, stopping the service...');
    const force = setTimeout(() => {
      logger.error('graceful stop took over 10 s; exiting');
      process.exit(EXIT.error);
    }, 10_000);
    force.unref();
    void service.stop('signal');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return service.stopped;
}
