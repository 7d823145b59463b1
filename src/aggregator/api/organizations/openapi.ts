/** OpenAPI fragment of the organizations feature (spec 4.4.2). Debug-only operations are tagged `debug`. */
import { type OpenApiPaths, errorResponse as error, jsonResponse as json, okSchema, okStatus } from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const { '401': unauthorized, '500': internal } = errors;

export const paths: OpenApiPaths = {
  '/organizations': {
    get: {
      summary: 'Distinct organization IDs that have a stored report (debug only)',
      operationId: 'getOrganizations',
      tags: ['debug'],
      responses: {
        '200': json('Organization IDs, ascending; [] when none', {
          type: 'object',
          required: ['organizations', 'status'],
          properties: {
            organizations: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 4294967295 } },
            status: okStatus,
          },
        }),
        '401': unauthorized,
        '500': internal,
      },
    },
  },
  '/organizations/{organization}/clusters': {
    get: {
      summary: 'Clusters of an organization whose report was stored within the last server.org_overview_limit_hours hours',
      operationId: 'getClustersForOrganization',
      parameters: [params.organization],
      responses: {
        '200': json('Cluster IDs, sorted; [] when none', {
          type: 'object',
          required: ['clusters', 'status'],
          properties: {
            clusters: { type: 'array', items: { type: 'string' } },
            status: okStatus,
          },
        }),
        '400': error(
          "Bad organization: `Error during parsing param 'organization' with value '<v>'. Error: '<reason>'` or `value <n> out of range for uint32`",
        ),
        '401': unauthorized,
        '403': errors['403'],
        '500': internal,
      },
    },
  },
  '/organizations/{organizations}': {
    delete: {
      summary: 'Delete the reports of the listed organizations (debug only). Votes cascade; other tables are kept',
      operationId: 'deleteOrganizations',
      tags: ['debug'],
      parameters: [
        {
          name: 'organizations',
          in: 'path',
          required: true,
          description: 'Comma-separated organization IDs',
          schema: { type: 'string', pattern: '^[0-9]+(,[0-9]+)*$' },
        },
      ],
      responses: {
        '200': json('Deleted', okSchema),
        '400': error("`Error during parsing param 'organizations' with value '<v>'. Error: 'integer array expected'`"),
        '401': unauthorized,
        '500': internal,
      },
    },
  },
  '/clusters/{clusters}': {
    delete: {
      summary: 'Delete the reports of the listed clusters (debug only). Votes cascade; other tables are kept',
      operationId: 'deleteClusters',
      tags: ['debug'],
      parameters: [
        { name: 'clusters', in: 'path', required: true, description: 'Comma-separated cluster UUIDs', schema: { type: 'string' } },
      ],
      responses: {
        '200': json('Deleted', okSchema),
        '400': error("`Error during parsing param 'clusters' with value '<id>'. Error: 'invalid UUID length: 4'` (or another UUID error)"),
        '401': unauthorized,
        '500': internal,
      },
    },
  },
};
