/** The toy service as an executable (`node --import tsx src/common/service/test-helpers/toy-main.ts`). */
import { runMain } from '../main.js';
import { toy } from './toy-service.js';

await runMain(toy);
