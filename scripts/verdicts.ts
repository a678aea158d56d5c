import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSmallFile } from './outline/files.ts';
import { writeAtomic } from './write.ts';

/**
 * Checks that passed, remembered between runs by the exact text that was checked and the exact code that checked
 * it, so that a theme or template unchanged since it last passed is not parsed again (on an unchanged project,
 * checking the themes and compiling the templates was ~130 ms of `check`'s ~300). Only passes are kept: anything
 * that had a message is checked on every run, and a changed byte in the text or a new build of paparan is a
 * different key, so nothing here can be stale.
 *
 * Kept in node_modules/.cache/paparan/ beside paparan's own package (PAPARAN_CACHE_DIR elsewhere, PAPARAN_CACHE=0
 * off). The compiled CLI is identified by its file's size and time: `npm install` and `npm run compile` write a new
 * one. From the TypeScript sources (tsx, the tests) nothing is kept unless PAPARAN_CACHE_DIR names a folder, and
 * then only for the one process, since a source edit would not change the key.
 */

const FORMAT = 'paparan-verdicts-1';

interface Store {
  /** The folder for every build of paparan; nothing outside it is ever removed. */
  base: string;
  /** What identifies the checking code; its passes go in base/<identity>/. */
  identity: string;
  /** Folders of older builds of paparan are removed once per process, at the first pass written. */
  swept?: boolean;
}

let store: Store | null | undefined;

function openStore(): Store | null {
  if (process.env.PAPARAN_CACHE === '0') return null;
  const code = fileURLToPath(import.meta.url);
  const fromDir = process.env.PAPARAN_CACHE_DIR?.trim();
  // PAPARAN_CACHE_DIR may name a folder other things live in: paparan keeps to a folder of its own inside it.
  const own = fromDir ? join(fromDir, 'paparan-verdicts') : undefined;
  if (!code.endsWith('.mjs')) return own ? { base: own, identity: `sources-${process.pid}-${process.hrtime.bigint()}` } : null;
  try {
    const { size, mtimeMs } = statSync(code);
    const root = dirname(dirname(code));
    return { base: own ?? join(root, 'node_modules', '.cache', 'paparan'), identity: `${basename(code, '.mjs')}-${size}-${Math.round(mtimeMs)}` };
  } catch {
    return null;
  }
}

function fileFor(kind: string, parts: readonly string[]): string | undefined {
  store ??= openStore();
  if (!store) return undefined;
  const hash = createHash('sha256').update(FORMAT).update('\0').update(kind);
  for (const part of parts) hash.update('\0').update(part);
  return join(store.base, store.identity, kind, `${hash.digest('hex')}.json`);
}

/**
 * What was remembered when `parts` last passed the check `kind`, if it did and `read` accepts it (the file is read
 * like any input: `read` returns undefined for anything it does not expect, which counts as never having passed).
 */
export function passedBefore<T>(kind: string, parts: readonly string[], read: (value: unknown) => T | undefined): T | undefined {
  const file = fileFor(kind, parts);
  if (!file) return undefined;
  try {
    // Never through a symbolic link: a pass is a file paparan wrote there itself.
    const text = readSmallFile(file, MAX_PASS_BYTES, { noFollow: true });
    return text === undefined ? undefined : read(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** A remembered pass is a few hundred bytes; anything else there (a FIFO, a device, a huge file) is no pass. */
const MAX_PASS_BYTES = 64 * 1024;

/** Remembers that `parts` passed the check `kind`; a cache that cannot be written is no error. */
export function rememberPass(kind: string, parts: readonly string[], value: unknown): void {
  const file = fileFor(kind, parts);
  if (!file) return;
  sweepOlderBuilds();
  try {
    writeAtomic(file, JSON.stringify(value));
  } catch {
    // Not remembered: the next run checks again.
  }
}

const kindOf = (identity: string) => `${identity.split('-')[0]}-`;
/** The name of one build's folder: `paparan-<size>-<mtime>`, `index-…`, or `sources-<pid>-<time>`. */
const BUILD_FOLDER = /^(paparan|index|sources)-\d+-\d+$/;
/** A build folder written to within this long is kept, whichever build is running. */
const IN_USE_MS = 24 * 60 * 60 * 1000;

function sweepOlderBuilds(): void {
  if (!store || store.swept) return;
  store.swept = true;
  try {
    for (const entry of readdirSync(store.base)) {
      // Older builds of the same file (lib/paparan.mjs and lib/index.mjs keep theirs apart), by their exact names.
      if (entry === store.identity || !BUILD_FOLDER.test(entry) || !entry.startsWith(kindOf(store.identity))) continue;
      // Another build that wrote today may still be in use (two checkouts sharing node_modules): it is left for
      // a day, so two builds never take turns wiping each other's passes.
      const folder = join(store.base, entry);
      if (Date.now() - statSync(folder).mtimeMs < IN_USE_MS) continue;
      rmSync(folder, { recursive: true, force: true });
    }
  } catch {
    // No folder yet, or one that cannot be cleaned: the next run tries again.
  }
}

/** Forgets the open store (tests change PAPARAN_CACHE_DIR between cases). */
export function resetVerdicts(): void {
  store = undefined;
}
