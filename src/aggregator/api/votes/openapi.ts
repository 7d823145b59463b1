/** OpenAPI fragment of the vote routes (spec 4.4.4). */
import { type OpenApiPaths, errorResponse, jsonContent, jsonResponse, okSchema, okStatus, preflight } from '#common/http/openapi.js';
import { errors, params } from '../openapi-common.js';

const messageBody = {
  required: false,
  description:
    'Optional feedback. An absent or empty body means message "". At most `server.maximum_feedback_message_length` bytes (default 255).',
  content: jsonContent({ type: ['object', 'null'], properties: { message: { type: ['string', 'null'] } } }),
};

const voteOp = (operationId: string, summary: string) => ({
  put: {
    summary,
    operationId,
    tags: ['votes'],
    parameters: [params.cluster, params.rule_id, params.error_key, params.org_id, params.user_id],
    requestBody: messageBody,
    responses: { '200': jsonResponse('Vote stored', okSchema), ...errors },
  },
  options: preflight({ summary }),
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
        '200': jsonResponse('The vote: 1, -1 or 0', {
          type: 'object',
          required: ['status', 'vote'],
          properties: { status: okStatus, vote: { type: 'integer', enum: [-1, 0, 1] } },
          additionalProperties: false,
        }),
        '400': errors['400'],
        '401': errors['401'],
        '403': errors['403'],
        '404': errorResponse(
          '`Item with ID <cluster> was not found in the storage` (no report) or `Item with ID <cluster>/<rule_id>/<user_id> was not found in the storage` (no vote)',
        ),
        '500': errors['500'],
      },
    },
  },
};
