// The console's runtime settings: `window.insightsConsoleConfig` from console-config.js (see index.html).
import { DEFAULT_UPLOAD_PATH, DEFAULT_V1_PREFIX, DEFAULT_V2_PREFIX, type Identity } from './api/client.ts';

export interface ConsoleConfig {
  apiV1Prefix: string;
  apiV2Prefix: string;
  /** The upload endpoint (ingress) on this origin. */
  uploadPath: string;
  identity: Identity | null;
  /** Lists and the overview load again every this many seconds (0: never), so a stopped service shows. */
  refreshSeconds: number;
  /** After a transient failure (nothing answers, 502/503/504) a view tries again every this many seconds. */
  retrySeconds: number;
  /** The launcher's service states (`npm start`, `npm run start:full`); null: no launcher, no banner. */
  servicesPath: string | null;
}

declare global {
  interface Window {
    insightsConsoleConfig?: Partial<ConsoleConfig>;
  }
}

const seconds = (v: unknown, fallback: number) => (typeof v === 'number' && v >= 0 && Number.isFinite(v) ? v : fallback);

export function consoleConfig(): ConsoleConfig {
  const c = window.insightsConsoleConfig ?? {};
  return {
    apiV1Prefix: c.apiV1Prefix ?? DEFAULT_V1_PREFIX,
    apiV2Prefix: c.apiV2Prefix ?? DEFAULT_V2_PREFIX,
    uploadPath: c.uploadPath ?? DEFAULT_UPLOAD_PATH,
    identity: c.identity ?? null,
    refreshSeconds: seconds(c.refreshSeconds, 30),
    retrySeconds: seconds(c.retrySeconds, 5),
    servicesPath: typeof c.servicesPath === 'string' ? c.servicesPath : null,
  };
}
