/** Entry point of `insights-content-service` (bin/insights-content-service runs its compiled form). */
import { runMain } from '#common/service/main.js';
import { contentService } from './commands.js';

await runMain(contentService);
