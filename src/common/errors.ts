/**
 * Errors are values with a kind; one place (http/envelope.ts) maps kinds to status codes and the
 * `{"status": "..."}` envelope. The message texts are the upstream contract's (spec 4.1).
 */
export type ErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'unavailable' | 'internal';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const statusOfKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unavailable: 503,
  internal: 500,
};

export const NO_BODY = "client didn't provide request body";
export const BAD_JSON_TYPE = 'bad type in json data';
export const INTERNAL = 'Internal Server Error';

export const badRequest = (message: string) => new AppError('bad_request', message);

export const missingParam = (name: string) => badRequest(`Missing required param from request: ${name}`);

export const paramParseError = (name: string, value: string, reason: string) =>
  badRequest(`Error during parsing param '${name}' with value '${value}'. Error: '${reason}'`);

export const validationError = (name: string, value: string, reason: string) =>
  badRequest(`Error during validating param '${name}' with value '${value}'. Error: '${reason}'`);

/** `Item with ID <id> was not found in the storage`; composite IDs are joined with `/`. */
export const notFound = (...idParts: (string | number)[]) =>
  new AppError('not_found', `Item with ID ${idParts.join('/')} was not found in the storage`);
