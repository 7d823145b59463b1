// Builds the web console (`npm run build:console`) for the launchers (start-local.mjs, start-full.mjs).
// Vite refuses a second build of the same project while one runs ("Found another Vite build process"): two
// launchers started together (or one during a build by hand) then waited for none. Here the refused one waits
// for the other to finish, checks again whether a build is still needed, and builds then; other failures
// are final. The build's output is printed once it ends (not for a refusal that is waited out).
import { spawnSync } from 'node:child_process';

const WAIT_MS = 2_000;
const GIVE_UP_MS = 5 * 60_000;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** true when the console is built (by this call or by the other build); `needed()` says whether to build. */
export function buildConsole(needed, { log = (line) => console.log(line) } = {}) {
  const giveUpAt = Date.now() + GIVE_UP_MS;
  for (;;) {
    if (!needed()) return true;
    const run = spawnSync('npm', ['run', 'build:console', '--silent'], { encoding: 'utf8' });
    const busy = run.status !== 0 && /Found another Vite build process/.test(`${run.stdout}${run.stderr}`);
    if (!busy || Date.now() > giveUpAt) {
      process.stdout.write(run.stdout ?? '');
      process.stderr.write(run.stderr ?? '');
      return run.status === 0;
    }
    log('another build of the web console is running: waiting for it');
    sleep(WAIT_MS);
  }
}
