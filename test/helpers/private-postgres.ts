/**
 * A private PostgreSQL server for tests that must stop and start the database (outage tests): `initdb` in
 * a temporary folder, its own port on 127.0.0.1, trust authentication, superuser `postgres`. The machine's
 * shared server is never touched. When running as root, the server runs as the `postgres` OS user
 * (initdb refuses root). `fsync=off` keeps it fast and still survives process kills (only an OS crash
 * would lose data, which no test does).
 *
 *   const pg = await PrivatePostgres.start();
 *   const conf = await pg.createDatabase('aggregator');   // a StorageConfig for openStorage()
 *   await pg.stop('immediate'); await pg.start(); ... await pg.destroy();
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { zeroConfig, type StorageConfig } from '../../src/aggregator/config.js';

function binDir(): string {
  const explicit = process.env.PG_BIN_DIR;
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin (set PG_BIN_DIR)');
  return join(root, versions[0]!, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function osUser(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export class PrivatePostgres {
  readonly dir: string;
  readonly port: number;
  readonly #bin: string;
  readonly #runAs: string | null;
  readonly #settings: Record<string, string>;

  private constructor(dir: string, port: number, bin: string, runAs: string | null, settings: Record<string, string>) {
    this.dir = dir;
    this.port = port;
    this.#bin = bin;
    this.#runAs = runAs;
    this.#settings = settings;
  }

  /**
   * initdb + start. `settings` are server parameters (`-c name=value`); by default fsync and full-page
   * writes are off (fast tests); a benchmark passes `{ fsync: 'on', full_page_writes: 'on', ... }`.
   */
  static async start(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
    const bin = binDir();
    const root = mkdtempSync(join(tmpdir(), 'irpg-'));
    let runAs: string | null = null;
    if (process.getuid?.() === 0) {
      const user = osUser('postgres');
      if (!user) throw new Error('running as root and there is no `postgres` user to run PostgreSQL as');
      chownSync(root, user.uid, user.gid);
      chmodSync(root, 0o700);
      runAs = 'postgres';
    }
    const server = new PrivatePostgres(root, await freePort(), bin, runAs, {
      fsync: 'off',
      full_page_writes: 'off',
      max_connections: '100',
      ...settings,
    });
    server.#run('initdb', ['-D', server.#data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    await server.start();
    return server;
  }

  get #data(): string {
    return join(this.dir, 'data');
  }

  #run(tool: string, args: string[]): string {
    const exe = join(this.#bin, tool);
    const [cmd, argv] = this.#runAs ? ['runuser', ['-u', this.#runAs, '--', exe, ...args]] : [exe, args];
    try {
      return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }

  /** Starts the server (again) and waits until it accepts connections. */
  async start(): Promise<void> {
    const settings = Object.entries(this.#settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} ${settings}`;
    this.#run('pg_ctl', ['-D', this.#data, '-o', opts, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** Stops the server: `immediate` is a crash-like stop (no checkpoint, connections cut). */
  async stop(mode: 'fast' | 'immediate' | 'smart' = 'fast'): Promise<void> {
    this.#run('pg_ctl', ['-D', this.#data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async restart(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  /** Stops the server (if running) and removes its folder. */
  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  async query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, database = 'postgres'): Promise<T[]> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  /** Creates a database and returns the storage configuration pointing at it. */
  async createDatabase(name: string): Promise<StorageConfig> {
    await this.query(`CREATE DATABASE ${name}`);
    return this.conf(name);
  }

  conf(name: string): StorageConfig {
    const conf = zeroConfig().ocp_recommendations_storage;
    Object.assign(conf, {
      db_driver: 'postgres',
      type: 'sql',
      pg_host: '127.0.0.1',
      pg_port: this.port,
      pg_username: 'postgres',
      pg_password: '',
      pg_db_name: name,
      pg_params: 'sslmode=disable',
    });
    return conf;
  }
}
