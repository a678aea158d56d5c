// Where the bench finds paparan, and which build of it bin/paparan.mjs runs.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'paparan.mjs');
const COMPILED = join(ROOT, 'lib', 'paparan.mjs');

function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/**
 * What bin/paparan.mjs runs, by its own rule: lib/paparan.mjs when it is at least as new as every file in
 * scripts/, else the TypeScript sources through tsx (about 0.2 s slower to start).
 */
export function cliBuild(): 'compiled' | 'tsx' {
  try {
    return statSync(COMPILED).mtimeMs >= newest(join(ROOT, 'scripts')) ? 'compiled' : 'tsx';
  } catch {
    return 'tsx';
  }
}
