/** Entry point of `ccx-data-pipeline` (bin/ccx-data-pipeline runs its compiled form). */
import { runMain } from '#common/service/main.js';
import { pipeline } from './commands.js';

await runMain(pipeline);
