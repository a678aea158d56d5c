import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { makeTempDir } from '../temp.ts';
import { withContentSecurityPolicy } from './csp.ts';
import { PRESENTER_CSS, presenterScripts, type PaceData } from './presenter.ts';
import { fontFaceCss, type ThemeSet } from '../themes.ts';

// Found from the package root, so the path holds both in scripts/ and in the compiled lib/paparan.mjs.
const ENGINE = join(packageRoot(), 'scripts', 'render', 'engine.mjs');

function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'render', 'engine.mjs'))) return dir;
    if (dirname(dir) === dir) throw new Error('paparan: cannot find its own package folder');
  }
}

function tempFailed(error: unknown): PaparanError {
  const reason = (error as Error).message.replace(/^\w+: /, '').split(',')[0];
  const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
  return new PaparanError('io', [
    new PaparanMessage(tmpdir(), { line: 0, column: 0 }, 'temp-failed', `Cannot write paparan's temporary copy of the deck: ${reason}`, full ? `The temp folder's disk is full: free some space there, or set TMPDIR to a folder on a disk with room` : 'Check that TMPDIR is a folder you can write to, or set TMPDIR to one'),
  ]);
}

/** Runs marp-cli in-process on the deck, in a temp folder; returns the files it wrote, by name. */
async function runMarpCli(markdown: string, themeDir: string, sourceFile: string, args: string[], what: string, output: string): Promise<Map<string, Buffer>> {
  let dir: string | undefined;
  const inTemp = (name: string) => join(dir!, name);
  try {
    dir = makeTempDir('marp');
    mkdirSync(inTemp('out'));
    writeFileSync(inTemp('deck.md'), markdown);
  } catch (error) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw error instanceof PaparanError ? error : tempFailed(error);
  }
  const outDir = inTemp('out');
  try {
    // Loaded when first needed (through require, so the compiled CLI does not load it at start-up either).
    const { marpCli } = createRequire(import.meta.url)('@marp-team/marp-cli') as typeof import('@marp-team/marp-cli');
    const code = await quietly(() => marpCli([inTemp('deck.md'), '--no-config-file', '--engine', ENGINE, '--theme-set', themeDir, ...args, '-o', join(outDir, output)]));
    if (code !== 0) {
      throw new PaparanError('io', [new PaparanMessage(sourceFile, { line: 1, column: 1 }, 'marp-failed', `marp-cli could not convert the deck to ${what} (exit ${code})`, "Run with DEBUG=1 to see marp-cli's own log")]);
    }
    return new Map(readdirSync(outDir).sort().map((name) => [name, readFileSync(join(outDir, name))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Marp Markdown → marp-cli's bespoke HTML (presenter view, notes), made self-contained:
 * the theme's fonts are inlined and images are already data: URIs.
 */
export async function exportHtml(markdown: string, themes: ThemeSet, sourceFile: string, pace?: PaceData): Promise<string> {
  const files = await runMarpCli(markdown, themes.dir, sourceFile, ['--template', 'bespoke', '--no-bespoke.progress'], 'HTML', 'deck.html');
  return finishHtml([...files.values()][0]!.toString('utf8'), pace);
}

// The bespoke template builds its slide container in script; name it the page's main landmark once it exists.
const LANDMARK = `<script>(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()</script>`;

function finishHtml(html: string, pace?: PaceData): string {
  const withLandmark = html.replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${LANDMARK}${presenterScripts(pace)}</body>`);
  // The policy hashes the scripts, so it is computed once the last script is in; the fonts are only styles.
  return withContentSecurityPolicy(withLandmark).replace('</head>', () => `<style id="paparan-fonts">${fontFaceCss(html)}</style><style id="paparan-presenter">${PRESENTER_CSS}</style></head>`);
}

// marp-cli logs its own progress to stderr; paparan prints one line per output instead. Only marp-cli's own
// lines are dropped: other outputs finishing meanwhile still print theirs.
const MARP_LOG = /^(?:\x1b\[[\d;]*m)*\[\s*(?:\x1b\[[\d;]*m)*\s*(?:INFO|WARN|ERROR)/;

let quietRuns = 0;
let originalWrite: typeof process.stderr.write | undefined;

/**
 * Runs marp-cli with its log lines filtered out of stderr. Runs may overlap (outlines export side by side), so the
 * filter is installed by the first and removed by the last: stderr's own writer is always put back.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.DEBUG) return fn();
  if (quietRuns++ === 0) {
    const write = (originalWrite = process.stderr.write);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
      MARP_LOG.test(String(chunk)) ? true : (write as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest)) as typeof process.stderr.write;
  }
  try {
    return await fn();
  } finally {
    if (--quietRuns === 0 && originalWrite) {
      process.stderr.write = originalWrite;
      originalWrite = undefined;
    }
  }
}
