/** `insights-ingress [command]`, declared through the service shell (help, print-config, ... come from it). */
import { defineService } from '#common/service/shell.js';
import { configSpec } from './config.js';

export const HELP = `Upload endpoint for Insights Operator archives (insights-ingress)

Usage:

    insights-ingress [command]

The commands are:

    <EMPTY>             starts the service (POST /api/ingress/v1/upload; stores in S3 or a folder, announces on Kafka or the folder queue)
    start-service       starts the service
    help                prints help
    print-help          prints help
    print-config        prints current configuration set by files & env variables (secrets masked)
    print-env           prints env variables
    print-version-info  prints version info

Configuration: INSIGHTS_INGRESS_CONFIG_FILE (TOML, default ./ingress.toml), INSIGHTS_INGRESS__SECTION__KEY.
`;

export const ingress = defineService({
  name: 'insights-ingress',
  help: HELP,
  config: configSpec,
  start: async ({ config, logger }) => {
    const { start } = await import('./service.js');
    return start(config, logger);
  },
});
