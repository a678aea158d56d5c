import { readdirSync } from 'node:fs';
import { basename, extname, join, posix, relative, resolve, sep } from 'node:path';
import { distance } from 'fastest-levenshtein';

/** Folders never searched for images: dependencies, version control, the default output. */
const SKIPPED = new Set(['node_modules', 'dist']);
/** The search stops after this many folder entries (a project with more is not a slide project). */
const MAX_ENTRIES = 20_000;
const IMAGE = /\.(?:svg|png|jpe?g|gif|webp)$/i;

/** An image file that exists, named relative to the outline, and why the user may have meant it. */
export interface ImageGuess {
  src: string;
  reason: string;
}

/** Image files under `root` (breadth-first, the outline's own folder first), relative to `dir` with `/`. */
export function listImages(dir: string, root: string): string[] {
  const found: string[] = [];
  const queue = [resolve(dir), resolve(root)];
  const visited = new Set<string>();
  let entries = 0;
  while (queue.length && entries < MAX_ENTRIES) {
    const folder = queue.shift()!;
    if (visited.has(folder)) continue;
    visited.add(folder);
    let names;
    try {
      names = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      continue;
    }
    for (const entry of names) {
      if (++entries > MAX_ENTRIES) break;
      const path = join(folder, entry.name);
      // Symlinked folders are not followed: they may lead anywhere, even in a circle.
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED.has(entry.name)) queue.push(path);
      } else if (IMAGE.test(entry.name)) found.push(relative(resolve(dir), path).split(sep).join('/'));
    }
  }
  return found;
}

/**
 * The existing image a missing `src` most likely meant: the same path in other upper/lower case, the same
 * file name in another folder, the same name with another extension, or a near spelling in the same folder.
 */
export function guessImage(src: string, images: readonly string[]): ImageGuess | undefined {
  if (src.length > 500) return undefined;
  const backslashes = src.includes('\\');
  const wanted = posix.normalize(src.replace(/\\/g, '/')).replace(/^\.\//, '');
  const lower = wanted.toLowerCase();
  const slash = backslashes ? ' (paths are written with `/`)' : '';
  const exact = backslashes ? images.find((p) => p === wanted) : undefined;
  if (exact) return { src: exact, reason: `paths are written with \`/\`, not \`\\\`` };
  const sameCase = images.find((p) => p.toLowerCase() === lower);
  if (sameCase) return { src: sameCase, reason: `upper and lower case must match the file's name exactly${slash}` };
  const name = basename(lower);
  const folder = posix.dirname(lower);
  const closest = (list: string[]) => list.sort((a, b) => distance(a.toLowerCase(), lower) - distance(b.toLowerCase(), lower) || a.length - b.length)[0];
  const sameName = closest(images.filter((p) => basename(p).toLowerCase() === name));
  if (sameName) {
    const where = (path: string) => (posix.dirname(path) === '.' ? 'next to the outline' : `in \`${posix.dirname(path)}/\``);
    return { src: sameName, reason: `\`${basename(sameName)}\` is ${where(sameName)}, not ${where(wanted)}${slash}` };
  }
  const stem = name.slice(0, name.length - extname(name).length);
  const inFolder = images.filter((p) => posix.dirname(p.toLowerCase()) === folder);
  const otherExtension = closest(inFolder.filter((p) => basename(p).toLowerCase().startsWith(`${stem}.`) && basename(p).length === stem.length + extname(p).length));
  if (otherExtension) return { src: otherExtension, reason: `the file is ${extname(otherExtension)}, not ${extname(wanted) || 'without an extension'}${slash}` };
  const near = closest(inFolder.filter((p) => name.length >= 5 && distance(basename(p).toLowerCase(), name) <= 2));
  if (near) return { src: near, reason: `a file with a name this close exists${slash}` };
  return undefined;
}
