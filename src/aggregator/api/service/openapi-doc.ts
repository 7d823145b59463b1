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

export function openApiDocument(version: string): Record<string, unknown> {
  return composeOpenApi(
    {
      title: 'Insights Results Aggregator',
      description:
        'Aggregation service for the results of running Insights rules (TypeScript implementation). Paths are relative to server.api_prefix.',
      version,
      servers: [{ url: '/api/v1' }],
    },
    [service, organizations, reports, votes, toggles, acks, ratings, recommendations, workloads],
  );
}
