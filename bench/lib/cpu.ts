// Where the CPU went during a phase: the Next server, the PostgreSQL backends serving the bench
// database, the bench process itself, and the whole machine (other engineers' work included).
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

const TICK = 100; // USER_HZ on Linux

function procTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(rest[11]) + Number(rest[12]); // utime + stime (fields 14, 15)
  } catch {
    return null;
  }
}

/** Ticks of `pid` and all its descendants (`npm start`'s primary, its web processes and job worker). */
function treeTicks(pid: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(d), Number(rest[1]));
      ticks.set(Number(d), Number(rest[11]) + Number(rest[12]));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  for (const [p, t] of ticks) {
    for (let q: number | undefined = p, hops = 0; q !== undefined && q > 1 && hops < 8; q = parent.get(q), hops++)
      if (q === pid) {
        sum += t;
        break;
      }
  }
  return sum;
}

/** Ticks of every process whose command line contains `needle` (a backend's title names its database). */
function ticksMatching(needle: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, "utf8");
      if (!cmd.includes(needle)) continue;
      const t = procTicks(Number(d));
      if (t !== null) out.set(Number(d), t);
    } catch {
      /* gone */
    }
  }
  return out;
}

function machine(): { busy: number; total: number } {
  const [cpu = ""] = readFileSync("/proc/stat", "utf8").split("\n");
  const v = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuSnap {
  at: number;
  server: number;
  pg: Map<number, number>;
  bench: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
  load: number[];
}

export function cpuSnap(serverPid: number | null, dbName: string): CpuSnap {
  return {
    at: performance.now(),
    server: serverPid ? treeTicks(serverPid) : 0,
    pg: ticksMatching(dbName),
    bench: process.cpuUsage(),
    machine: machine(),
    load: loadavg(),
  };
}

export interface CpuSplit {
  seconds: number;
  /** CPU seconds used in the interval */
  server: number;
  postgres: number;
  bench: number;
  machineBusy: number;
  /** machine CPU seconds not used by any of the three above (other engineers, the kernel) */
  other: number;
  cores: number;
  loadBefore: number[];
  loadAfter: number[];
}

export function cpuSplit(a: CpuSnap, b: CpuSnap, cores: number): CpuSplit {
  let pg = 0;
  for (const [pid, t] of b.pg) pg += t - (a.pg.get(pid) ?? 0);
  if (b.pg.size === 0) pg = 0;
  const bench = (b.bench.user - a.bench.user + b.bench.system - a.bench.system) / 1e6;
  const seconds = (b.at - a.at) / 1000;
  const busyTicks = b.machine.busy - a.machine.busy;
  const totalTicks = b.machine.total - a.machine.total;
  const machineBusy = totalTicks > 0 ? (busyTicks / totalTicks) * seconds * cores : 0;
  const server = (b.server - a.server) / TICK;
  const postgres = pg / TICK;
  return {
    seconds,
    server,
    postgres,
    bench,
    machineBusy,
    other: Math.max(0, machineBusy - server - postgres - bench),
    cores,
    loadBefore: a.load,
    loadAfter: b.load,
  };
}

/**
 * A CPU meter that polls /proc every second while a phase runs, so processes that end inside
 * the phase (pgbench's backends) keep what they used; `extraPid` is followed too (pgbench itself).
 */
export class CpuMeter {
  private first: CpuSnap;
  private seen = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout;
  extraPid: number | null = null;
  private extra = { first: -1, last: 0 };
  constructor(
    private serverPid: number | null,
    private dbName: string,
    private cores: number,
  ) {
    this.first = cpuSnap(serverPid, dbName);
    for (const [pid, t] of this.first.pg) this.seen.set(pid, { first: t, last: t });
    this.timer = setInterval(() => this.poll(), 1000);
    this.timer.unref();
  }
  private poll(): CpuSnap {
    const s = cpuSnap(this.serverPid, this.dbName);
    for (const [pid, t] of s.pg) {
      const e = this.seen.get(pid);
      if (e) e.last = t;
      else this.seen.set(pid, { first: 0, last: t });
    }
    if (this.extraPid) {
      const t = procTicks(this.extraPid);
      if (t !== null) {
        if (this.extra.first < 0) this.extra.first = 0;
        this.extra.last = t;
      }
    }
    return s;
  }
  stop(): CpuSplit & { extra: number } {
    clearInterval(this.timer);
    const last = this.poll();
    const split = cpuSplit(this.first, { ...last, pg: new Map() }, this.cores);
    let pg = 0;
    for (const e of this.seen.values()) pg += e.last - e.first;
    split.postgres = pg / TICK;
    const extra = this.extra.first < 0 ? 0 : (this.extra.last - this.extra.first) / TICK;
    split.other = Math.max(0, split.machineBusy - split.server - split.postgres - split.bench - extra);
    return { ...split, extra };
  }
}

export function describeSplit(s: CpuSplit & { extra?: number }): string {
  const p = (x: number) => `${((100 * x) / (s.seconds * s.cores)).toFixed(0)}%`;
  return (
    `${s.seconds.toFixed(0)} s on ${s.cores} cores: next-server ${s.server.toFixed(1)} s (${p(s.server)}), postgres ${s.postgres.toFixed(1)} s (${p(s.postgres)}), ` +
    `bench ${s.bench.toFixed(1)} s (${p(s.bench)}), ${s.extra ? `pgbench ${s.extra.toFixed(1)} s (${p(s.extra)}), ` : ""}others ${s.other.toFixed(1)} s (${p(s.other)}); machine busy ${p(s.machineBusy)}; ` +
    `load ${s.loadBefore.map((x) => x.toFixed(2)).join(" ")} → ${s.loadAfter.map((x) => x.toFixed(2)).join(" ")}`
  );
}
