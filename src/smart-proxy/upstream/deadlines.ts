/**
 * The total timeout of an upstream's calls (`services.upstream_timeout`) without a timer or an AbortSignal
 * per call: every call of an upstream has the same timeout, so calls in the order they started are also in
 * the order of their deadlines. They wait in one insertion-ordered Set (add and delete O(1)); one timer,
 * armed for the oldest call, expires every call whose deadline has passed and re-arms for the next one.
 */
import { performance } from 'node:perf_hooks';

/** A timeout of an upstream call: a connection-level failure for the routes (503 with the upstream's text). */
export class UpstreamTimeout extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'UND_ERR_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`upstream call timed out after ${timeoutMs} ms`);
  }
}

export interface Expiring {
  /** performance.now() time at which the call expires (set by Deadlines.add). */
  deadline: number;
  expire(err: UpstreamTimeout): void;
}

export class Deadlines {
  private readonly pending = new Set<Expiring>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly timeoutMs: number) {}

  add(call: Expiring): void {
    call.deadline = performance.now() + this.timeoutMs;
    this.pending.add(call);
    if (this.timer === null) this.arm(this.timeoutMs);
  }

  delete(call: Expiring): void {
    this.pending.delete(call);
  }

  /** Calls still waiting for their answer. */
  get size(): number {
    return this.pending.size;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.sweep, Math.max(1, Math.ceil(ms)));
    this.timer.unref();
  }

  private readonly sweep = (): void => {
    this.timer = null;
    const now = performance.now();
    for (const call of this.pending) {
      if (call.deadline > now) {
        this.arm(call.deadline - now);
        return;
      }
      this.pending.delete(call);
      call.expire(new UpstreamTimeout(this.timeoutMs));
    }
  };
}
