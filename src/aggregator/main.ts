/** Entry point of `insights-results-aggregator` (bin/insights-results-aggregator runs its compiled form). */
import { runMain } from '#common/service/main.js';
import { aggregator } from './commands.js';

await runMain(aggregator);
