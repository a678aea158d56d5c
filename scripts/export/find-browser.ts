import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { bundledChromium, repairBundledChromium } from './chromium.ts';

const SYSTEM_BROWSERS = [
  ...['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'].map((name) => `/usr/bin/${name}`),
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const NO_BROWSER_HINT =
  'Install Chromium (`apt-get install chromium`) or set CHROME_PATH=/path/to/chrome; the Chromium that comes with paparan arrives with `npm install`';
export const CHROME_PATH_HINT =
  'Point CHROME_PATH at the chrome or chromium program itself (e.g. /usr/bin/chromium, or ".../Google Chrome.app/Contents/MacOS/Google Chrome"), or unset it to use the Chromium that comes with paparan';
export const BUNDLED_START_HINT =
  "The Chromium that comes with paparan needs the libraries Debian's chromium package brings (`apt-get install chromium` installs them, and a browser paparan then uses), or set CHROME_PATH=/path/to/chrome. Set PAPARAN_BROWSER_TIMEOUT (seconds) on a slow machine";

/** Finds a browser: CHROME_PATH, then an installed Chrome/Chromium/Edge, then the one shipped in @sparticuz/chromium. */
export async function findBrowser(): Promise<string> {
  return (await locateBrowser()).path;
}

export async function locateBrowser(): Promise<{ path: string; bundled: boolean }> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    const path = resolve(fromEnv);
    const problem = programProblem(path);
    if (problem) throw noBrowser(`CHROME_PATH points to ${path}, which ${problem}`, CHROME_PATH_HINT);
    return { path, bundled: false };
  }
  for (const path of SYSTEM_BROWSERS) if (!programProblem(path)) return { path, bundled: false };
  let path = await bundledChromium();
  if (programProblem(path)) path = await repairBundledChromium();
  const problem = programProblem(path);
  if (problem) throw noBrowser(`The Chromium that comes with paparan, ${path}, ${problem}`, NO_BROWSER_HINT);
  return { path, bundled: true };
}

// Spawning a folder, a file without x permission or a script whose interpreter is missing fails in an 'error'
// event no caller can catch (puppeteer does not listen for it), so those are refused before the launch.
const EXECUTABLE = [[0x7f, 0x45, 0x4c, 0x46], [0xfe, 0xed, 0xfa], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe], [0x4d, 0x5a]];

/** What keeps `path` from being started as a program (`does not exist`, `is a folder`, ...), or undefined. */
function programProblem(path: string, interpreter = false): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as NodeJS.ErrnoException).code})`;
  }
  if (stat.isDirectory()) return 'is a folder, not a program';
  if (!stat.isFile()) return 'is not a file';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'is not executable (no x permission, or on a disk mounted noexec)';
  }
  if (interpreter) return undefined;
  const head = Buffer.alloc(256);
  let length: number;
  try {
    const fd = openSync(path, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code})`;
  }
  if (head.subarray(0, 2).toString('latin1') === '#!') {
    const program = head.subarray(2, length).toString('latin1').split('\n')[0]!.trim().split(/\s+/)[0] ?? '';
    if (!isAbsolute(program)) return 'is a script without a valid #! line';
    const problem = programProblem(program, true);
    return problem && `is a script for ${program}, which ${problem}`;
  }
  if (!EXECUTABLE.some((magic) => magic.every((byte, i) => head[i] === byte))) return 'is not a program (neither an executable nor a script)';
  return undefined;
}

export function noBrowser(message: string, hint = NO_BROWSER_HINT): PaparanError {
  return new PaparanError('browser', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-browser', message, hint)]);
}

