/**
 * Build information of every executable (`print-version-info`, `/info`): commit, build time, branch and
 * version, written at build time by scripts/build.mjs into `dist/build-info.json` (upstream links them
 * into the Go binary). Run from the sources (tsx) there is no such file and the values are `*not set*`,
 * as for an upstream binary built without them. `BUILD_COMMIT`, `BUILD_TIME`, `BUILD_BRANCH`,
 * `BUILD_VERSION`, `UTILS_VERSION` override them at run time.
 */
import { readFileSync } from 'node:fs';

export const NOT_SET = '*not set*';

export interface BuildInfo {
  BuildBranch: string;
  BuildCommit: string;
  BuildTime: string;
  BuildVersion: string;
  UtilsVersion: string;
}

/** The generated file's content (scripts/build.mjs). */
export interface GeneratedBuildInfo {
  commit?: string;
  branch?: string;
  /** `LANG=C date` at build time, e.g. `Thu Jan  4 10:00:00 UTC 2024`. */
  time?: string;
  version?: string;
}

/** `dist/build-info.json` seen from dist/common/service/build-info.js (absent in src/). */
const GENERATED = new URL('../../build-info.json', import.meta.url);
const PACKAGE_JSON = new URL('../../../package.json', import.meta.url);

function readJson<T>(url: URL): T | null {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as T;
  } catch {
    return null;
  }
}

let cached: BuildInfo | null = null;

export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  if (cached && env === process.env) return cached;
  const generated = readJson<GeneratedBuildInfo>(GENERATED) ?? {};
  const pkg = readJson<{ version?: string }>(PACKAGE_JSON) ?? {};
  const info: BuildInfo = {
    BuildBranch: env.BUILD_BRANCH || generated.branch || NOT_SET,
    BuildCommit: env.BUILD_COMMIT || generated.commit || NOT_SET,
    BuildTime: env.BUILD_TIME || generated.time || NOT_SET,
    BuildVersion: env.BUILD_VERSION || generated.version || pkg.version || NOT_SET,
    UtilsVersion: env.UTILS_VERSION || NOT_SET,
  };
  if (env === process.env) cached = info;
  return info;
}
