import { createReadStream, createWriteStream, lstatSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tempRoot } from '../temp.ts';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { makeTempDir } from '../temp.ts';

// The Chromium that comes with paparan is @sparticuz/chromium's: brotli files in its bin/ folder. Of them a
// Linux machine needs the browser (chromium.br) and the software GL it loads from its own folder
// (swiftshader.tar.br: libEGL, libGLESv2, SwiftShader Vulkan); without those it exits at once. fonts.tar.br is
// only read when FONTCONFIG_PATH points at it, and al2023.tar.br holds NSS for AWS Lambda: neither is needed.
//
// They are unpacked once into <tmpdir>/paparan-chromium-<version>-u<uid>/ by paparan itself: into a fresh
// folder, each file synced and made executable, a marker recording every file's size, date and inode written
// last, and the whole folder renamed into place. A build killed meanwhile leaves only a temp folder the next run
// sweeps; two builds unpacking at once both end with a whole copy (the second rename finds the first one's
// folder and keeps it). Later runs compare the marker with a few stats (no hashing): a truncated, replaced or
// half-deleted copy is thrown away and unpacked again.

const require = createRequire(import.meta.url);
const MARKER = 'paparan-unpacked.json';
const BROWSER = 'chromium';

interface Marker {
  version: string;
  sources: Record<string, number>;
  files: Record<string, { size: number; mtimeMs: number; ino: number }>;
}

interface Package {
  bin: string;
  version: string;
  /** Sizes of the brotli files, by name: a changed package means a new unpack. */
  sources: Record<string, number>;
}

export interface ChromiumOptions {
  /** The folder to unpack into (default: the system temp folder, $TMPDIR). */
  dir?: string;
}

/** The folder the bundled Chromium is (or would be) unpacked into. */
export function bundledChromiumFolder(options: ChromiumOptions = {}): string {
  return folderFor(bundledPackage(), options);
}

function folderFor(pkg: Package, options: ChromiumOptions): string {
  const uid = process.getuid?.();
  return join(options.dir ?? tempRoot(), `paparan-chromium-${pkg.version}${uid === undefined ? '' : `-u${uid}`}`);
}

/** The path of the bundled Chromium, unpacked first if it is missing or damaged. A few stats once unpacked. */
export async function bundledChromium(options: ChromiumOptions = {}): Promise<string> {
  const pkg = bundledPackage();
  const folder = folderFor(pkg, options);
  checkOwnFolder(folder);
  if (!intact(folder, pkg)) await unpackInto(pkg, folder);
  return join(folder, BROWSER);
}

/** Throws the unpacked copy away and unpacks it again: for a browser that passed the cheap checks yet would not start. */
export async function repairBundledChromium(options: ChromiumOptions = {}): Promise<string> {
  const pkg = bundledPackage();
  const folder = folderFor(pkg, options);
  checkOwnFolder(folder);
  await discard(folder);
  await unpackInto(pkg, folder);
  return join(folder, BROWSER);
}

function bundledPackage(): Package {
  if (!['linux'].includes(process.platform) || process.arch !== 'x64') {
    throw unpackError(`The Chromium that comes with paparan runs on Linux x64 only, not on ${process.platform} ${process.arch}`, 'Install Chrome or Chromium, or set CHROME_PATH=/path/to/chrome');
  }
  try {
    const root = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    if (!/^[\w.-]+$/.test(version)) throw new Error(`odd version ${JSON.stringify(version)}`);
    const bin = join(root, 'bin');
    const sources = Object.fromEntries(['chromium.br', 'swiftshader.tar.br'].map((name) => [name, statSync(join(bin, name)).size]));
    return { bin, version, sources };
  } catch (error) {
    throw unpackError(`The Chromium that comes with paparan (@sparticuz/chromium) is missing: ${(error as Error).message}`, 'Run `npm install` (or `npm ci`) in the paparan folder, install Chromium (`apt-get install chromium`), or set CHROME_PATH=/path/to/chrome');
  }
}

