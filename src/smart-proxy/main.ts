/** Entry point of `insights-results-smart-proxy` (bin/insights-results-smart-proxy runs its compiled form). */
import { runMain } from '#common/service/main.js';
import { normaliseArgs, smartProxy } from './commands.js';

await runMain(smartProxy, normaliseArgs(process.argv.slice(2)));
