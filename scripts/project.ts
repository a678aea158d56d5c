import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PaparanError, PaparanMessage } from './messages.ts';
import { isInside } from './outline/fields.ts';

/** The project root: the nearest folder, from `start` up, that has templates/layouts/. */
export function findRoot(start = process.cwd()): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'layouts'))) return dir;
    if (dirname(dir) === dir) {
      throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-project', `No paparan project in ${start} or above it`, 'Run paparan inside a project with templates/layouts/ and themes/')]);
    }
  }
}

/**
 * The project an outline belongs to: the nearest folder with templates/layouts/ above the outline itself, so that
 * `cd slides && paparan build talk.md` and `paparan build ~/talk/slides/talk.md` from anywhere both work; without
 * an outline, above the working folder. An explicit `root` wins.
 */
export function projectRoot(root: string | undefined, outlines: readonly string[] | undefined): string {
  if (root) return resolve(root);
  const first = outlines?.[0];
  if (first) {
    try {
      return findRoot(dirname(resolve(first)));
    } catch {
      // The outline is outside any project: the working folder's project, if any, is the next guess.
    }
  }
  return findRoot();
}

export function findOutlines(root: string): string[] {
  const dir = join(root, 'slides');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /\.(md|ya?ml)$/i.test(n)).sort().map((n) => join(dir, n));
}

/** A file-system-safe output name for an outline file. */
export function outputName(file: string): string {
  const name = basename(file).replace(/\.(md|ya?ml)$/i, '').normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '');
  return name || 'deck';
}

const SOURCE_DIRS = ['slides', 'templates', 'themes', 'scripts', 'tests', 'schema', 'docs', 'node_modules', '.git', '.ci'];

// Kernel and device file systems: writing there loops (`/proc/self`), fails oddly or does harm.
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/etc', '/bin', '/sbin', '/lib', '/lib64', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/share'];

/** `--out` may not be the project itself, a folder of its sources, or a system folder. */
export function checkOutDir(root: string, outDir: string): void {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const out = real(resolve(outDir));
  if (SYSTEM_DIRS.some((dir) => isInside(dir, out))) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'out-dir', `Refusing to write into ${outDir}: it is a system folder`, 'Choose an output folder of your own, such as dist/ (the default)')]);
  }
  const rootReal = real(root);
  const clash = isInside(out, rootReal) || SOURCE_DIRS.some((d) => isInside(real(join(rootReal, d)), out));
  if (clash) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'out-dir', `Refusing to write into ${outDir}: it holds the project's sources`, 'Choose an output folder of its own, such as dist/ (the default)')]);
  }
}
