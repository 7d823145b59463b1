/**
 * What /proc says about a process (Linux), for bench:pipeline: RSS, peak RSS (VmHWM), CPU seconds, and a
 * sampler that records RSS over time (its flatness is one of the bench's figures).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ

function status(pid: number, field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export const rssMb = (pid: number) => status(pid, 'VmRSS');
/** The kernel's own peak RSS of the process (MB). */
export const hwmMb = (pid: number) => status(pid, 'VmHWM');

/** CPU seconds (user + system) the process used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

/** The S3 server's process (S3Mock's JVM), if it runs on this machine. */
export function s3ServerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('s3mock')) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

/** RSS of `pid` every `everyMs`, tagged with the phase the bench is in. */
export class RssSampler {
  readonly samples: { at: number; mb: number; phase: string }[] = [];
  phase = 'start';
  readonly #timer: NodeJS.Timeout;
  constructor(
    readonly pid: number,
    everyMs = 100,
  ) {
    this.#timer = setInterval(() => this.samples.push({ at: performance.now(), mb: rssMb(pid), phase: this.phase }), everyMs);
  }
  /** Highest sample of a phase (MB). */
  peak(phase: string): number {
    return Math.max(0, ...this.samples.filter((s) => s.phase === phase).map((s) => s.mb));
  }
  /** Median sample of a phase (MB). */
  median(phase: string): number {
    const v = this.samples
      .filter((s) => s.phase === phase)
      .map((s) => s.mb)
      .sort((a, b) => a - b);
    return v.length === 0 ? 0 : v[Math.floor(v.length / 2)]!;
  }
  stop(): void {
    clearInterval(this.#timer);
  }
}
