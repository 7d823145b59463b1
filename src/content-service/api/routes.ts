/**
 * The content service's routes (spec 1.7) on the platform HTTP factory: `{p}`, `{p}groups`, `{p}content`,
 * `{p}status`, `{p}info`, `{p}metrics`, `{p}openapi.json`. Every answer comes from the current snapshot's
 * pre-encoded bytes (or, for filtered `/status`, a small object). No authentication (a private service).
 */
import { JSON_CONTENT_TYPE, goJson } from '#common/http/envelope.js';
import type { RouteDef } from '#common/http/routes.js';
import { mainRoute, metricsRoute } from '#common/http/service-routes.js';
import { apiSpecRoute } from '#common/service/api-spec.js';
import type { BuildInfo } from '#common/service/build-info.js';
import { CONTENT_JSON_MEDIA_TYPE, type ContentInfo, type RuleParseStatus } from '#contracts/content.js';
import type { ContentMetrics } from '../metrics.js';
import { type ContentStore, sortedRecord } from '../store/store.js';

export interface ApiDeps {
  store: ContentStore;
  metrics: ContentMetrics;
  build: BuildInfo;
  specFile: string;
  debug: boolean;
}

/** Whether the client asked for JSON (`Accept` naming application/json; `*\/*` or none keeps gob). */
export function wantsJson(accept: string | string[] | undefined): boolean {
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return value.split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === CONTENT_JSON_MEDIA_TYPE);
}

/** `/status` filters: `?external`, `?internal` (presence), `?rule=<name>` (repeatable); their union; none: all. */
export function filterStatus(status: Record<string, RuleParseStatus>, query: URLSearchParams): Record<string, RuleParseStatus> | null {
  const external = query.has('external');
  const internal = query.has('internal');
  const names = new Set(query.getAll('rule'));
  if (!external && !internal && names.size === 0) return null;
  const out: Record<string, RuleParseStatus> = {};
  for (const [name, s] of Object.entries(status)) {
    if ((external && s.type === 'external') || (internal && s.type === 'internal') || names.has(name)) out[name] = s;
  }
  return out;
}

const v = (version: string) => (/^v\d/.test(version) || version === '*not set*' ? version : `v${version}`);

export function contentRoutes(deps: ApiDeps): RouteDef[] {
  const { store } = deps;
  return [
    mainRoute(),
    {
      method: 'GET',
      path: 'groups',
      options: true,
      handler: async () => ({ raw: store.current.groupsBody, contentType: JSON_CONTENT_TYPE }),
    },
    {
      method: 'GET',
      path: 'content',
      options: true,
      handler: async ({ headers }) =>
        // Upstream labels the gob body application/json too (a quirk kept: clients ignore it).
        ({ raw: wantsJson(headers.accept) ? store.current.json : store.current.gob, contentType: JSON_CONTENT_TYPE }),
    },
    {
      method: 'GET',
      path: 'status',
      options: true,
      handler: async ({ url }) => {
        const snapshot = store.current;
        const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
        const filtered = filterStatus(snapshot.status, query);
        const failure = store.lastFailure;
        if (filtered === null && failure === null) return { raw: snapshot.statusBody, contentType: JSON_CONTENT_TYPE };
        const body: Record<string, unknown> = { rules: sortedRecord(filtered ?? snapshot.status), status: 'ok' };
        // Ours: present only while a reload failed and the previous content is served.
        if (failure) body.reload = { loaded: false, error: failure.error, at: failure.at };
        return { raw: goJson(body), contentType: JSON_CONTENT_TYPE };
      },
    },
    {
      method: 'GET',
      path: 'info',
      options: true,
      handler: async () => {
        const info: ContentInfo = {
          BuildVersion: v(deps.build.BuildVersion),
          BuildTime: deps.build.BuildTime,
          BuildBranch: deps.build.BuildBranch,
          BuildCommit: deps.build.BuildCommit,
          UtilsVersion: v(deps.build.UtilsVersion === '*not set*' ? deps.build.BuildVersion : deps.build.UtilsVersion),
          OCPRulesVersion: store.current.rulesVersion,
        };
        return { json: { info, status: 'ok' } };
      },
    },
    metricsRoute(deps.metrics),
    apiSpecRoute(deps.specFile, deps.debug),
  ];
}
