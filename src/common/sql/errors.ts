/**
 * Storage failures that go away by themselves (the database restarts, a connection drops, a lock
 * conflict) versus failures caused by the data. The writer turns the first kind into
 * TransientStorageError, with nothing of the batch committed, so the caller can wait and retry the batch;
 * the second kind is a per-message rejection.
 */

export class TransientStorageError extends Error {
  override name = 'TransientStorageError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** PostgreSQL SQLSTATEs: serialization failure, deadlock, too many connections, admin/crash shutdown, cannot connect now. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '53300', '57P01', '57P02', '57P03']);
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Connection ended unexpectedly',
];

/** Whether an error (or any error it wraps) is a temporary storage unavailability. */
export function isTransient(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 5) return false;
  if (err instanceof TransientStorageError) return true;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true; // connection exception class
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code)) return true;
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  }
  if (typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => message.includes(m))) return true;
  if (Array.isArray(errors) && errors.some((e) => isTransient(e, depth + 1))) return true; // AggregateError
  return cause !== undefined && isTransient(cause, depth + 1);
}

/** Rethrows transient failures as TransientStorageError; returns other errors unchanged. */
export function classify(err: unknown): unknown {
  if (err instanceof TransientStorageError) return err;
  if (isTransient(err)) {
    const text = err instanceof Error ? err.message : String(err);
    return new TransientStorageError(`storage unavailable: ${text}`, { cause: err });
  }
  return err;
}
