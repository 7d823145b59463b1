/**
 * `insights-results-smart-proxy [command]` (spec 3.1, Part 7 point 7), declared through the service shell.
 * Upstream's `-help`/`-version` flags and `print-version` are aliases here.
 */
import { defineService } from '#common/service/shell.js';
import type { BuildInfo } from '#common/service/build-info.js';
import { configSpec, sectionNames } from './config.js';

export const HELP = `Smart Proxy service for insights results

Usage:

    insights-results-smart-proxy [command]

The commands are:

    <EMPTY>             starts smart proxy REST API server
    start-service       starts smart proxy REST API server
    help                prints help
    print-help          prints help
    print-config        prints current configuration set by files & env variables (secrets masked)
    print-env           prints env variables
    print-version-info  prints version info

`;

/** Upstream prints whether Clowder is on before the help block (Part 7 point 7). */
function helpText(): string {
  const clowder = process.env.ACG_CONFIG ? 'Clowder is enabled' : 'Clowder is disabled';
  return `${clowder}\n${HELP}`;
}

function versionText(build: BuildInfo): string {
  const version = build.BuildVersion.startsWith('v') ? build.BuildVersion : `v${build.BuildVersion}`;
  const fields = Object.entries(build)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
  return `Version:\t${version}\n${fields}`;
}

export const smartProxy = defineService({
  name: 'insights-results-smart-proxy',
  get help() {
    return helpText();
  },
  config: { ...configSpec, sectionNames },
  versionText,
  commands: {},
  start: async ({ config, logger, build }) => {
    const { start } = await import('./service.js');
    return start(config, logger, build);
  },
});

/** Upstream's flags and alias (`-help`, `--help`, `-version`, `print-version`) mapped to the shell's commands. */
export function normaliseArgs(argv: string[]): string[] {
  const first = argv[0]?.trim().toLowerCase();
  if (first === '-help' || first === '--help' || first === '-h') return ['help', ...argv.slice(1)];
  if (first === '-version' || first === '--version' || first === 'print-version') return ['print-version-info', ...argv.slice(1)];
  return argv;
}
