/**
 * `insights-results-aggregator [command]` (spec 1.3, exit codes 1.6), declared through the service shell
 * (common/service/shell.ts): the help text, the configuration, the aggregator's own commands and its start
 * function. The shell adds help, print-config, print-env, print-version-info and start-service.
 */
import { type Command, defineService } from '#common/service/shell.js';
import { type Config, configSpec, sectionNames } from './config.js';
import { migrationCommand } from './storage/migration-command.js';

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

const migration: Command<Config> = ({ config, args, logger }) => migrationCommand(config, args, logger);

export const aggregator = defineService({
  name: 'insights-results-aggregator',
  help: HELP,
  config: { ...configSpec, sectionNames },
  commands: {
    migration,
    migrations: migration,
    migrate: migration,
    import: async ({ config, args, logger }) => {
      const { importCommand } = await import('./db-writer/import-command.js');
      return importCommand(args, config, logger);
    },
  },
  start: async ({ config, logger }) => {
    const { start } = await import('./service.js');
    return start(config, logger);
  },
});
