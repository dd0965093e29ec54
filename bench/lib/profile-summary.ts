/**
 * Where a V8 CPU profile (.cpuprofile) spends its time: the top functions by self time and by inclusive
 * time (each function counted once per sample, however deep it recurses), as shares of all samples.
 *   npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [top=25] [filter]
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const file = frame.url.replace(/^file:\/\//, '');
  const short = file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + 14) : path.relative(process.cwd(), file);
  return `${name} ${short}:${frame.lineNumber + 1}`;
}

export function summarizeProfile(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample's time is the gap to the next one
    totalUs += dt;
    const node = byId.get(id)!;
    const leaf = label(node.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  });
  const functions = [...total.keys()].map((name) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: total.get(name)! / 1000 }));
  return { totalMs: totalUs / 1000, functions };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [file, topArg, filter] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [top] [filter]');
    process.exit(2);
  }
  const { totalMs, functions } = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  const top = Number(topArg ?? 25);
  const pct = (ms: number) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`;
  const shown = filter ? functions.filter((f) => f.name.includes(filter)) : functions;
  console.log(`${file}: ${totalMs.toFixed(0)} ms sampled`);
  console.log('\nby self time:');
  for (const f of [...shown].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`${pct(f.selfMs)}  ${f.name}`);
  console.log('\nby inclusive time:');
  for (const f of [...shown].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`${pct(f.totalMs)}  ${f.name}`);
}
