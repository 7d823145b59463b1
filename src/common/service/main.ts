/**
 * The body of every executable's main.ts: `await runMain(definition)` runs the command line and exits with
 * its code.
 */
import type { ConfigSchema } from '../config/schema.js';
import { runService, type ServiceDefinition } from './shell.js';

export async function runMain<S extends ConfigSchema>(definition: ServiceDefinition<S>, argv = process.argv.slice(2)): Promise<void> {
  // Output piped into a reader that stops early (`print-config | head`): stop quietly, as Go programs do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const code = await runService(definition, argv);
  process.exitCode = code;
  // Open handles (pools, sockets) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 200).unref();
}
