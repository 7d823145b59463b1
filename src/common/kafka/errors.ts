/** Helpers to classify @platformatic/kafka errors (MultipleErrors / ResponseError / ProtocolError trees). */
import type { Consumer } from '@platformatic/kafka';

export type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

/** The group is rebalancing / our generation is stale (ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, ...). */
export function isRebalanceError(error: unknown): boolean {
  const e = error as { findBy?: (property: string, value: unknown) => unknown };
  if (typeof e?.findBy === 'function' && e.findBy('needsRejoin', true)) return true;
  return /ILLEGAL_GENERATION|REBALANCE_IN_PROGRESS|UNKNOWN_MEMBER_ID/.test(errorText(error));
}

export function errorText(error: unknown): string {
  if (error instanceof AggregateError) return `${error.message} ${error.errors.map(errorText).join(' ')}`;
  if (error instanceof Error) return `${error.message} ${(error as { apiId?: string }).apiId ?? ''}`;
  return String(error);
}

/** The (partial) fetch response carried by a ResponseError, possibly nested in MultipleErrors. */
export function findResponse(error: unknown): FetchResponse | null {
  if (!error || typeof error !== 'object') return null;
  const r = (error as { response?: unknown }).response;
  if (r && typeof r === 'object' && Array.isArray((r as FetchResponse).responses)) return r as FetchResponse;
  const nested = (error as { errors?: unknown[] }).errors;
  if (Array.isArray(nested)) {
    for (let i = nested.length - 1; i >= 0; i--) {
      const found = findResponse(nested[i]);
      if (found) return found;
    }
  }
  return null;
}

/** The brokers kept failing (unreachable, or every request failing) for longer than the consumer tolerates. */
export class KafkaUnavailableError extends Error {
  override name = 'KafkaUnavailableError';
}
