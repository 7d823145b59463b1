/**
 * CPU accounting from /proc (Linux): where the time goes during a measured window. PostgreSQL time is
 * split into the backends serving the benchmark database (matched by their process title) and the
 * server's background processes (WAL writer, checkpointer, background writer), which serve every
 * database on the server; other databases' backends (other work on a shared machine) are left out.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK = 100; // USER_HZ

function ticks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
  } catch {
    return null; // process gone
  }
}

type Group = 'backends' | 'pgBackground' | 'kafka';

function classify(pid: string, database: string): Group | null {
  try {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm !== 'postgres' && comm !== 'java') return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    if (comm === 'java') return cmdline.includes('kafka.Kafka') ? 'kafka' : null;
    if (cmdline.includes(` ${database} `)) return 'backends';
    if (/walwriter|checkpointer|background writer|wal writer/.test(cmdline)) return 'pgBackground';
    return null;
  } catch {
    return null;
  }
}

export interface CpuSnapshot {
  at: number;
  writer: number;
  self: number;
  /** Per pid: [group, ticks]. */
  procs: Map<number, [Group, number]>;
}

/** CPU so far of the writer process, the benchmark database's backends, PostgreSQL's background processes, Kafka and this process. */
export function snapshot(writerPid: number | null, database: string): CpuSnapshot {
  const procs = new Map<number, [Group, number]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const group = classify(entry, database);
    const t = group ? ticks(Number(entry)) : null;
    if (group && t !== null) procs.set(Number(entry), [group, t]);
  }
  const self = process.cpuUsage();
  return { at: performance.now(), writer: writerPid ? (ticks(writerPid) ?? 0) / TICK : 0, self: (self.user + self.system) / 1e6, procs };
}

/** Seconds per group between two snapshots; processes that started in between count fully, ended ones are missed. */
function delta(a: CpuSnapshot, b: CpuSnapshot): Record<Group, number> {
  const out: Record<Group, number> = { backends: 0, pgBackground: 0, kafka: 0 };
  for (const [pid, [group, t]] of b.procs) out[group] += (t - (a.procs.get(pid)?.[1] ?? 0)) / TICK;
  return out;
}

/** CPU milliseconds per message between two snapshots. */
export function perMessage(a: CpuSnapshot, b: CpuSnapshot, messages: number): string {
  const ms = (x: number) => ((x * 1000) / messages).toFixed(2);
  const d = delta(a, b);
  const writer = b.writer - a.writer;
  const self = b.self - a.self;
  const wall = (b.at - a.at) / 1000;
  const busy = writer + d.backends + d.pgBackground + d.kafka + self;
  return (
    `CPU ms/msg: writer ${ms(writer)}, postgres backends ${ms(d.backends)} + background ${ms(d.pgBackground)}, kafka ${ms(d.kafka)}, bench ${ms(self)}` +
    ` (these use ${(busy / wall).toFixed(2)} of ${cores()} cores)`
  );
}

function cores(): number {
  return readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('processor')).length;
}
