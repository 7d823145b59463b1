/** OpenAPI fragment of the vote routes (spec 4.4.4), plus schema helpers reused by toggles/openapi.ts. */
import type { OpenApiPaths } from '../openapi-types.js';

const json = (schema: unknown) => ({ 'application/json': { schema } });

/** The `{"status":"..."}` error envelope. */
export const statusSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' } },
  additionalProperties: false,
};

export const okSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
  additionalProperties: false,
};

export const error = (description: string) => ({ description, content: json(statusSchema) });
export const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });

export const errors = {
  '400': error('Invalid path parameter or body (`Error during parsing param ...`, `Missing required param from request: ...`, `Error during validating param ...`, `bad type in json data`, JSON parser message, `client didn\'t provide request body`)'),
  '401': error('Missing or malformed `x-rh-identity` (only when `server.auth` is on)'),
  '403': error('The organization owning the cluster is not the token\'s organization (only when `server.auth` is on)'),
  '404': error('`Item with ID <cluster> was not found in the storage`: no report for the cluster'),
  '413': error('`request body too large` (the body is larger than 1 MiB)'),
  '500': error('`Internal Server Error` (storage failure)'),
};

export const preflight = (summary: string) => ({
  summary: `${summary} (CORS preflight: answered 200 with an empty body, the handler does not run)`,
  responses: { '200': { description: 'Preflight answer, empty body' } },
});

export const param = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export const params = {
  cluster: param('cluster', 'Cluster UUID (as accepted by Go uuid.Parse); echoed and stored as given', { type: 'string' }),
  rule_id: param('rule_id', 'Rule module **with** `.report`; must match `^[a-zA-Z_0-9.]+$`', { type: 'string', pattern: '^[a-zA-Z_0-9.]+$' }),
  error_key: param('error_key', 'Error key (not validated)'),
  org_id: param('org_id', 'Organization ID: unsigned 32-bit integer greater than 0', { type: 'integer', minimum: 1, maximum: 4294967295 }),
  user_id: param('user_id', 'User ID (trimmed, must not be empty); the path value is stored, not the token\'s'),
};

const messageBody = {
  required: false,
  description: 'Optional feedback. An absent or empty body means message "". At most `server.maximum_feedback_message_length` bytes (default 255).',
  content: json({ type: ['object', 'null'], properties: { message: { type: ['string', 'null'] } } }),
};

const voteOp = (operationId: string, summary: string) => ({
  put: {
    summary,
    operationId,
    tags: ['votes'],
    parameters: [params.cluster, params.rule_id, params.error_key, params.org_id, params.user_id],
    requestBody: messageBody,
    responses: { '200': ok('Vote stored', okSchema), ...errors },
  },
  options: preflight(summary),
});

const BASE = '/clusters/{cluster}/rules/{rule_id}/error_key/{error_key}';
const VOTE_BASE = `${BASE}/organizations/{org_id}/users/{user_id}`;

export const paths: OpenApiPaths = {
  [`${VOTE_BASE}/like`]: voteOp('likeRule', 'Vote 1 (like) on a rule hit of a cluster'),
  [`${VOTE_BASE}/dislike`]: voteOp('dislikeRule', 'Vote -1 (dislike) on a rule hit of a cluster'),
  [`${VOTE_BASE}/reset_vote`]: voteOp('resetVoteOnRule', 'Reset the vote (0) on a rule hit of a cluster'),
  [`${BASE}/users/{user_id}/get_vote`]: {
    get: {
      summary: 'The vote of a user on a rule hit of a cluster (debug mode only)',
      operationId: 'getVoteOnRule',
      tags: ['debug'],
      parameters: [params.cluster, params.rule_id, params.error_key, params.user_id],
      responses: {
        '200': ok('The vote: 1, -1 or 0', {
          type: 'object',
          required: ['status', 'vote'],
          properties: { status: { type: 'string', enum: ['ok'] }, vote: { type: 'integer', enum: [-1, 0, 1] } },
          additionalProperties: false,
        }),
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
        '404': error('`Item with ID <cluster> was not found in the storage` (no report) or `Item with ID <cluster>/<rule_id>/<user_id> was not found in the storage` (no vote)'),
        '500': errors['500'],
      },
    },
  },
};
