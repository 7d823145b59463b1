// The console's runtime settings: `window.insightsConsoleConfig` from console-config.js (see index.html).
import { DEFAULT_V1_PREFIX, DEFAULT_V2_PREFIX, type Identity } from './api/client.ts';

export interface ConsoleConfig {
  apiV1Prefix: string;
  apiV2Prefix: string;
  identity: Identity | null;
}

declare global {
  interface Window {
    insightsConsoleConfig?: Partial<ConsoleConfig>;
  }
}

export function consoleConfig(): ConsoleConfig {
  const c = window.insightsConsoleConfig ?? {};
  return {
    apiV1Prefix: c.apiV1Prefix ?? DEFAULT_V1_PREFIX,
    apiV2Prefix: c.apiV2Prefix ?? DEFAULT_V2_PREFIX,
    identity: c.identity ?? null,
  };
}
