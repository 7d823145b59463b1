/**
 * The content service end to end: the real process (start-service) over real HTTP, on a tree the
 * repository owns; SIGHUP reloads; start-up exit codes; the CLI commands.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGobValue } from '#common/go/gob/index.js';
import { contentFromGobValue, type RuleContentDirectory } from '#contracts/content.js';
import { GOOD_TREE, GROUPS_YAML, removeTree, writeTree } from './test-helpers/trees.js';
import { type RunningProcess, runCli, startContentService } from './test-helpers/spawn.js';

const root = writeTree({ ...GOOD_TREE, 'groups.yaml': GROUPS_YAML });
const env = { INSIGHTS_CONTENT_SERVICE__CONTENT__PATH: root, INSIGHTS_CONTENT_SERVICE__GROUPS__PATH: join(root, 'groups.yaml') };
after(() => removeTree(root));

/** A raw request (for what fetch cannot send: huge headers). */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const withoutRisks = (dir: RuleContentDirectory): RuleContentDirectory => ({
  Config: { impact: dir.Config.impact, resolution_risk: {} },
  Rules: Object.fromEntries(
    Object.entries(dir.Rules).map(([name, rule]) => [
      name,
      {
        ...rule,
        error_keys: Object.fromEntries(
          Object.entries(rule.error_keys).map(([k, ek]) => [k, { ...ek, metadata: { ...ek.metadata, resolution_risk: 0 } }]),
        ),
      },
    ]),
  ),
});

