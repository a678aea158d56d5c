import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes a file whole or not at all: a temp file beside it, then a rename. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Replaces a folder's files: each new file is written atomically, then files that are no longer produced go. */
export function writeFolderAtomic(dir: string, files: Map<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of files) writeAtomic(`${dir}/${name}`, data);
  for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(`${dir}/${name}`, { force: true });
}
