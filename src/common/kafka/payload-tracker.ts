/**
 * Messages the writer produces besides storing (spec 2.9): payload-tracker statuses and dead-letter copies.
 *
 * Per message (only when a RequestId was decoded): `received` (only if the value was deserialised),
 * `processed`, then `success` or `error`. `org_id` / `account` are decimal strings, omitted when unknown.
 * `date` is UTC RFC 3339 with nanoseconds (Go RFC3339Nano: trailing zeros of the fraction trimmed).
 * A rejected message's raw value goes unchanged, without key, to the dead-letter topic.
 */
import type { PayloadStatus, PayloadTrackerMessage } from '#contracts/payload-tracker.js';
import type { OutgoingMessage } from './index.js';

/** The parts of a pipeline Outcome this module reads. */
export interface TrackedOutcome {
  message: { value: Buffer | null };
  status: 'written' | 'skipped-empty' | 'skipped-older' | 'rejected';
  requestId?: string;
  orgId?: number;
  account?: number;
  decoded: boolean;
}

/** The statuses the db-writer sends (spec 2.9). */
export type TrackerStatus = Extract<PayloadStatus, 'received' | 'processed' | 'success' | 'error'>;

// Wall clock (ns since the epoch) advanced by the monotonic high-resolution timer: ns resolution, never
// going backwards within the process.
const clockBase = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** Nanoseconds since the Unix epoch. */
export function nowNs(): bigint {
  return clockBase + process.hrtime.bigint();
}

/** Go `time.Time.UTC().Format(time.RFC3339Nano)`: `2024-02-06T12:25:08.123456789Z`, trailing zeros trimmed. */
export function formatRfc3339NanoNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const secMs = ms - (((ms % 1000n) + 1000n) % 1000n);
  const base = new Date(Number(secMs)).toISOString().slice(0, 19);
  const frac = ns - secMs * 1_000_000n;
  if (frac === 0n) return `${base}Z`;
  return `${base}.${frac.toString().padStart(9, '0').replace(/0+$/, '')}Z`;
}

export function trackerMessage(service: string, outcome: TrackedOutcome, status: TrackerStatus, at: bigint): string {
  const body: PayloadTrackerMessage = {
    service,
    request_id: outcome.requestId ?? '',
    status,
    date: formatRfc3339NanoNs(at),
  };
  if (typeof outcome.orgId === 'number') body.org_id = String(outcome.orgId);
  if (typeof outcome.account === 'number') body.account = String(outcome.account);
  return JSON.stringify(body);
}

export interface Produced {
  /** Raw values of rejected messages, in batch order. */
  deadLetters: OutgoingMessage[];
  /** Tracker statuses, in batch order (per message: received, processed, success|error). */
  statuses: OutgoingMessage[];
  /** How many messages had no RequestId (nothing sent for them; upstream logs a warning each). */
  withoutRequestId: number;
}

/**
 * Builds everything to produce for one processed batch. `receivedAt` is when the batch arrived (the
 * `received` date), the other statuses are stamped when built (after the outcomes became durable).
 */
export function producedFor(
  outcomes: readonly TrackedOutcome[],
  opts: { service: string; dlq: boolean; tracker: boolean; receivedAt: bigint },
): Produced {
  const out: Produced = { deadLetters: [], statuses: [], withoutRequestId: 0 };
  for (const o of outcomes) {
    const failed = o.status === 'rejected';
    if (failed && opts.dlq) out.deadLetters.push({ value: o.message.value ?? Buffer.alloc(0) });
    if (!opts.tracker) continue;
    if (!o.requestId) {
      out.withoutRequestId += 1;
      continue;
    }
    if (o.decoded) out.statuses.push({ value: trackerMessage(opts.service, o, 'received', opts.receivedAt) });
    out.statuses.push({ value: trackerMessage(opts.service, o, 'processed', nowNs()) });
    out.statuses.push({ value: trackerMessage(opts.service, o, failed ? 'error' : 'success', nowNs()) });
  }
  return out;
}
