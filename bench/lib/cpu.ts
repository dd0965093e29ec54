import fs from 'node:fs';

/**
 * CPU accounting from /proc (Linux), to read a throughput figure right: whether the server's core was
 * saturated, how much of that core other processes took, and the server's CPU time per request (which
 * other load on the machine disturbs far less than req/s). Null where /proc is not there.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Snapshot {
  processTicks: number;
  coreBusyTicks: number;
  coreTotalTicks: number;
}

function processTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is 14th, stime 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function coreTicks(core: number): { busy: number; total: number } {
  const line = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `));
  if (!line) throw new Error(`no cpu${core} in /proc/stat`);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

export function cpuSnapshot(pid: number, core: number): Snapshot | null {
  try {
    const c = coreTicks(core);
    return { processTicks: processTicks(pid), coreBusyTicks: c.busy, coreTotalTicks: c.total };
  } catch {
    return null;
  }
}

export interface CpuUse {
  /** The server's CPU time over the interval, as a share of one core. */
  serverShare: number;
  /** What else ran on the server's core, as a share of it. */
  othersShare: number;
  serverCpuMs: number;
}

export function cpuUse(before: Snapshot | null, after: Snapshot | null): CpuUse | null {
  if (!before || !after) return null;
  const total = after.coreTotalTicks - before.coreTotalTicks;
  if (total <= 0) return null;
  const server = after.processTicks - before.processTicks;
  const busy = after.coreBusyTicks - before.coreBusyTicks;
  return { serverShare: server / total, othersShare: Math.max(0, busy - server) / total, serverCpuMs: server * TICK_MS };
}