describe('content service over HTTP', () => {
  let svc: RunningProcess;
  before(async () => {
    svc = await startContentService(env);
  });
  after(() => svc?.kill());

  it('{prefix}: {"status":"ok"}', async () => {
    const res = await fetch(svc.base);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"status":"ok"}\n');
  });

  it('{prefix}groups: the five groups as {title, description, tags}', async () => {
    const body = await (await fetch(`${svc.base}groups`)).json();
    assert.equal(body.status, 'ok');
    assert.equal(body.groups.length, 5);
    for (const g of body.groups) assert.deepEqual(Object.keys(g), ['title', 'description', 'tags']);
    assert.deepEqual(
      body.groups.map((g: { title: string; tags: string[] }) => g.tags[0]),
      body.groups.map((g: { title: string }) => g.title.toLowerCase().replaceAll(' ', '_')),
    );
  });

  it('{prefix}content: gob (with the Go type names); JSON of the same tree with Accept: application/json', async () => {
    const gobRes = await fetch(`${svc.base}content`);
    assert.equal(gobRes.status, 200);
    assert.equal(gobRes.headers.get('content-type'), 'application/json; charset=utf-8');
    const gob = Buffer.from(await gobRes.arrayBuffer());
    assert.ok(gob.includes('RuleContentDirectory'));
    const fromGob = contentFromGobValue(decodeGobValue(gob).value);
    const json = (await (await fetch(`${svc.base}content`, { headers: { accept: 'application/json' } })).json()) as RuleContentDirectory;
    assert.deepEqual(Object.keys(json.Rules), ['build_cache', 'node_pressure']);
    assert.equal(json.Rules.node_pressure!.error_keys.MEMORY_LOW!.metadata.resolution_risk, 2);
    // gob does not carry the resolution risks (Go's types have none): otherwise the same value.
    assert.deepEqual(fromGob, withoutRisks(json));
    assert.equal(fromGob.Rules.node_pressure!.error_keys.DISK_LOW!.reason, 'Disk of {{=pt.node}} is {{=pt.used}}% full.\n');
    const again = Buffer.from(await (await fetch(`${svc.base}content`, { headers: { accept: '*/*' } })).arrayBuffer());
    assert.deepEqual(again, gob);
  });

  it('{prefix}status: every rule, and the union of ?external, ?internal, ?rule=', async () => {
    const all = await (await fetch(`${svc.base}status`)).json();
    assert.deepEqual(all, {
      rules: { build_cache: { type: 'internal', loaded: true, error: '' }, node_pressure: { type: 'external', loaded: true, error: '' } },
      status: 'ok',
    });
    assert.deepEqual(Object.keys((await (await fetch(`${svc.base}status?external`)).json()).rules), ['node_pressure']);
    assert.deepEqual(Object.keys((await (await fetch(`${svc.base}status?internal=`)).json()).rules), ['build_cache']);
    assert.deepEqual(Object.keys((await (await fetch(`${svc.base}status?rule=build_cache&rule=nope`)).json()).rules), ['build_cache']);
    assert.deepEqual(Object.keys((await (await fetch(`${svc.base}status?rule=node_pressure&internal`)).json()).rules), [
      'build_cache',
      'node_pressure',
    ]);
    assert.deepEqual((await (await fetch(`${svc.base}status?rule=%ZZ&x[]=1`)).json()).rules, {});
  });

  it('{prefix}info: the build fields and the rules version', async () => {
    const body = await (await fetch(`${svc.base}info`)).json();
    assert.equal(body.status, 'ok');
    assert.deepEqual(Object.keys(body.info), [
      'BuildVersion',
      'BuildTime',
      'BuildBranch',
      'BuildCommit',
      'UtilsVersion',
      'OCPRulesVersion',
    ]);
    assert.match(body.info.BuildVersion, /^v\d/);
    assert.match(body.info.OCPRulesVersion, /^\d{4}\.\d{2}\.\d{2}$/);
  });

  it('{prefix}metrics and {prefix}openapi.json', async () => {
    await fetch(`${svc.base}groups`);
    const metrics = await (await fetch(`${svc.base}metrics`)).text();
    assert.match(metrics, /^insights_content_service_api_endpoints_requests\{endpoint="\/api\/v1\/groups"\} [1-9]/m);
    assert.match(metrics, /^insights_content_service_content_rules\{state="loaded"\} 2$/m);
    const spec = await fetch(`${svc.base}openapi.json`);
    assert.equal(spec.status, 200);
    assert.ok((await spec.json()).paths['/content']);
  });

  it('bad paths, methods, query strings and headers: 4xx, never 5xx', async () => {
    const redirect = await fetch(`${svc.base}groups/?x=1`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/api/v1/groups?x=1');
    assert.equal((await fetch(`${svc.base}nothing`)).status, 404);
    assert.equal((await fetch(`${svc.base}content`, { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await fetch(`${svc.base}status`, { method: 'DELETE' })).status, 405);
    assert.equal((await fetch(`${svc.base}%`)).status, 400);
    assert.equal(await rawGet(`${svc.base}groups`, { 'x-big': 'a'.repeat(70_000) }), 431);
  });

  it('SIGHUP reloads the tree; a broken tree keeps the previous content and /status, the log and a metric say so', async () => {
    writeFileSync(join(root, 'external/rules/node_pressure/DISK_LOW/generic.md'), 'Disk nearly full (reloaded).\n');
    const reloaded = (text: string) =>
      svc
        .output()
        .split('\n')
        .filter((l) => l.includes(text)).length;
    const waitFor = async (text: string, count: number) => {
      for (let i = 0; i < 600 && reloaded(text) < count; i++) await new Promise((r) => setTimeout(r, 50));
    };
    const loads = reloaded('"msg":"content loaded"');
    svc.child.kill('SIGHUP');
    await waitFor('"msg":"content loaded"', loads + 1);
    const json = await (await fetch(`${svc.base}content`, { headers: { accept: 'application/json' } })).json();
    assert.equal(json.Rules.node_pressure.error_keys.DISK_LOW.generic, 'Disk nearly full (reloaded).\n');

    rmSync(join(root, 'config.yaml'));
    svc.child.kill('SIGHUP');
    await waitFor('content reload failed', 1);
    const status = await (await fetch(`${svc.base}status`)).json();
    assert.equal(status.reload.loaded, false);
    assert.match(status.reload.error, /config\.yaml: no such file or directory/);
    assert.equal(Object.keys(status.rules).length, 2);
    const still = await (await fetch(`${svc.base}content`, { headers: { accept: 'application/json' } })).json();
    assert.equal(still.Rules.node_pressure.error_keys.DISK_LOW.generic, 'Disk nearly full (reloaded).\n');
    const metrics = await (await fetch(`${svc.base}metrics`)).text();
    assert.match(metrics, /^insights_content_service_content_last_reload_success 0$/m);
    assert.match(metrics, /^insights_content_service_content_reloads_total\{result="failed"\} 1$/m);

    writeFileSync(join(root, 'config.yaml'), GOOD_TREE['config.yaml']!);
    svc.child.kill('SIGHUP');
    await waitFor('"msg":"content loaded"', loads + 2);
    assert.equal((await (await fetch(`${svc.base}status`)).json()).reload, undefined);
  });

  it('SIGTERM stops it with exit 0', async () => {
    svc.child.kill('SIGTERM');
    assert.equal(await svc.exited, 0, svc.output());
  });
});

describe('content service start-up failures and commands', () => {
  it('an unusable tree exits 2, a missing groups file 1, a missing OpenAPI file 1', () => {
    const broken = runCli(['start-service'], { ...env, INSIGHTS_CONTENT_SERVICE__CONTENT__PATH: join(root, 'external') });
    assert.equal(broken.code, 2, broken.err);
    assert.match(broken.err, /external\/config\.yaml: no such file or directory/);
    const groups = runCli(['start-service'], { ...env, INSIGHTS_CONTENT_SERVICE__GROUPS__PATH: join(root, 'none.yaml') });
    assert.equal(groups.code, 1, groups.err);
    assert.match(groups.err, /groups file/);
    const spec = runCli(['start-service'], { ...env, INSIGHTS_CONTENT_SERVICE__SERVER__API_SPEC_FILE: 'nope.json' });
    assert.equal(spec.code, 1, spec.err);
    assert.match(spec.err, /OpenAPI/);
  });

  it('print-config (Go names), print-parse-status, help', () => {
    const config = runCli(['print-config'], { ...env, INSIGHTS_CONTENT_SERVICE__SENTRY__DSN: 'https://secret@sentry' });
    assert.equal(config.code, 0, config.err);
    const printed = JSON.parse(config.out);
    assert.equal(printed.Content.ContentPath, root);
    assert.equal(printed.Groups.ConfigPath, join(root, 'groups.yaml'));
    assert.equal(printed.Server.APISpecFile, 'config/content-service/openapi.json');
    assert.equal(printed.SentryLoggingConf.DSN, '*****');
    const status = runCli(['print-parse-status'], env);
    assert.equal(status.code, 0, status.err);
    assert.deepEqual(Object.keys(JSON.parse(status.out)).sort(), ['build_cache', 'node_pressure']);
    const help = runCli(['help']);
    assert.match(help.out, /insights-content-service \[command\]/);
  });
});
