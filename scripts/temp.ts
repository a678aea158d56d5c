import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// paparan's temp folders carry the id of the process that made them: `paparan-<kind>-<pid>-XXXXXX`. A build or a
// dev session killed outright cannot clean up after itself, so the next run removes the folders of processes
// that are gone. Names without a pid (tests' own temp folders, the unpacked Chromium) never match.
const NAME = /^paparan-([a-z]+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Creates `<parent>/paparan-<kind>-<pid>-XXXXXX` (mode 0700) and returns its path; `kind` is lower-case letters. */
export function makeTempDir(kind: string, parent: string = tmpdir()): string {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`paparan: temp folder kind must be lower-case letters, not ${JSON.stringify(kind)}`);
  return mkdtempSync(join(parent, `paparan-${kind}-${process.pid}-`));
}

/** Whether a process with this id exists (a process of another user counts: it is alive, only not ours to signal). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the paparan temp folders in `parent` left by processes that no longer run: one readdir, then a stat
 * only for names of dead processes. Folders of live processes (this one included) and of other users are kept.
 * Never throws: a folder that cannot be removed now is tried again next run.
 */
export function sweepTempDirs(parent: string = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match || processAlive(Number(match[2]))) continue;
    const path = join(parent, name);
    try {
      const stat = lstatSync(path);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Gone meanwhile (another run swept it) or not ours to remove.
    }
  }
}