/** A folder of that name made by someone else could hold any program: refuse it. */
function checkOwnFolder(folder: string): void {
  let stat;
  try {
    stat = lstatSync(folder);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  const ours = uid === undefined || stat.uid === uid;
  if (ours && !stat.isDirectory()) rmSync(folder, { force: true });
  else if (!ours || (stat.mode & 0o022) !== 0) {
    throw unpackError(`${folder} is in the way of the bundled Chromium: it is not a folder of yours, or others may write into it`, `Remove ${folder}, set TMPDIR to a folder of your own, or set CHROME_PATH=/path/to/chrome`);
  }
}

/** Whether the folder holds a whole unpack of this package: a marker and one stat per file. */
function intact(folder: string, pkg: Package): boolean {
  try {
    const marker = JSON.parse(readFileSync(join(folder, MARKER), 'utf8')) as Marker;
    if (marker.version !== pkg.version || typeof marker.files?.[BROWSER] !== 'object') return false;
    if (Object.entries(pkg.sources).some(([name, size]) => marker.sources?.[name] !== size)) return false;
    for (const [name, want] of Object.entries(marker.files)) {
      const have = statSync(join(folder, name));
      if (!have.isFile() || have.size !== want.size || have.mtimeMs !== want.mtimeMs || have.ino !== want.ino) return false;
    }
    return (statSync(join(folder, BROWSER)).mode & 0o100) !== 0;
  } catch {
    return false;
  }
}

async function unpackInto(pkg: Package, folder: string): Promise<void> {
  const parent = dirname(folder);
  let staging: string | undefined;
  try {
    staging = makeTempDir('unpack', parent);
    await unpack(pkg, staging);
    // Renaming a folder onto a non-empty one fails: then another run got there first (keep its copy, when whole)
    // or a damaged copy is in the way (throw it away and try again).
    for (let attempt = 1; ; attempt++) {
      try {
        await rename(staging, folder);
        await syncFolder(parent);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt === 3) throw error;
        if (intact(folder, pkg)) return;
        await discard(folder);
      }
    }
  } catch (error) {
    throw unpackError(
      `Could not unpack the Chromium that comes with paparan into ${parent}: ${(error as Error).message}`,
      `Make room in ${parent} (it needs about 220 MB) or set TMPDIR to a folder with room, reinstall with \`npm ci\` if the package is damaged, or set CHROME_PATH=/path/to/chrome`,
    );
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  }
}

/** Unpacks every file into `staging`, each synced to disk, then the marker describing them. */
async function unpack(pkg: Package, staging: string): Promise<void> {
  const browser = join(staging, BROWSER);
  await pipeline(createReadStream(join(pkg.bin, 'chromium.br'), { highWaterMark: 1 << 22 }), createBrotliDecompress({ chunkSize: 1 << 21 }), createWriteStream(browser, { flags: 'wx', mode: 0o600 }));
  await finishFile(browser, 0o755);
  const tar = await promisify(brotliDecompress)(await readFile(join(pkg.bin, 'swiftshader.tar.br')));
  for (const entry of tarFiles(tar)) {
    const file = await open(join(staging, entry.name), 'wx', 0o600);
    try {
      await file.writeFile(entry.data);
      await file.sync();
      await file.chmod(entry.mode & 0o111 ? 0o755 : 0o644);
    } finally {
      await file.close();
    }
  }
  const files: Marker['files'] = {};
  for (const name of readdirSync(staging)) {
    const { size, mtimeMs, ino } = statSync(join(staging, name));
    files[name] = { size, mtimeMs, ino };
  }
  const marker = await open(join(staging, MARKER), 'wx', 0o644);
  try {
    await marker.writeFile(JSON.stringify({ version: pkg.version, sources: pkg.sources, files } satisfies Marker));
    await marker.sync();
  } finally {
    await marker.close();
  }
  await syncFolder(staging);
}

async function finishFile(path: string, mode: number): Promise<void> {
  const file = await open(path, 'r');
  try {
    await file.sync();
    await file.chmod(mode);
  } finally {
    await file.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  try {
    const dir = await open(path, 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Not every system can sync a folder; the rename is still atomic.
  }
}

/** Moves a damaged copy aside (so nobody finds it half-deleted) and deletes it. */
async function discard(folder: string): Promise<void> {
  const trash = makeTempDir('trash', dirname(folder));
  try {
    await rename(folder, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rm(trash, { recursive: true, force: true, maxRetries: 2 });
}

/** The regular files of a (ustar or GNU) tar archive; only plain names, as in swiftshader.tar. */
function* tarFiles(tar: Buffer): Generator<{ name: string; mode: number; data: Buffer }> {
  const text = (start: number, end: number, at: number) => tar.subarray(at + start, at + end).toString('latin1').replace(/\0.*$/s, '');
  const octal = (start: number, end: number, at: number) => parseInt(text(start, end, at).trim() || '0', 8);
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return;
    let sum = 8 * 32;
    for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += header[i]!;
    const size = octal(124, 136, at);
    if (sum !== octal(148, 156, at) || !Number.isSafeInteger(size) || at + 512 + size > tar.length) throw new Error('swiftshader.tar.br is damaged');
    const type = text(156, 157, at) || '0';
    const name = text(0, 100, at);
    if (type === '0') {
      if (!/^[\w][\w.+-]*$/.test(name) || name === MARKER) throw new Error(`swiftshader.tar.br holds an unexpected entry ${JSON.stringify(name)}`);
      yield { name, mode: octal(100, 108, at), data: tar.subarray(at + 512, at + 512 + size) };
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

function unpackError(message: string, hint: string): PaparanError {
  return new PaparanError('browser', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-browser', message, hint)]);
}
