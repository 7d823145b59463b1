/** Entry point of `insights-ingress` (bin/insights-ingress runs its compiled form). */
import { runMain } from '#common/service/main.js';
import { ingress } from './commands.js';

await runMain(ingress);
