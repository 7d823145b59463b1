/** startConsumer's configuration errors (spec 1.4 step 5, 6.3): the consumer task fails, nothing connects. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { zeroConfig } from '../../config.js';
import { silentLogger } from '#common/logger.js';
import { Metrics } from '../../metrics.js';
import type { Db } from '../../storage/db.js';
import { startConsumer } from '../index.js';

const fakeDb = { kysely: {}, dialect: 'postgres', describe: 'fake', close: async () => {} } as unknown as Db;

function options(use: string, dbs: { ocp?: Db | null; dvo?: Db | null } = {}) {
  const config = zeroConfig();
  Object.assign(config.broker, { enabled: true, addresses: '127.0.0.1:1', topic: 't', group: 'g' });
  config.storage_backend.use = use;
  return { config, metrics: new Metrics('', { defaultMetrics: false }), logger: silentLogger, ocp: dbs.ocp ?? null, dvo: dbs.dvo ?? null };
}

describe('startConsumer configuration errors', () => {
  for (const use of ['', 'redis', 'OCP_RECOMMENDATIONS']) {
    it(`storage_backend.use = '${use}' fails the consumer task`, async () => {
      const running = await startConsumer(options(use, { ocp: fakeDb, dvo: fakeDb }));
      await assert.rejects(running.done, { message: 'no backend storage or incompatible selected' });
      await running.stop();
    });
  }

  it('the selected storage must be configured', async () => {
    await assert.rejects((await startConsumer(options('dvo_recommendations', { ocp: fakeDb }))).done, {
      message: 'no backend storage or incompatible selected',
    });
    await assert.rejects((await startConsumer(options('ocp_recommendations', { dvo: fakeDb }))).done, {
      message: 'no backend storage or incompatible selected',
    });
  });

  it('no broker addresses fails the consumer task', async () => {
    const o = options('ocp_recommendations', { ocp: fakeDb });
    o.config.broker.addresses = ' , ';
    await assert.rejects((await startConsumer(o)).done, { message: 'kafka: no broker addresses configured' });
  });

  it('an unreadable allowlist is fatal; the default file name is org_allowlist.csv', async () => {
    const o = options('ocp_recommendations', { ocp: fakeDb });
    o.config.broker.enable_org_allowlist = true;
    o.config.processing.org_allowlist_file = '/nonexistent/allow.csv';
    await assert.rejects((await startConsumer(o)).done, { message: 'open /nonexistent/allow.csv: no such file or directory' });
    const cwd = process.cwd();
    process.chdir('/');
    try {
      o.config.processing.org_allowlist_file = '';
      await assert.rejects((await startConsumer(o)).done, { message: 'open org_allowlist.csv: no such file or directory' });
    } finally {
      process.chdir(cwd);
    }
  });
});
