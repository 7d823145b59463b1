/**
 * `insights-results-aggregator migration [latest|max|N]` (spec 1.3): shows or changes the schema version of
 * the storage `storage_backend.use` selects.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { type Db, openStorage } from './db.js';
import { ensureMigrationInfo, getVersion, maxVersion, migrateTo } from './migrations/migrator.js';
import { isRedisStorage, storageOf } from './storages.js';

export async function migrationCommand(config: Config, args: string[], logger: Logger): Promise<number> {
  const selected = storageOf(config, config.storage_backend.use);
  if (!selected) {
    logger.error('storage backend does not support database migrations');
    return EXIT.migration;
  }
  const { set, conf } = selected;
  if (isRedisStorage(conf)) {
    logger.info('Skipping migration for non-SQL database type');
    return EXIT.ok;
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
  let db: Db;
  try {
    db = openStorage(conf);
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
