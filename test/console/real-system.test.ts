// @requires postgres
// @requires kafka
// @requires s3
// @requires redis
// @requires chromium
/**
 * The console in Chromium on the real system (test/console/system.ts: ingress, pipeline, aggregator and
 * db-writers, content service, smart proxy, behind a gateway): an archive uploaded from the upload page goes
 * through the stages and its hits appear; the lists filter and sort; a rule disabled for a cluster moves to
 * disabled; ack and un-ack; the `?total_risk=` deep link; keyboard-only use of the lists; the workloads views
 * on DVO results; a stopped aggregator or proxy gives a clear message and the view recovers by itself when it
 * is back, a stopped ingress a clear message on the upload page; no console errors. Screenshots go to web-console/.cache/screenshots/real-*.png.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { clusterArchive, DEFAULT_NODES, TRIGGERS } from '../helpers/io-archive.js';
import { waitFor } from '../helpers/kafka.js';
import { type ConsoleSystem, DVO_DESCRIPTION, DVO_KEY, startConsoleSystem } from './system.js';
import { columnWhen, keyboardReach, proxyJson, uploadFromPage } from './steps.js';

const CLUSTER = randomUUID();
const SECOND = randomUUID();
const NAMESPACE = randomUUID();
/** Meant to hit five rules: node size, kubelet version, samples import, auth operator behind a proxy, node installer. */
const archive = () =>
  clusterArchive({
    id: CLUSTER,
    nodes: [
      ...DEFAULT_NODES.slice(0, 3),
      ...(TRIGGERS.NODES_MINIMUM_REQUIREMENTS_NOT_MET?.nodes ?? []).slice(-1),
      ...(TRIGGERS.NODE_KUBELET_VERSION?.nodes ?? []).slice(-1),
    ],
    operators: {
      ...TRIGGERS.SAMPLES_FAILED_IMAGE_IMPORT_ERR?.operators,
      ...TRIGGERS.AUTH_OPERATOR_PROXY_ERROR?.operators,
      ...TRIGGERS.NODE_INSTALLER_DEGRADED?.operators,
    },
    proxy: TRIGGERS.AUTH_OPERATOR_PROXY_ERROR?.proxy,
  });
const HITS = 'Recommendations for the cluster';
/** Failed answers while a service is down on purpose: 502 from the gateway, 503 from the proxy. */
const expectedOutage = (e: string) => /status of 50[23] \/api\/(insights-results-aggregator|ingress)\//.test(e);

