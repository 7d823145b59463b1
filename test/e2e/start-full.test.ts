// @requires postgres
// @requires kafka
// @requires s3
// @requires redis
/**
 * `npm run start:full` end to end: the launcher starts every executable on its config/ file (topics, bucket
 * and database of our own through env overrides), an archive uploaded to the ingress ends up readable through
 * the smart proxy's `v2/cluster/{id}/reports`, its DVO findings through the dvo-writer as the proxy's
 * `v2/namespaces/dvo`, and the console is served on :8000 with the proxy behind it. Needs ports 3000, 8000,
 * 8080-8082, 8084 and 9001 free.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { unique, waitFor } from '#test/helpers/kafka.js';
import { clusterArchive, DEFAULT_CLUSTER_ID } from '#test/helpers/io-archive.js';

const ORG = '4243';
const NS = '278af49f-cf01-4e4a-b8ab-1167827b3485';
const identity = Buffer.from(
  JSON.stringify({ identity: { org_id: ORG, account_number: '', type: 'User', user: { user_id: '1', username: 'u', email: 'u@x' } } }),
).toString('base64');

describe('start:full', () => {
  const s = unique('local-full').replaceAll('.', '_');
  const db = s.toLowerCase();
  let launcher: ChildProcess | undefined;
  let output = '';

  after(async () => {
    if (launcher && launcher.exitCode === null) {
      const exited = new Promise((r) => launcher?.once('exit', r));
      launcher.kill('SIGTERM');
      await exited;
    }
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
    await client.end();
  });

  it('starts every service and serves an uploaded archive’s report through the proxy', { timeout: 400_000 }, async () => {
    launcher = spawn(process.execPath, ['scripts/start-full.mjs'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        FULL_ORG_ID: ORG,
        INSIGHTS_RESULTS_AGGREGATOR__OCP_RECOMMENDATIONS_STORAGE__PG_DB_NAME: db,
        INSIGHTS_RESULTS_AGGREGATOR__DVO_RECOMMENDATIONS_STORAGE__PG_DB_NAME: db,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__TOPIC: `${s}.results`,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__GROUP: `${s}.agg`,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__PAYLOAD_TRACKER_TOPIC: `${s}.tracker`,
        INSIGHTS_RESULTS_AGGREGATOR__BROKER__DEAD_LETTER_QUEUE_TOPIC: `${s}.dlq`,
        CCX_DATA_PIPELINE__CONSUMER__INCOMING_TOPIC: `${s}.announce`,
        CCX_DATA_PIPELINE__CONSUMER__GROUP_ID: `${s}.pipe`,
        CCX_DATA_PIPELINE__CONSUMER__DEAD_LETTER_QUEUE_TOPIC: `${s}.pdlq`,
        CCX_DATA_PIPELINE__PUBLISHER__OUTGOING_TOPIC: `${s}.results`,
        CCX_DATA_PIPELINE__PAYLOAD_TRACKER__TOPIC: `${s}.tracker`,
        INSIGHTS_INGRESS__ANNOUNCE__TOPIC: `${s}.announce`,
        INSIGHTS_INGRESS__STORAGE__BUCKET: s.toLowerCase().replaceAll('_', '-'),
        FULL_DVO_TOPIC: `${s}.dvo`,
        FULL_DVO_GROUP: `${s}.dvo-writer`,
      },
    });
    launcher.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    let errors = '';
    launcher.stderr?.on('data', (c: Buffer) => {
      errors = (errors + c.toString()).slice(-4000);
    });
    // On a time-out the launcher's output says which service did not come up, and why.
    await waitFor('the launcher to serve the console', () => /web console\s+http/.test(output), 240_000, 500).catch((err: Error) => {
      throw new Error(`${err.message}\n--- launcher stdout ---\n${output.slice(-4000)}\n--- launcher stderr ---\n${errors}`);
    });
    for (const name of [
      'insights-content-service',
      'insights-results-aggregator',
      'insights-results-aggregator \\(dvo-writer\\)',
      'ccx-data-pipeline',
      'insights-results-smart-proxy',
      'insights-ingress',
    ]) {
      assert.match(output, new RegExp(`${name}\\s+ready`), `${name} reported ready`);
    }

    const form = new FormData();
    form.append(
      'file',
      new Blob(
        [
          new Uint8Array(
            await clusterArchive({
              dvo: [{ check: 'unset_cpu_requirements', namespaceUid: NS, uid: 'uid-api', namespace: 'shop', name: 'api' }],
            }),
          ),
        ],
        { type: 'application/vnd.redhat.openshift.periodic+tar' },
      ),
      'io.tar.gz',
    );
    const res = await fetch('http://127.0.0.1:3000/api/ingress/v1/upload', { method: 'POST', body: form });
    assert.equal(res.status, 202);

    const report = await waitFor(
      'the report through the proxy',
      async () => {
        const r = await fetch(`http://127.0.0.1:8081/api/insights-results-aggregator/v2/cluster/${DEFAULT_CLUSTER_ID}/reports`, {
          headers: { 'x-rh-identity': identity },
          signal: AbortSignal.timeout(5000),
        });
        if (r.status !== 200) return undefined;
        return (await r.json()) as { report: { meta: { count: number }; data: { rule_id: string }[] } };
      },
      60_000,
      500,
    );
    assert.ok(report && report.report.meta.count >= 1);
    assert.ok(report?.report.data.some((h) => h.rule_id.startsWith('ccx_rules_ocp.')));

    // The DVO findings of the same archive: pipeline -> dvo topic -> dvo-writer -> the proxy's workloads.
    const workloads = await waitFor(
      'the workloads through the proxy',
      async () => {
        const r = await fetch('http://127.0.0.1:8081/api/insights-results-aggregator/v2/namespaces/dvo', {
          headers: { 'x-rh-identity': identity },
          signal: AbortSignal.timeout(5000),
        });
        if (r.status !== 200) return undefined;
        const body = (await r.json()) as { workloads: { namespace: { uuid: string } }[] };
        return body.workloads.length > 0 ? body : undefined;
      },
      60_000,
      500,
    );
    assert.deepEqual(
      workloads?.workloads.map((w) => w.namespace.uuid),
      [NS],
    );

    // The console on :8000, with the proxy's API on its origin; the browser sends the identity of the launcher's org.
    const page = await fetch('http://127.0.0.1:8000/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const config = await (await fetch('http://127.0.0.1:8000/console-config.js')).text();
    assert.match(config, new RegExp(`"org_id":"${ORG}"`), 'the console sends the launcher org');
    const services = (await (await fetch('http://127.0.0.1:8000/launcher/services.json')).json()) as { services: { state: string }[] };
    assert.equal(services.services.length, 6);
    assert.ok(
      services.services.every((x) => x.state === 'ready'),
      JSON.stringify(services),
    );
    const viaConsole = await fetch('http://127.0.0.1:8000/api/insights-results-aggregator/v2/clusters', {
      headers: { 'x-rh-identity': identity },
    });
    assert.equal(viaConsole.status, 200);
    const clusters = (await viaConsole.json()) as { data: { cluster_id: string }[] };
    assert.ok(clusters.data.some((c) => c.cluster_id === DEFAULT_CLUSTER_ID));
  });
});
