/**
 * The service shell with a toy service declared as a new executable is: command table, help, unknown
 * commands, print-config with masking, print-version-info, configuration errors, start-up failures and
 * their exit codes, and SIGTERM on a real process.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { type CliIO, runService } from './shell.js';
import { toy } from './test-helpers/toy-service.js';

function io(env: NodeJS.ProcessEnv = {}): CliIO & { stdout: string; stderr: string } {
  const out = {
    stdout: '',
    stderr: '',
    env: { TOY__LOGGING__LOG_LEVEL: 'fatal', ...env },
    out: (t: string) => {
      out.stdout += t;
    },
    err: (t: string) => {
      out.stderr += t;
    },
  };
  return out;
}

describe('service shell: commands', () => {
  it('prints the help for help and print-help, and for an unknown command after "not found" (exit 0)', async () => {
    for (const command of ['help', ' Print-Help ']) {
      const o = io();
      assert.equal(await runService(toy, [command], o), 0);
      assert.equal(o.stdout, toy.help);
    }
    const o = io();
    assert.equal(await runService(toy, ['Frobnicate'], o), 0);
    assert.equal(o.stdout, `Command 'frobnicate' not found\n${toy.help}`);
  });

  it("runs the service's own command with its arguments and configuration", async () => {
    const o = io({ TOY__SERVER__ADDRESS: ':9999' });
    assert.equal(await runService(toy, ['echo', 'a', 'b'], o), 3);
    assert.equal(o.stdout, 'echo a b at :9999\n');
  });

  it('prints every environment variable with print-env', async () => {
    const o = io({ SOME_VAR: 'x=1' });
    assert.equal(await runService(toy, ['print-env'], o), 0);
    assert.match(o.stdout, /^SOME_VAR=x=1$/m);
  });

  it('prints the build information with print-version-info', async () => {
    const o = io();
    assert.equal(await runService(toy, ['print-version-info'], o), 0);
    const keys = o.stdout
      .trim()
      .split('\n')
      .map((l) => l.slice(0, l.indexOf(':')));
    assert.deepEqual(keys, ['BuildBranch', 'BuildCommit', 'BuildTime', 'BuildVersion', 'UtilsVersion']);
    assert.match(o.stdout, /^BuildVersion: \d+\.\d+\.\d+$/m);
  });

  it('print-config: Go names, durations in ns, every secret masked (listed, named like one, inside URLs and parameters)', async () => {
    const o = io({
      TOY__SERVER__ADDRESS: ':8080',
      TOY__SERVER__TIMEOUT: '30s',
      TOY__SERVER__API_TOKEN: 'tok-s3cret',
      TOY__STORAGE__PG_PASSWORD: 'pg-s3cret',
      TOY__STORAGE__PG_PARAMS: 'sslmode=require password=param-s3cret',
      TOY__STORAGE__ENDPOINT: 'listed-s3cret',
    });
    assert.equal(await runService(toy, ['print-config'], o), 0);
    assert.doesNotMatch(o.stdout, /s3cret/);
    const printed = JSON.parse(o.stdout);
    assert.deepEqual(printed.ServerConf, { Address: ':8080', Mode: '', Timeout: 30_000_000_000, APIToken: '*****' });
    assert.deepEqual(printed.Storage, { PGPassword: '*****', PGParams: 'sslmode=require password=*****', Endpoint: '*****' });
    const url = io({ TOY__STORAGE__PG_PARAMS: 'redis://user:url-s3cret@cache:6379/0' });
    await runService(toy, ['print-config'], url);
    assert.equal(JSON.parse(url.stdout).Storage.PGParams, 'redis://user:*****@cache:6379/0');
  });

  it('a configuration that cannot be loaded is exit 2 with the reason', async () => {
    const o = io({ TOY__SERVER__TIMEOUT: 'soon' });
    assert.equal(await runService(toy, ['print-config'], o), 2);
    assert.match(o.stderr, /^configuration error: invalid value "soon" for key 'server.timeout'/);
  });

  it('start-up failures: a StartError exits with its code, anything else with 1', async () => {
    const failed = io({ TOY__SERVER__MODE: 'fail' });
    assert.equal(await runService(toy, ['start-service'], failed), 7);
    assert.equal(failed.stderr, 'toy storage is not ready\n');
    const crashed = io({ TOY__SERVER__MODE: 'crash' });
    assert.equal(await runService(toy, [], crashed), 1);
    assert.equal(crashed.stderr, 'service start failed: toy exploded\n');
  });

  it('a service whose task ends by itself exits 0', async () => {
    assert.equal(await runService(toy, [], io({ TOY__SERVER__MODE: 'finish' })), 0);
  });
});

describe('service shell: configuration file of the service', () => {
  it('reads <defaultFile>.toml from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toy-'));
    writeFileSync(join(dir, 'toy.toml'), '[server]\naddress = ":7000"\n');
    writeFileSync(join(dir, 'config.toml'), '[server]\naddress = ":1"\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const o = io();
      await runService(toy, ['echo'], o);
      assert.equal(o.stdout, 'echo  at :7000\n');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('service shell: a real process', () => {
  it('stops gracefully on SIGTERM, with the upstream log line, exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/common/service/test-helpers/toy-main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, TOY__SERVER__MODE: 'run' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const started = new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`not started within 30 s: ${stdout}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('toy service started')) {
          clearTimeout(deadline);
          resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await started;
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; name: string });
      assert.ok(lines.every((l) => l.name === 'toy-service'));
      assert.ok(lines.some((l) => l.msg === 'version info'));
      assert.ok(lines.some((l) => l.msg === 'SIGINT or SIGTERM was sent, stopping the service...'));
    } finally {
      child.kill('SIGKILL');
    }
  });
});