describe('console on the real system', { timeout: 600_000 }, () => {
  let sys: ConsoleSystem;
  /** The cluster's hits (from the proxy), and the recommendations hitting any cluster. */
  let hits = 0;
  let impacting = 0;
  before(async () => {
    sys = await startConsoleSystem('system');
  });
  after(() => sys?.close());
  const open = async (path: string): Promise<{ page: Page; errors: string[] }> => {
    const { page, errors } = await sys.page();
    await page.goto(`${sys.url}${path}`);
    return { page, errors };
  };

  it('upload page: the request ID, the stages, then the cluster with its hits', async () => {
    const { page, errors } = await open('/upload');
    const requestId = await uploadFromPage(page, 'io-generated.tar.gz', await archive());
    assert.match(requestId, /^[0-9a-f]{32}$/);
    await page.getByRole('link', { name: 'Open the cluster' }).waitFor({ timeout: 90_000 });
    hits = (await proxyJson(sys, `v2/cluster/${CLUSTER}/reports`)).report.meta.count;
    assert.ok(hits >= 4, `the archive hits several rules (${hits})`);
    await page.getByText(`${hits} recommendations for cluster ${CLUSTER}.`).waitFor();
    await sys.screenshot(page, 'real-upload');
    await page.getByRole('link', { name: 'Open the cluster' }).click();
    await page.waitForURL(new RegExp(`/clusters/${CLUSTER}$`));
    assert.equal((await columnWhen(page, HITS, (n) => n.length === hits)).length, hits);
    await sys.screenshot(page, 'real-cluster');
    // A second cluster, straight to the upload endpoint through the gateway (as an operator would).
    const second = await clusterArchive({ id: SECOND, nodes: TRIGGERS.NODES_MINIMUM_REQUIREMENTS_NOT_MET?.nodes });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(second)], { type: 'application/vnd.redhat.openshift.periodic+tar' }), 'io.tar.gz');
    const res = await fetch(`${sys.url}/api/ingress/v1/upload`, {
      method: 'POST',
      body: form,
      headers: { 'x-rh-identity': identity(sys.org) },
    });
    assert.equal(res.status, 202);
    await waitFor('the second cluster', async () => (await proxyJson(sys, 'v2/clusters')).data?.length === 2, 90_000, 500);
    impacting = (await proxyJson(sys, 'v2/rule?impacting=true')).recommendations.length;
    assert.deepEqual(errors, []);
  });

  it('overview chart and lists: counts from the proxy, filter, sort, deep link by total risk', async () => {
    const clusters = (await proxyJson(sys, 'v2/clusters')).data as { cluster_id: string; hits_by_total_risk: Record<string, number> }[];
    const byRisk = (r: number) => clusters.reduce((n, c) => n + (c.hits_by_total_risk[String(r)] ?? 0), 0);
    const { page, errors } = await open('/');
    await page.waitForURL(/\/overview$/);
    for (const [risk, name] of [
      [4, 'Critical'],
      [3, 'Important'],
      [2, 'Moderate'],
      [1, 'Low'],
    ] as const)
      await page.getByRole('link', { name: `${name}: ${byRisk(risk)} hits` }).waitFor();
    await sys.screenshot(page, 'real-overview');

    await page.goto(`${sys.url}/clusters`);
    const names = await columnWhen(page, 'Clusters', (n) => n.length === 2);
    assert.equal(names[0], CLUSTER, 'most recommendations first');
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=cluster_name&dir=asc/);
    const asc = [CLUSTER, SECOND].sort();
    assert.deepEqual(await columnWhen(page, 'Clusters', (n) => n.join() === asc.join()), asc);
    await page.getByLabel('Filter by name').fill(SECOND.slice(0, 8));
    await page.waitForURL(/text=/);
    assert.deepEqual(await columnWhen(page, 'Clusters', (n) => n.length === 1), [SECOND]);
    await sys.screenshot(page, 'real-clusters');

    const risk = [4, 3, 2, 1].find((r) => (clusters.find((c) => c.cluster_id === CLUSTER)?.hits_by_total_risk[String(r)] ?? 0) > 0)!;
    const count = clusters.find((c) => c.cluster_id === CLUSTER)?.hits_by_total_risk[String(risk)] ?? 0;
    await page.goto(`${sys.url}/clusters/${CLUSTER}?total_risk=${risk}`);
    assert.equal((await columnWhen(page, HITS, (n) => n.length === count)).length, count);
    assert.equal(await page.getByRole('combobox', { name: 'Total risk' }).inputValue(), String(risk));

    await page.goto(`${sys.url}/recommendations?total_risk=${risk}`);
    const recs = await columnWhen(page, 'Recommendations', (n) => n.length > 0);
    assert.ok(recs.length >= 1);
    await page.getByRole('combobox', { name: 'Total risk', exact: true }).selectOption('');
    assert.equal((await columnWhen(page, 'Recommendations', (n) => n.length === impacting)).length, impacting);
    await sys.screenshot(page, 'real-recommendations');
    assert.deepEqual(errors, []);
  });

  it('disable a rule for the cluster: it moves to disabled; enable it again', async () => {
    const { page, errors } = await open(`/clusters/${CLUSTER}`);
    const [first] = await columnWhen(page, HITS, (n) => n.length === hits);
    const row = page.getByRole('row', { name: new RegExp(reEscape(first!)) });
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByLabel('Feedback (optional)').fill('Known and accepted');
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText(`Disabled: ${first}`).waitFor();
    await columnWhen(page, HITS, (n) => n.length === hits - 1 && !n.includes(first!));
    await page.getByLabel('Include disabled recommendations').click();
    await page.waitForURL(/show_disabled=true/);
    await page.getByRole('row', { name: new RegExp(`${reEscape(first!)}.*Disabled`) }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(reEscape(first!)) })
      .getByRole('button', { name: 'Enable' })
      .click();
    await page.getByText(`Enabled: ${first}`).waitFor();
    const report = await proxyJson(sys, `v2/cluster/${CLUSTER}/reports`);
    assert.equal(report.report.meta.count, hits, 'enabled again in the proxy');
    assert.deepEqual(errors, []);
  });

  it('ack and un-ack a recommendation for the whole organisation', async () => {
    const { page, errors } = await open('/recommendations');
    const [first] = await columnWhen(page, 'Recommendations', (n) => n.length === impacting);
    await page.getByRole('link', { name: first! }).click();
    await page.getByRole('button', { name: 'Disable recommendation' }).click();
    await page.getByLabel('Justification (optional)').fill('Accepted risk');
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText('Recommendation is disabled').waitFor();
    await sys.screenshot(page, 'real-recommendation');
    await page.goto(`${sys.url}/recommendations?status=disabled`);
    assert.deepEqual(await columnWhen(page, 'Recommendations', (n) => n.length === 1), [`${first} Disabled`]);
    await page.getByRole('link', { name: first! }).click();
    await page.getByRole('button', { name: 'Enable recommendation' }).click();
    await page.getByText('Recommendation enabled').waitFor();
    const acks = await proxyJson(sys, 'v2/ack');
    assert.equal(acks.meta.count, 0, 'no ack left');
    assert.deepEqual(errors, []);
  });

  it('keyboard only: sort a list, open a cluster and a recommendation', async () => {
    const { page, errors } = await open('/clusters');
    await columnWhen(page, 'Clusters', (n) => n.length === 2);
    assert.ok(await keyboardReach(page, (el) => el.tag === 'BUTTON' && el.text === 'Version'), 'the Version header by Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=cluster_version/);
    assert.ok(await keyboardReach(page, (el) => el.tag === 'A' && el.text.startsWith(CLUSTER)), 'the cluster link by Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/clusters/${CLUSTER}$`));
    await columnWhen(page, HITS, (n) => n.length === hits);
    assert.ok(await keyboardReach(page, (el) => el.tag === 'BUTTON' && el.label === 'Details'), 'an expand toggle by Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Resolution' }).first().waitFor();
    assert.deepEqual(errors, []);
  });

  it('workloads: the DVO namespaces of the org, and one namespace with its objects', async () => {
    await sys.produceDvo(CLUSTER, [
      {
        module: 'unset_requirements',
        key: DVO_KEY,
        workloads: [
          { namespace: 'shop', namespaceUid: NAMESPACE, uid: randomUUID(), kind: 'Deployment', name: 'frontend' },
          { namespace: 'shop', namespaceUid: NAMESPACE, uid: randomUUID(), kind: 'StatefulSet', name: 'orders-db' },
        ],
      },
    ]);
    const { page, errors } = await open('/workloads');
    const link = page.getByRole('link', { name: `Namespace shop on ${CLUSTER}` });
    await waitFor('the namespace in the list', async () => (await link.count()) === 1, 60_000, 500);
    await sys.screenshot(page, 'real-workloads');
    await link.click();
    await page.getByRole('heading', { name: 'Namespace shop' }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(DVO_DESCRIPTION) })
      .getByRole('button', { name: 'Details' })
      .click();
    await page.getByText('orders-db', { exact: true }).waitFor();
    await page.getByText('StatefulSet', { exact: true }).waitFor();
    await sys.screenshot(page, 'real-workload');
    assert.deepEqual(errors, []);
  });

  it('a stopped aggregator, proxy or ingress: a message naming it, then the view recovers by itself', async () => {
    const { page, errors } = await open('/clusters');
    await columnWhen(page, 'Clusters', (n) => n.length === 2);
    await sys.aggregator.stop();
    await page.getByText('Aggregator service is unavailable').waitFor({ timeout: 30_000 });
    await page.getByText('The smart proxy answered: Aggregator service is unreachable.', { exact: false }).waitFor();
    await sys.screenshot(page, 'real-aggregator-down');
    await sys.aggregator.start();
    await page.getByText('Aggregator service is unavailable').waitFor({ state: 'detached', timeout: 30_000 });

    await sys.proxy.stop();
    await page.goto(`${sys.url}/recommendations`);
    await page.getByRole('heading', { name: 'The smart proxy cannot be reached' }).waitFor({ timeout: 30_000 });
    await sys.proxy.start();
    assert.equal((await columnWhen(page, 'Recommendations', (n) => n.length === impacting)).length, impacting);

    // The ingress stopped: the upload page says the upload endpoint cannot be reached; once back, it takes it.
    await sys.ingress.stop();
    await page.goto(`${sys.url}/upload`);
    await page.locator('#archive-file').setInputFiles({ name: 'again.tar.gz', mimeType: 'application/gzip', buffer: await archive() });
    await page.getByRole('heading', { name: 'Danger alert: The upload endpoint cannot be reached' }).waitFor({ timeout: 30_000 });
    await sys.ingress.start();
    assert.match(await uploadFromPage(page, 'again.tar.gz', await archive()), /^[0-9a-f]{32}$/);
    await page.getByRole('link', { name: 'Open the cluster' }).waitFor({ timeout: 90_000 });
    assert.deepEqual(
      errors.filter((e) => !expectedOutage(e)),
      [],
    );
  });
});

function identity(org: number): string {
  return Buffer.from(
    JSON.stringify({ identity: { org_id: String(org), account_number: '', type: 'User', user: { user_id: '1', username: 'u' } } }),
  ).toString('base64');
}

function reEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
