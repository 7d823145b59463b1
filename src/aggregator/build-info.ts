import { readFileSync } from 'node:fs';
import type { BuildInfo } from './api/deps.js';

const NOT_SET = '*not set*';

/** Version info: the package version, and build metadata from the environment when a build sets it. */
export function buildInfo(): BuildInfo {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return {
    BuildBranch: process.env.BUILD_BRANCH || NOT_SET,
    BuildCommit: process.env.BUILD_COMMIT || NOT_SET,
    BuildTime: process.env.BUILD_TIME || NOT_SET,
    BuildVersion: process.env.BUILD_VERSION || pkg.version,
    UtilsVersion: process.env.UTILS_VERSION || NOT_SET,
  };
}
