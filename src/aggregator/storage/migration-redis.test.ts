/** `migration` with a Redis OCP storage (valkey-writer): skipped with upstream's log line, exit 0, nothing opened. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { zeroConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { migrationCommand } from './migration-command.js';

describe('migration with storage type redis', () => {
  it('logs "Skipping migration for non-SQL database type" and exits 0', async () => {
    const config = zeroConfig();
    config.storage_backend.use = 'ocp_recommendations';
    config.ocp_recommendations_storage.type = 'redis';
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    assert.equal(await migrationCommand(config, ['latest'], logger), EXIT.ok);
    assert.ok(
      lines.some((l) => l.includes('Skipping migration for non-SQL database type')),
      lines.join(''),
    );
  });
});
