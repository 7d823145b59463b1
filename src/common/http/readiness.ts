/**
 * `GET {prefix}readiness` (ours; upstream has none): 200 `{"status":"ok"}` when every check is ready,
 * otherwise 503 `{"status":"not ready","checks":{"<name>":"<reason>"}}`, e.g. while the Kafka broker is
 * away (common/kafka/health.ts). Without authentication, like `metrics`. Liveness is the main endpoint.
 */
import { jsonResponse, okSchema, type OpenApiPaths } from './openapi.js';
import type { RouteDef } from './routes.js';

export interface ReadinessCheck {
  readonly name: string;
  readiness(): { ready: boolean; reason: string };
}

export function readinessRoute(checks: readonly ReadinessCheck[]): RouteDef {
  return {
    method: 'GET',
    path: 'readiness',
    auth: false,
    handler: async () => {
      const failing: Record<string, string> = {};
      for (const check of checks) {
        const { ready, reason } = check.readiness();
        if (!ready) failing[check.name] = reason;
      }
      if (Object.keys(failing).length === 0) return { json: { status: 'ok' } };
      return { status: 503, json: { status: 'not ready', checks: failing } };
    },
  };
}

/** OpenAPI fragment of the route (for a service's document). */
export const readinessPaths: OpenApiPaths = {
  '/readiness': {
    get: {
      summary: 'Readiness: 200 while every dependency the service needs is connected (Kafka), 503 otherwise (no authentication)',
      operationId: 'getReadiness',
      responses: {
        '200': jsonResponse('ready', okSchema),
        '503': jsonResponse('not ready, with the reason per dependency', {
          type: 'object',
          required: ['status', 'checks'],
          properties: {
            status: { type: 'string', enum: ['not ready'] },
            checks: { type: 'object', additionalProperties: { type: 'string' } },
          },
        }),
      },
    },
  },
};
