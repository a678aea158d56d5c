import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PaparanError, PaparanMessage } from './messages.ts';

const TEMP = /\.tmp-(\d+)-[0-9a-f]{8}$/;

const HINTS: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space, or build elsewhere with --out DIR',
  EROFS: 'The output folder is on a read-only disk: build elsewhere with --out DIR',
  EACCES: 'You may not write there: fix its permissions, or build elsewhere with --out DIR',
  EPERM: 'You may not write there: fix its permissions, or build elsewhere with --out DIR',
  ENOTDIR: 'A file stands where the output folder should be: move it, or build elsewhere with --out DIR',
  EEXIST: 'A file stands where the output folder should be: move it, or build elsewhere with --out DIR',
};

/** Turns a failed write into a typed error that names the file and the fix. */
export function writeError(path: string, error: unknown): PaparanError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = (error as Error).message.replace(/^\w+: /, '').split(',')[0];
  return new PaparanError('io', [new PaparanMessage(path, { line: 0, column: 0 }, 'write-failed', `Cannot write the output: ${reason}`, HINTS[code] ?? 'Check the output folder, or build elsewhere with --out DIR')]);
}

/** Writes a file whole or not at all: a temp file beside it, then a rename. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The temp file could not even be created.
    }
    throw writeError(path, error);
  }
}

/** Replaces a folder's files: each new file is written atomically, then files that are no longer produced go. */
export function writeFolderAtomic(dir: string, files: Map<string, Uint8Array>): void {
  for (const [name, data] of files) writeAtomic(join(dir, name), data);
  for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(join(dir, name), { force: true });
}

/** Removes temp files left in `dir` by builds that were killed (their process is gone). */
export function sweepTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP.exec(name)?.[1]);
    if (pid && !alive(pid)) rmSync(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
