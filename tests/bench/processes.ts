/**
 * The processes of a Chromium launched by the e2e harness, read from Linux's /proc: CPU time and memory
 * of the browser, its renderers (one per site: the tabs' pages with their content scripts, the
 * extension's pages and its service worker) and its helpers, for benchmarks that measure what an action
 * costs the whole browser (tests/bench/tab-flood.ts). Linux only; elsewhere `available` is false.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type ProcessKind = 'browser' | 'renderer' | 'extension' | 'gpu' | 'utility' | 'other';

export interface ProcessSample {
  pid: number;
  kind: ProcessKind;
  /** User and system CPU time, ms (all threads). */
  cpuMs: number;
  /** Proportional set size, bytes (shared pages divided among the processes that share them). */
  pss: number;
}

export const available = existsSync('/proc/self/stat');

/** Clock ticks a second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICK_MS = 10;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A command line's arguments (Chromium's helpers rewrite theirs as one string joined by spaces). */
const argsOf = (cmdline: string): string[] => cmdline.split(/[\0 ]/);

function parentOf(pid: number): number | null {
  const status = read(`/proc/${pid}/status`);
  const m = status && /^PPid:\s+(\d+)/m.exec(status);
  return m ? Number(m[1]) : null;
}

/** The browser process whose command line names `profileDir` (--user-data-dir), or null. */
export function browserPid(profileDir: string): number | null {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const cmd = read(`/proc/${d}/cmdline`);
    if (!cmd) continue;
    const args = argsOf(cmd);
    if (args.some((a) => a === `--user-data-dir=${profileDir}`) && !args.some((a) => a.startsWith('--type='))) return Number(d);
  }
  return null;
}

/** `root` and every process below it. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pp = parentOf(Number(d));
    if (pp === null) continue;
    const list = children.get(pp) ?? [];
    list.push(Number(d));
    children.set(pp, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

function kindOf(pid: number): ProcessKind {
  const args = argsOf(read(`/proc/${pid}/cmdline`) ?? '');
  const type = args.find((a) => a.startsWith('--type='))?.slice(7);
  if (!type) return 'browser';
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension' : 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return 'utility';
  return 'other';
}

export function sample(pid: number, withMemory = true): ProcessSample | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  let pss = 0;
  if (withMemory) {
    const m = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '');
    pss = m ? Number(m[1]) * 1024 : 0;
  }
  return { pid, kind: kindOf(pid), cpuMs, pss };
}

export interface Snapshot {
  at: number;
  processes: ProcessSample[];
}

export function snapshot(root: number, withMemory = true): Snapshot {
  const processes = descendants(root)
    .map((p) => sample(p, withMemory))
    .filter((s): s is ProcessSample => s !== null);
  return { at: performance.now(), processes };
}

export interface Totals {
  cpuMs: Record<ProcessKind | 'all', number>;
  pss: Record<ProcessKind | 'all', number>;
}

const zero = (): Record<ProcessKind | 'all', number> => ({ browser: 0, renderer: 0, extension: 0, gpu: 0, utility: 0, other: 0, all: 0 });

export function totals(s: Snapshot): Totals {
  const cpuMs = zero();
  const pss = zero();
  for (const p of s.processes) {
    cpuMs[p.kind] += p.cpuMs;
    cpuMs.all += p.cpuMs;
    pss[p.kind] += p.pss;
    pss.all += p.pss;
  }
  return { cpuMs, pss };
}

/** CPU ms spent between two snapshots, by kind (processes present in both; new ones count from zero). */
export function cpuBetween(a: Snapshot, b: Snapshot): Record<ProcessKind | 'all', number> {
  const before = new Map(a.processes.map((p) => [p.pid, p.cpuMs]));
  const out = zero();
  for (const p of b.processes) {
    const d = p.cpuMs - (before.get(p.pid) ?? 0);
    out[p.kind] += d;
    out.all += d;
  }
  return out;
}
