/**
 * The real content service for the proxy's end-to-end tests: the fixture content (content-fixture.ts)
 * written as a rules tree, then `insights-content-service start-service` as its own process on a fixed
 * port, configured through its environment. stop()/start() keep the port (outage tests).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RuleContentDirectory } from '#contracts/content.js';
import { ServiceProcess } from '#test/helpers/service-process.js';
import { contentFixture, GROUPS } from './content-fixture.js';

/** The tree the content service parses into `directory` (spec 1.3 layout). */
export function writeContentTree(directory: RuleContentDirectory, root: string): void {
  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  const impacts = Object.entries(directory.Config.impact)
    .map(([k, v]) => `  ${k}: ${v}`)
    .join('\n');
  mkdirSync(join(root, 'rules/internal'), { recursive: true });
  mkdirSync(join(root, 'rules/external'), { recursive: true });
  write('rules/config.yaml', `impact:\n${impacts}\nresolution_risk:\n  Node Reboot: 2\n`);
  for (const [name, rule] of Object.entries(directory.Rules)) {
    const base = `rules/${rule.plugin.python_module.split('.')[1] === 'internal' ? 'internal' : 'external'}/rules/${name}`;
    const p = rule.plugin;
    write(`${base}/plugin.yaml`, `name: ${p.name}\nnode_id: null\nproduct_code: ${p.product_code}\npython_module: ${p.python_module}\n`);
    write(`${base}/summary.md`, rule.summary);
    write(`${base}/reason.md`, rule.reason);
    write(`${base}/resolution.md`, rule.resolution);
    if (rule.more_info) write(`${base}/more_info.md`, rule.more_info);
    for (const [ek, c] of Object.entries(rule.error_keys)) {
      const m = c.metadata;
      write(`${base}/${ek}/generic.md`, c.generic);
      write(`${base}/${ek}/more_info.md`, c.more_info);
      write(
        `${base}/${ek}/metadata.yaml`,
        `description: ${m.description}\nimpact: ${m.impact.name}\nlikelihood: ${m.likelihood}\npublish_date: '${m.publish_date}'\nstatus: ${m.status}\nresolution_risk: Node Reboot\ntags: [${m.tags.join(', ')}]\n`,
      );
    }
  }
  const groups = GROUPS.map(
    (g) => `${g.tags[0]}:\n  name: ${g.title}\n  description: ${g.description}\n  tags: [${g.tags.join(', ')}]\n`,
  ).join('');
  write('groups_config.yaml', groups);
}

export class ContentProcess {
  readonly process: ServiceProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'proxy-content-'));
  readonly #rulesPath: string;
  readonly #groupsPath: string;

  /** The fixture content written as a tree, or an existing tree (`{ rules, groups }`: e.g. the repo's `content/`). */
  constructor(directory: RuleContentDirectory | { rules: string; groups: string } = contentFixture()) {
    if ('rules' in directory && typeof directory.rules === 'string') {
      this.#rulesPath = directory.rules;
      this.#groupsPath = directory.groups;
    } else {
      writeContentTree(directory as RuleContentDirectory, this.dir);
      this.#rulesPath = join(this.dir, 'rules');
      this.#groupsPath = join(this.dir, 'groups_config.yaml');
    }
    const bin = process.env.PROXY_TEST_CONTENT_BIN;
    this.process = new ServiceProcess({
      name: 'content service',
      entry: 'src/content-service/main.ts',
      env: (port) => ({
        INSIGHTS_CONTENT_SERVICE_CONFIG_FILE: '',
        INSIGHTS_CONTENT_SERVICE__SERVER__ADDRESS: `127.0.0.1:${port}`,
        INSIGHTS_CONTENT_SERVICE__SERVER__API_PREFIX: '/api/v1/',
        INSIGHTS_CONTENT_SERVICE__SERVER__API_SPEC_FILE: 'config/content-service/openapi.json',
        INSIGHTS_CONTENT_SERVICE__CONTENT__PATH: this.#rulesPath,
        INSIGHTS_CONTENT_SERVICE__GROUPS__PATH: this.#groupsPath,
        INSIGHTS_CONTENT_SERVICE__LOGGING__LOG_LEVEL: 'error',
      }),
      ready: () => this.url,
      args: bin ? [bin, 'start-service'] : undefined,
    });
  }

  get port(): number {
    return this.process.port;
  }

  get output(): string {
    return this.process.output;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/v1/`;
  }

  start(): Promise<void> {
    return this.process.start();
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
