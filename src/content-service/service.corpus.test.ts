// @requires corpus
/**
 * Every tree of the corpus (`content/`) served over real HTTP by the service's own start function: the
 * status map of its defined outcome at `/status`, exactly its loaded rules in the gob of `/content`, or the
 * start-up failure with exit code 2 for an unusable tree.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { zeroConfigOf } from '#common/config/schema.js';
import { decodeGobValue } from '#common/go/gob/index.js';
import { StartError } from '#common/service/shell.js';
import { contentFromGobValue } from '#contracts/content.js';
import { CORPUS_DIR } from '#test/helpers/corpus.js';
import { schema } from './config.js';
import { OUTCOMES } from './test-helpers/corpus-outcomes.js';
import { REPO } from './test-helpers/spawn.js';
import { start } from './service.js';

const logger = pino({ level: 'silent' });

function configFor(tree: string) {
  const config = zeroConfigOf(schema);
  config.server.address = '127.0.0.1:0';
  config.server.api_spec_file = join(REPO, 'config/content-service/openapi.json');
  config.groups.path = join(REPO, 'config/content-service/groups_config.yaml');
  config.content.path = join(CORPUS_DIR, 'content', tree);
  config.metrics.namespace = 'insights_content_service';
  return config;
}

describe('content service over HTTP on every corpus tree', () => {
  for (const [tree, outcome] of Object.entries(OUTCOMES)) {
    it(tree, async () => {
      if (typeof outcome === 'string') {
        await assert.rejects(start(configFor(tree), logger), (err: Error) => err instanceof StartError && err.exitCode === 2);
        return;
      }
      const svc = await start(configFor(tree), logger);
      try {
        const { port } = svc.app.server.address() as AddressInfo;
        const base = `http://127.0.0.1:${port}/api/v1/`;
        const status = await (await fetch(`${base}status`)).json();
        assert.deepEqual(status, { rules: outcome, status: 'ok' });
        const gob = Buffer.from(await (await fetch(`${base}content`)).arrayBuffer());
        const loaded = Object.keys(outcome).filter((rule) => outcome[rule]!.loaded);
        assert.deepEqual(Object.keys(contentFromGobValue(decodeGobValue(gob).value).Rules).sort(), loaded.sort());
        assert.equal((await (await fetch(`${base}groups`)).json()).groups.length, 5);
      } finally {
        await svc.stop('test');
      }
    });
  }
});
