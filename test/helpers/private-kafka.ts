/**
 * A private Kafka broker for tests that stop and restart it (outage tests): `scripts/kafka` with its own
 * client and controller ports and its own state folder (data, log, pid) in a temporary directory. The shared
 * broker (127.0.0.1:9092) is never touched. The jars come from `.cache/kafka` (scripts/kafka start fetches
 * them once; CI's shared broker already did).
 *
 *   const kafka = await PrivateKafka.start();
 *   kafka.bootstrap;                       // '127.0.0.1:<port>'
 *   await kafka.stop(); await kafka.start(); ... await kafka.destroy();
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.js';
import { freePort } from './private-postgres.js';

export class PrivateKafka {
  readonly port: number;
  readonly stateDir: string;
  readonly #controllerPort: number;

  private constructor(port: number, controllerPort: number, stateDir: string) {
    this.port = port;
    this.#controllerPort = controllerPort;
    this.stateDir = stateDir;
  }

  static async start(): Promise<PrivateKafka> {
    const kafka = new PrivateKafka(await freePort(), await freePort(), mkdtempSync(join(tmpdir(), 'irkafka-')));
    try {
      await kafka.start();
    } catch (err) {
      await kafka.destroy();
      throw err;
    }
    return kafka;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  get brokerOptions(): { brokers: string[] } {
    return { brokers: [this.bootstrap] };
  }

  /** Starts the broker (again, on the same data) and waits until it answers. */
  start(): Promise<void> {
    return this.#script('start');
  }

  /** Stops the broker (SIGTERM, a clean shutdown) and waits until the process is gone. */
  stop(): Promise<void> {
    return this.#script('stop');
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => {});
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** Asynchronous, so that in-process consumers keep running while the broker starts or stops. */
  #script(command: 'start' | 'stop'): Promise<void> {
    const env = {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.#controllerPort),
      KAFKA_STATE_DIR: this.stateDir,
      KAFKA_HEAP: '-Xms64m -Xmx384m',
      KAFKA_START_TIMEOUT: '180',
    };
    return new Promise((resolve, reject) => {
      const child = spawn(join(REPO_ROOT, 'scripts', 'kafka'), [command], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`scripts/kafka ${command} (port ${this.port}) exited ${code}: ${stderr.slice(-2000)}`)),
      );
    });
  }
}
