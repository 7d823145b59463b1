/**
 * The executable's command line (spec 3.1, Part 7 point 7): help, version, print-config with secrets
 * masked, the unknown-command quirk, configuration errors and start-up refusals.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/smart-proxy/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('insights-results-smart-proxy command line', () => {
  it('help and -help: Clowder line, then the help block', () => {
    for (const arg of ['help', '-help']) {
      const r = cli([arg]);
      assert.equal(r.code, 0);
      assert.match(r.out, /^Clowder is disabled\n/);
      assert.match(r.out, /insights-results-smart-proxy \[command\]/);
    }
  });

  it('print-version-info, -version and print-version print Version:\\tv...', () => {
    for (const arg of ['print-version-info', '-version', 'print-version']) {
      const r = cli([arg]);
      assert.equal(r.code, 0);
      assert.match(r.out, /^Version:\tv\d/m);
    }
  });

  it('print-config: Go section names, environment overrides, secrets masked', () => {
    const r = cli(['print-config'], {
      INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: 'config/smart-proxy.toml',
      INSIGHTS_RESULTS_SMART_PROXY__SERVICES__AGGREGATOR: 'http://agg:10000/api/v1/',
      INSIGHTS_RESULTS_SMART_PROXY__AMSCLIENT__CLIENT_SECRET: 'top-secret-value',
    });
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /top-secret-value/);
    const printed = JSON.parse(r.out);
    assert.ok(printed.ServicesConf, r.out);
    assert.match(r.out, /http:\/\/agg:10000\/api\/v1\//);
  });

  it('unknown command: message and help, exit 0 (upstream quirk kept)', () => {
    const r = cli(['frobnicate']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Command 'frobnicate' not found/);
  });

  it('configuration errors stop start-up', () => {
    assert.equal(cli(['start-service'], { INSIGHTS_RESULTS_SMART_PROXY_CONFIG_FILE: 'config/nope.toml' }).code, 2);
    assert.equal(cli(['start-service'], { INSIGHTS_RESULTS_SMART_PROXY__SERVER__AUTH: 'perhaps' }).code, 2);
    const noPoll = cli(['start-service'], { INSIGHTS_RESULTS_SMART_PROXY__SERVER__ADDRESS: '127.0.0.1:0' });
    assert.equal(noPoll.code, 1);
    assert.match(noPoll.err, /groups_poll_time/);
    const noSpec = cli(['start-service'], {
      INSIGHTS_RESULTS_SMART_PROXY__SERVICES__GROUPS_POLL_TIME: '60s',
      INSIGHTS_RESULTS_SMART_PROXY__SERVER__API_V1_SPEC_FILE: 'missing.json',
    });
    assert.equal(noSpec.code, 1);
    assert.match(noSpec.err, /MUST serve the current OpenAPI specification/);
  });
});
