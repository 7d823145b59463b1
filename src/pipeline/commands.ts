/**
 * `ccx-data-pipeline [command]`, declared through the service shell: the shell adds help, print-config,
 * print-env, print-version-info and start-service; the pipeline adds `analyze`.
 */
import { defineService } from '#common/service/shell.js';
import { configSpec } from './config.js';

export const HELP = `Rules pipeline for OpenShift Insights archives (ccx-data-pipeline)

Usage:

    ccx-data-pipeline [command]

The commands are:

    <EMPTY>             starts the pipeline (consumes platform.upload.announce, publishes ccx.ocp.results
                        and, from config/dvo_metrics, ccx.dvo.results)
    start-service       starts the pipeline
    help                prints help
    print-help          prints help
    print-config        prints current configuration set by files & env variables (secrets masked)
    print-env           prints env variables
    print-version-info  prints version info
    analyze PATH        runs the rules over one archive (.tar.gz) or extracted folder and prints the
                        report JSON with its DVO workload_recommendations; --format text prints a
                        readable summary

Configuration: CCX_DATA_PIPELINE_CONFIG_FILE (TOML, default ./pipeline.toml; a .yaml/.yml file is read in
upstream's config.yaml shape with \${NAME:default} substitution), then CCX_DATA_PIPELINE__SECTION__KEY.
`;

export const pipeline = defineService({
  name: 'ccx-data-pipeline',
  help: HELP,
  config: configSpec,
  commands: {
    analyze: async ({ config, args, io }) => {
      const [{ analyzeCommand }, { settingsOf }] = await Promise.all([import('./analyze.js'), import('./config.js')]);
      return analyzeCommand(args, settingsOf(config), io);
    },
  },
  start: async ({ config, logger }) => {
    const { start } = await import('./service.js');
    return start(config, logger);
  },
});
