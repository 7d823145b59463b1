/** Entry point of `insights-results-aggregator`. */
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Open handles (pools, sockets) must not keep a finished command alive.
setTimeout(() => process.exit(code), 200).unref();
