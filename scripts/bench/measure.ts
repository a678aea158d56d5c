// Wall time and memory of a command's whole process tree (Chromium included), read from /proc.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const MiB = 1024 * 1024;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Every descendant of a process and the process itself, through /proc/<pid>/task/<tid>/children (no scan of /proc). */
export function processTree(root: number): number[] {
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    found.push(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (kids) queue.push(...kids.split(' ').map(Number));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Memory of a process tree in bytes. */
export interface TreeMemory {
  /** Resident set sizes summed over the tree: pages shared between processes count once per process. */
  rss: number;
  /** Proportional set sizes summed over the tree: each shared page is split among its sharers, so it counts once. */
  pss: number;
}

/** RSS and PSS summed over a process and all its descendants, read at one moment. */
export function treeMemory(root: number): TreeMemory {
  const total = { rss: 0, pss: 0 };
  for (const pid of processTree(root)) {
    try {
      total.rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      total.pss += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // Gone already.
    }
  }
  return total;
}

/** Samples a process tree's memory every `everyMs` until stopped; keeps the peaks (each of RSS and PSS on its own). */
export function memorySampler(pid: number, everyMs = 20) {
  const peak: TreeMemory = { rss: 0, pss: 0 };
  let timer: NodeJS.Timeout | undefined;
  const take = () => {
    const m = treeMemory(pid);
    peak.rss = Math.max(peak.rss, m.rss);
    peak.pss = Math.max(peak.pss, m.pss);
  };
  return {
    peak,
    start() {
      if (!timer) timer = setInterval(take, everyMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

/** One finished command: its wall time, and the peaks of its process tree when sampled (0 otherwise). */
export interface Run {
  ms: number;
  peak: TreeMemory;
}

/**
 * Runs `node <args>` to completion in `cwd`. Timed runs do not sample memory (reading /proc costs CPU the
 * measured process would otherwise get); sampled runs read the tree every 20 ms.
 */
export async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, sample = false): Promise<Run> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : -1))));
  const sampler = memorySampler(child.pid!);
  if (sample) sampler.start();
  const code = await exited;
  const ms = performance.now() - start;
  sampler.stop();
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}\n${stderr.slice(-4000)}`);
  return { ms, peak: { ...sampler.peak } };
}
