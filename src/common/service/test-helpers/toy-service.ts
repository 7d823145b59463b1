/**
 * A small service declared through the shell, as a new executable would be (tests of common/service):
 * schema with a secret and a duration, its own command, and a start function whose behaviour the
 * environment chooses (TOY__SERVER__MODE: `run` keeps running until stopped, `fail` fails start-up with
 * exit 7, `crash` throws a plain error, `finish` ends by itself).
 */
import type { ConfigOf } from '../../config/schema.js';
import { superviseTasks } from '../lifecycle.js';
import { defineService, StartError } from '../shell.js';

export const toySchema = {
  server: { address: 'string', mode: 'string', timeout: 'duration', api_token: 'string' },
  storage: { pg_password: 'string', pg_params: 'string', endpoint: 'string' },
  logging: { debug: 'bool', use_stderr: 'bool', log_level: 'string' },
} as const;

export type ToyConfig = ConfigOf<typeof toySchema>;

export const toy = defineService({
  name: 'toy-service',
  help: 'Toy service\n\nUsage:\n\n    toy-service [command]\n',
  config: {
    fileEnv: 'TOY_CONFIG_FILE',
    envPrefix: 'TOY__',
    schema: toySchema,
    defaultFile: 'toy',
    secretKeys: new Set(['storage.endpoint']),
    sectionNames: { server: 'ServerConf' },
  },
  commands: {
    echo: async ({ args, config, io }) => {
      io.out(`echo ${args.join(' ')} at ${config.server.address}\n`);
      return 3;
    },
  },
  start: async ({ config, logger }) => {
    const mode = config.server.mode;
    if (mode === 'fail') throw new StartError('toy storage is not ready', 7);
    if (mode === 'crash') throw new Error('toy exploded');
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const timer = mode === 'finish' ? setTimeout(finish, 10) : setInterval(() => {}, 1000);
    const service = superviseTasks([{ name: 'toy task', done, stop: async () => finish() }], logger, async () => clearInterval(timer));
    logger.info('toy service started');
    return service;
  },
});
