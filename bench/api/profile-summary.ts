/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per "place" (a package
 * under node_modules, a source file of ours, or a V8/Node internal category), hottest first.
 * Also usable alone: `node --import tsx bench/api/profile-summary.ts <file.cpuprofile>`.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function place(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url;
  const src = /\/(src\/.*|bench\/.*)$/.exec(url);
  return src ? src[1] : url;
}

export function summarizeProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  const perFunction = new Map<string, number>();
  const perPlace = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue; // waiting for I/O: not CPU
    total += us;
    const name = functionName || '(anonymous)';
    const where = place(url, name);
    const key = `${name}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    perPlace.set(where, (perPlace.get(where) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = [`CPU profile ${file}: ${(total / 1e6).toFixed(1)} s of CPU sampled (idle excluded)`, '', 'self time by place:'];
  for (const [k, us] of [...perPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', 'self time by function:');
  for (const [k, us] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) {
  process.stdout.on('error', () => process.exit(0)); // e.g. piped into `head`
  for (const file of process.argv.slice(2)) process.stdout.write(`${summarizeProfile(file)}\n\n`);
}
