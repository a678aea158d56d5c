import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../scripts/build.ts';
import { ROOT, tempProject } from './helpers.ts';

// Shared by the fault trials in tests/hostile/ and tests/slow/.
export const BIN = join(ROOT, 'bin', 'paparan.mjs');
export const OUTPUTS = ['kesimpulan.md', 'kesimpulan.html', 'kesimpulan.pdf', 'kesimpulan-handout.pdf', 'kesimpulan-notes.pdf', 'kesimpulan-overview.png'];

/** Whether a process is alive (a zombie waiting to be reaped counts as gone). */
export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export const snapshot = (dir: string) => new Map(OUTPUTS.map((f) => [f, readFileSync(join(dir, 'kesimpulan', f))]));
export const tempsIn = (dir: string) => readdirSync(join(dir, 'kesimpulan')).filter((n) => n.includes('.tmp-'));

/** A project with a finished build (the "old" outputs) in dist/. */
export async function builtProject() {
  const project = tempProject();
  const out = join(project, 'dist');
  await build({ outlines: [join(project, 'slides', 'kesimpulan.md')], root: project, outDir: out });
  return { project, out, outline: join(project, 'slides', 'kesimpulan.md') };
}
