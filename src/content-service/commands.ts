/**
 * `insights-content-service [command]` (spec 1.8) on the service shell: start-service (default), help,
 * print-config, print-version-info, print-env from the shell; print-groups, print-rules (the parsed tree as
 * JSON) and print-parse-status here.
 */
import { type Command, defineService } from '#common/service/shell.js';
import { type Config, configSpec, keyNames, sectionNames } from './config.js';

export const HELP = `Content service for insights results

Usage:

    insights-content-service [command]

The commands are:

    <EMPTY>             starts content service
    start-service       starts content service
    help                prints help
    print-help          prints help
    print-config        prints current configuration set by files & env variables (secrets masked)
    print-env           prints env variables
    print-groups        prints current groups configuration
    print-rules         prints current parsed rules (JSON)
    print-parse-status  prints information about the parse status for all rules
    print-version-info  prints version info

Signals: SIGHUP reloads the content and the groups (the previous ones are kept if the new ones are broken).
`;

type Printed = 'groups' | 'content' | 'status';

const printCommand =
  (what: Printed): Command<Config> =>
  async ({ config, io }) => {
    const [{ buildSnapshot }, { resolved }, { ContentTreeError, GroupsFileError }] = await Promise.all([
      import('./store/store.js'),
      import('./config.js'),
      import('./parser/index.js'),
    ]);
    const r = resolved(config);
    try {
      const s = buildSnapshot({ contentPath: r.contentPath, groupsPath: r.groupsPath });
      io.out(
        `${JSON.stringify(what === 'groups' ? s.groups : what === 'content' ? JSON.parse(s.json.toString()) : s.status, null, '\t')}\n`,
      );
      return 0;
    } catch (err) {
      io.err(`${(err as Error).message}\n`);
      if (err instanceof ContentTreeError) return 2;
      if (err instanceof GroupsFileError) return 1;
      return 3;
    }
  };

export const contentService = defineService({
  name: 'insights-content-service',
  help: HELP,
  config: { ...configSpec, sectionNames, keyNames },
  commands: {
    'print-groups': printCommand('groups'),
    'print-rules': printCommand('content'),
    'print-parse-status': printCommand('status'),
  },
  start: async ({ config, logger }) => {
    const { start } = await import('./service.js');
    return start(config, logger);
  },
});
