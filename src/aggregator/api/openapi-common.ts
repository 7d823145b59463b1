/**
 * The aggregator's shared OpenAPI pieces (the building blocks are in common/http/openapi.ts): its standard
 * error responses and the path parameters several features share.
 */
import { errorResponse, pathParam } from '#common/http/openapi.js';

/** The standard error responses; features with a more specific text use `errorResponse` instead. */
export const errors = {
  '400': errorResponse(
    "Invalid path parameter or body (`Error during parsing param '<name>' with value '<v>'. Error: '<reason>'`, " +
      '`value <n> out of range for uint32`, `Missing required param from request: ...`, `Error during validating param ...`, ' +
      "`bad type in json data`, JSON parser message, `client didn't provide request body`)",
  ),
  '401': errorResponse('Missing or malformed x-rh-identity (only with server.auth = true)'),
  '403': errorResponse("The token's organization is not the organization owning the data (only with server.auth = true)"),
  '404': errorResponse('`Item with ID <id> was not found in the storage`'),
  '413': errorResponse('The request body is larger than 1 MiB: `request body too large`'),
  '500': errorResponse('Storage error, or the storage is not configured: `Internal Server Error`'),
};

const UINT32_ID = { type: 'integer', format: 'uint32', minimum: 1, maximum: 4294967295 };

/** The path parameters several features share. */
export const params = {
  org_id: pathParam('org_id', 'Organization ID: unsigned 32-bit integer greater than 0', UINT32_ID),
  organization: pathParam('organization', 'Organization ID: unsigned 32-bit integer greater than 0', UINT32_ID),
  cluster: pathParam('cluster', 'Cluster UUID (any form accepted by Go uuid.Parse); echoed and stored as given'),
  user_id: pathParam('user_id', "User ID (trimmed, must not be empty); not checked against the token's"),
  rule_id: pathParam('rule_id', 'Rule module **with** `.report`, e.g. ccx_rules_ocp.external.rules.nodes_kubelet_version_check.report', {
    type: 'string',
    pattern: '^[a-zA-Z_0-9.]+$',
  }),
  error_key: pathParam('error_key', 'Error key (not validated)'),
  rule_selector: pathParam('rule_selector', 'Rule selector `<module>|<ERROR_KEY>` (module without `.report`; a "|" may be sent as %7C)', {
    type: 'string',
    example: 'ccx_rules_ocp.external.rules.nodes_kubelet_version_check|NODE_KUBELET_VERSION',
  }),
};
