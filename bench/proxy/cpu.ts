/**
 * Where a request's time goes on a shared machine (docs/performance.md, smart proxy): per process, the CPU
 * it used (utime + stime from /proc/<pid>/stat) and the time its main thread spent runnable but waiting for
 * a CPU (the run-queue wait, second field of /proc/<pid>/schedstat), each divided by the requests served.
 * A process whose wait is many times its CPU is starved by the machine's load, not idle. Linux only; on
 * other systems the figures are absent.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

export interface Sample {
  cpuMs: number;
  waitMs: number;
}

/** CPU time (utime + stime) and run-queue wait of a process so far, in ms; null when unreadable. */
export function sample(pid: number): Sample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const waitMs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
    return { cpuMs, waitMs };
  } catch {
    return null;
  }
}

/** Starts counting for `pids`; the returned function gives per-request CPU and run-queue wait (µs). */
export function startAccounting(pids: Record<string, number>): (requests: number) => string {
  const before = Object.entries(pids).map(([name, pid]) => ({ name, pid, at: sample(pid) }));
  return (requests) =>
    before
      .map(({ name, pid, at }) => {
        const now = sample(pid);
        if (!at || !now || requests <= 0) return `${name}: n/a`;
        const cpu = ((now.cpuMs - at.cpuMs) * 1000) / requests;
        const wait = ((now.waitMs - at.waitMs) * 1000) / requests;
        return `${name} CPU ${cpu.toFixed(0)} µs, run-queue wait ${wait.toFixed(0)} µs`;
      })
      .join('; ');
}
