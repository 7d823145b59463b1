/**
 * The proxy's end-to-end stack: the real aggregator process on a real database, the content service
 * process (real, on a rules tree written from content-fixture.ts), the AMS and RBAC fakes, and the proxy itself started through
 * its start function on a real port. `request()` speaks HTTP to the proxy.
 */
import { silentLogger } from '#common/logger.js';
import { buildInfo } from '#common/service/build-info.js';
import type { TestDatabase } from '#test/helpers/databases.js';
import { FakeAms } from '#test/fakes/ams.js';
import { FakeRbac } from '#test/fakes/rbac.js';
import { type TestRequestInit, type TestResponse, testRequest } from '#test/helpers/http.js';
import { redisSettings } from '#test/helpers/redis.js';
import type { Db } from '../../../src/aggregator/storage/db.js';
import { type Config, zeroConfig } from '../../../src/smart-proxy/config.js';
import { type RunningProxy, start } from '../../../src/smart-proxy/service.js';
import { AggregatorProcess, freePort } from './aggregator-process.js';
import { ContentProcess } from './content-process.js';

export interface StackOptions {
  auth?: boolean;
  /** Without AMS credentials (the aggregator fallback when `fallback`). */
  noAms?: boolean;
  fallback?: boolean;
  configure?: (config: Config) => void;
  /** The content service to run (default: the fixture content). */
  content?: ContentProcess;
}

export class Stack {
  readonly ams = new FakeAms();
  readonly rbac = new FakeRbac();
  readonly content: ContentProcess;
  aggregator!: AggregatorProcess;
  proxy!: RunningProxy;
  config!: Config;
  url = '';

  constructor(content: ContentProcess = new ContentProcess()) {
    this.content = content;
  }

  static async start(
    backend: { create(): Promise<TestDatabase> },
    seed: (db: Db) => Promise<void>,
    options: StackOptions = {},
  ): Promise<Stack> {
    const stack = new Stack(options.content);
    const database = await backend.create();
    stack.aggregator = new AggregatorProcess(database);
    await stack.aggregator.prepare(seed);
    // One after the other: each picks a free port, and two processes compiling at once starve a 2-core machine.
    await stack.aggregator.start();
    await stack.content.start();
    await Promise.all([stack.ams.server.start(), stack.rbac.server.start()]);
    await stack.startProxy(options);
    return stack;
  }

  async startProxy(options: StackOptions): Promise<void> {
    const launched = await this.launchProxy(options);
    this.config = launched.config;
    this.proxy = launched.proxy;
    this.url = launched.url;
    await this.proxy.deps.content.content();
  }

  /** Another proxy on the same upstreams (other auth modes); the caller stops it. */
  async launchProxy(options: StackOptions): Promise<{ proxy: RunningProxy; url: string; config: Config }> {
    const config = zeroConfig();
    const port = await freePort();
    Object.assign(config.server, {
      address: `127.0.0.1:${port}`,
      api_v1_prefix: '/api/v1/',
      api_v2_prefix: '/api/v2/',
      api_dbg_prefix: '/api/dbg/',
      api_v1_spec_file: 'openapi/smart-proxy-v1.json',
      api_v2_spec_file: 'openapi/smart-proxy-v2.json',
      debug: true,
      auth: options.auth ?? true,
      auth_type: 'xrh',
      org_clusters_fallback: options.fallback ?? false,
    });
    Object.assign(config.services, {
      aggregator: this.aggregator.url,
      content: this.content.url,
      groups_poll_time: 60_000,
      content_directory_timeout: 5_000,
      upstream_timeout: 5_000,
    });
    if (!options.noAms) {
      Object.assign(config.amsclient, {
        url: this.ams.url,
        client_id: 'proxy-client',
        client_secret: 'proxy-secret',
        token_url: this.ams.tokenUrl,
        page_size: 2,
      });
    }
    config.rbac.url = this.rbac.url;
    // The request feature needs a Redis address to start (it starts without an answer, after a 2 s wait).
    config.redis = { ...config.redis, ...redisSettings() };
    options.configure?.(config);
    const proxy = await start(config, silentLogger, buildInfo());
    return { proxy, url: `http://127.0.0.1:${port}`, config };
  }

  request(method: string, path: string, init: TestRequestInit & { base?: string } = {}): Promise<TestResponse> {
    return testRequest(method, (init.base ?? this.url) + path, init);
  }

  async close(): Promise<void> {
    await this.proxy?.stop();
    await Promise.allSettled([this.aggregator?.stop(), this.ams.server.stop(), this.rbac.server.stop(), this.content.stop()]);
    this.content.remove();
    await this.aggregator?.database.drop();
  }
}
