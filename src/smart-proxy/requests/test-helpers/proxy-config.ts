/** A smart-proxy configuration for the request routes on a test Redis: auth on, no reachable upstreams, listening on a free port. */
import { join } from 'node:path';
import type { RedisSettings } from '#common/redis/client.js';
import { REPO_ROOT } from '#test/helpers/corpus.js';
import { type Config, zeroConfig } from '../../config.js';

export function requestsProxyConfig(redis: RedisSettings): Config {
  const config = zeroConfig();
  Object.assign(config.server, {
    address: '127.0.0.1:0',
    api_v1_prefix: '/api/v1/',
    api_v2_prefix: '/api/v2/',
    api_dbg_prefix: '/api/dbg/',
    api_v1_spec_file: join(REPO_ROOT, 'openapi/smart-proxy-v1.json'),
    api_v2_spec_file: join(REPO_ROOT, 'openapi/smart-proxy-v2.json'),
    auth: true,
    auth_type: 'xrh',
  });
  Object.assign(config.services, {
    aggregator: 'http://127.0.0.1:1/api/v1/',
    content: 'http://127.0.0.1:1/api/v1/',
    upgrade_risks_prediction: 'http://127.0.0.1:1/',
    groups_poll_time: 3_600_000,
    upstream_timeout: 1000,
  });
  config.redis = { ...redis };
  return config;
}
