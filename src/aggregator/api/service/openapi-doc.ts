/**
 * Composes the project's openapi.json from each feature's fragment (`<feature>/openapi.ts`), so a route's
 * documentation sits beside its code. `npm run openapi` writes the file; a test checks it is current.
 */
import { composeOpenApi } from '#common/http/openapi.js';
import { paths as acks } from '../acks/openapi.js';
import { paths as organizations } from '../organizations/openapi.js';
import { paths as ratings } from '../ratings/openapi.js';
import { paths as recommendations } from '../recommendations/openapi.js';
import { paths as reports } from '../reports/openapi.js';
import { paths as toggles } from '../toggles/openapi.js';
import { paths as votes } from '../votes/openapi.js';
import { paths as workloads } from '../workloads/openapi.js';
import { paths as service } from './openapi.js';
import { errors } from '../openapi-common.js';

/** Hardening (common/http/guards.ts): with auth on, every operation naming an org or a cluster can answer 403. */
function withOrgChecks(doc: Record<string, unknown>): Record<string, unknown> {
  const paths = doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  for (const [path, item] of Object.entries(paths)) {
    if (!/\{(org_id|organization|organizations|cluster|clusters|cluster_list)\}/.test(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (method === 'options' || !op?.responses || !('401' in op.responses) || '403' in op.responses) continue;
      op.responses = Object.fromEntries(Object.entries({ ...op.responses, '403': errors['403'] }).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return doc;
}

export function openApiDocument(version: string): Record<string, unknown> {
  const doc = composeOpenApi(
    {
      title: 'Insights Results Aggregator',
      description:
        'Aggregation service for the results of running Insights rules (TypeScript implementation). Paths are relative to server.api_prefix.',
      version,
      servers: [{ url: '/api/v1' }],
    },
    [service, organizations, reports, votes, toggles, acks, ratings, recommendations, workloads],
  );
  return withOrgChecks(doc as Record<string, unknown>);
}
