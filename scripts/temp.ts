import { lstatSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PaparanError, PaparanMessage } from './messages.ts';

/**
 * The temp folder, as TMPDIR names it: it must be an existing folder named by an absolute path. Otherwise paparan
 * would create it (relative to wherever it runs) and unpack 200 MB of Chromium there.
 */
export function tempRoot(): string {
  const dir = tmpdir();
  let folder = false;
  try {
    folder = isAbsolute(dir) && statSync(dir).isDirectory();
  } catch {
    // Missing: said below.
  }
  if (!folder) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'env-value', `TMPDIR is ${JSON.stringify(dir)}, which is not ${isAbsolute(dir) ? 'an existing folder' : 'an absolute path'}`, 'Set TMPDIR to an existing folder such as /tmp, or unset it')]);
  }
  return dir;
}

// paparan's temp folders carry the id of the process that made them: `paparan-<kind>-<pid>-XXXXXX`. A build or a
// dev session killed outright cannot clean up after itself, so the next run removes the folders of processes
// that are gone. Names without a pid (tests' own temp folders, the unpacked Chromium) never match.
const NAME = /^paparan-([a-z]+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Creates `<parent>/paparan-<kind>-<pid>-XXXXXX` (mode 0700) and returns its path; `kind` is lower-case letters. */
export function makeTempDir(kind: string, parent: string = tempRoot()): string {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`paparan: temp folder kind must be lower-case letters, not ${JSON.stringify(kind)}`);
  return mkdtempSync(join(parent, `paparan-${kind}-${process.pid}-`));
}

/**
 * Chromium's profile takes about a megabyte at start: below this, a browser that would not start is put down to
 * a full temp folder (above it, to the browser: a broken CHROME_PATH with 24 MB free was called a full folder).
 */
const ROOM_FOR_A_PROFILE = 4 * 1024 * 1024;

/**
 * The error to give when something could not start for lack of room in the temp folder (Chromium, whose profile
 * lives there, exits at start with a disk full, saying only that its target closed); undefined if there is room.
 */
export function tempFolderFull(): PaparanError | undefined {
  let free: number;
  let dir: string;
  try {
    dir = tempRoot();
    const stats = statfsSync(dir);
    free = stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
  if (free >= ROOM_FOR_A_PROFILE) return undefined;
  return new PaparanError('io', [
    new PaparanMessage(dir, { line: 0, column: 0 }, 'temp-failed', `The temp folder ${dir} is full (${Math.floor(free / 1024)} KB free): the browser cannot keep its profile there`, "Free some space there, or set TMPDIR to a folder on a disk with room"),
  ]);
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
  if (!isAbsolute(parent)) return;
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
