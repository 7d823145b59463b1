/**
 * The configuration loader for any service: its own file variable, prefix, schema and default file name;
 * the named file found as upstream's config library finds it (directory + base name without extension,
 * then `<name>.toml`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type ConfigSpec, loadConfig } from './load.js';

const schema = {
  server: { address: 'string', timeout: 'duration', auth: 'bool', workers: 'int' },
} as const;

const spec: ConfigSpec<typeof schema> = { fileEnv: 'TOY_CONFIG_FILE', envPrefix: 'TOY__', schema, defaultFile: 'toy' };

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cfg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('configuration loader (any service)', () => {
  it("reads the service's default file from the working directory, and no other", () => {
    const d = dir({ 'toy.toml': '[server]\naddress = ":1"\n', 'config.toml': '[server]\naddress = ":2"\n' });
    const { config, file } = loadConfig(spec, {}, d);
    assert.equal(file, join(d, 'toy.toml'));
    assert.equal(config.server.address, ':1');
    assert.equal(loadConfig(spec, {}, dir({ 'config.toml': '[server]\naddress = ":2"\n' })).file, null);
  });

  it('finds the named file with any extension, or none, as upstream: x, x.toml, x.tom -> x.toml', () => {
    const d = dir({ 'x.toml': '[server]\naddress = ":3"\n' });
    for (const named of ['x', 'x.toml', 'x.tom', 'x.yaml']) {
      const { config, file } = loadConfig(spec, { TOY_CONFIG_FILE: join(d, named) });
      assert.equal(file, join(d, 'x.toml'), named);
      assert.equal(config.server.address, ':3');
    }
    // relative to the working directory
    assert.equal(loadConfig(spec, { TOY_CONFIG_FILE: 'x.tom' }, d).file, join(d, 'x.toml'));
  });

  it('reads a file named exactly when there is no <name>.toml, and refuses a missing one', () => {
    const d = dir({ 'settings.conf': '[server]\naddress = ":4"\n' });
    assert.equal(loadConfig(spec, { TOY_CONFIG_FILE: join(d, 'settings.conf') }).config.server.address, ':4');
    assert.throws(
      () => loadConfig(spec, { TOY_CONFIG_FILE: join(d, 'missing.toml') }),
      (err: Error) =>
        err instanceof ConfigError && err.message === `configuration file ${join(d, 'missing.toml')} (TOY_CONFIG_FILE) does not exist`,
    );
  });

  it("takes per-key overrides with the service's prefix only, typed", () => {
    const { config, warnings } = loadConfig(
      spec,
      {
        TOY__SERVER__ADDRESS: ':5',
        TOY__SERVER__TIMEOUT: '1m30s',
        TOY__SERVER__AUTH: 'true',
        TOY__SERVER__WORKERS: '4',
        TOY__SERVER__NOPE: 'x',
        INSIGHTS_RESULTS_AGGREGATOR__SERVER__ADDRESS: ':6',
      },
      dir({}),
    );
    assert.deepEqual(config.server, { address: ':5', timeout: 90_000, auth: true, workers: 4 });
    assert.deepEqual(warnings, ["environment variable TOY__SERVER__NOPE: unknown key 'server.nope'; ignored"]);
  });

  it("maps Clowder through the service's own function", () => {
    const d = dir({ 'clowder.json': JSON.stringify({ kafka: { brokers: [{ hostname: 'k', port: 1 }] } }) });
    const { config } = loadConfig(
      {
        ...spec,
        clowder: (c, clowder) => {
          c.server.address = clowder.kafka?.brokers?.[0]?.hostname ?? '';
        },
      },
      { ACG_CONFIG: join(d, 'clowder.json') },
      d,
    );
    assert.equal(config.server.address, 'k');
  });
});
