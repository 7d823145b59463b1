/** Entry point of `insights-results-aggregator`. */
import { runCli } from './cli.js';

// Output piped into a reader that stops early (`print-config | head`): stop quietly, as Go programs do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// Open handles (pools, sockets) must not keep a finished command alive.
setTimeout(() => process.exit(code), 200).unref();
