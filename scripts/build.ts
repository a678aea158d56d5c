import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import { BrowserSession } from './export/browser.ts';
import { exportDeck, mostImportant, type OutlineResult, type ProgressEvent, type SlidesEvent } from './export/run.ts';
import type { OutputFormat } from './formats.ts';
import { loadConfig, type ProjectConfig } from './config.ts';
import { loadTemplates } from './layouts.ts';
import { Manifest } from './manifest.ts';
import { PaparanError, PaparanMessage, sortMessages } from './messages.ts';
import type { HandoutOptions } from './outline/types.ts';
import { prepare, type PreparedDeck } from './prepare.ts';
import { sweepTempDirs, tempRoot } from './temp.ts';
import { checkOutDir, findOutlines, outputName, projectRoot } from './project.ts';

export { DEFAULT_FORMATS, OUTPUT_FORMATS, type OutputFormat } from './formats.ts';
export { prepare, type PreparedDeck } from './prepare.ts';
export type { OutlineResult, ProgressEvent, SlidesEvent } from './export/run.ts';

/** Options of {@link build}; every field is optional. */
export interface BuildOptions {
  /** Outline files; by default every `slides/*.md` under `root`. */
  outlines?: string[];
  /** Project root: templates/, themes/ and every image must be inside it. Default: the nearest folder with templates/layouts/. */
  root?: string;
  /** Output directory; each outline gets `<out>/<name>/`. Default: `<root>/dist`. */
  outDir?: string;
  formats?: OutputFormat[];
  /** Rebuild outputs whose inputs did not change. */
  force?: boolean;
  handout?: Partial<HandoutOptions>;
  autoSplit?: boolean;
  speakingRate?: number;
  /** Browser pages at work at once; default: one more than the cores. */
  concurrency?: number;
  /** Outputs to finish before the others start (dev mode: the HTML and the slides PDF first). */
  priority?: OutputFormat[];
  /** Measure overflow (and auto-split) in the browser before writing; default true. */
  measure?: boolean;
  /** A browser to reuse (dev mode keeps one warm); otherwise one is launched and closed. */
  browser?: BrowserSession;
  onProgress?: (event: ProgressEvent) => void;
  /** Each outline's slides as soon as they are rendered, before its HTML is written (dev mode's page). */
  onSlides?: (event: SlidesEvent) => void;
}

/** The outlines a build or check works on, refusing two that would write to the same folder. */
export function resolveOutlines(root: string, outlines: string[] | undefined): string[] {
  const files = outlines?.length ? outlines : findOutlines(root);
  if (files.length === 0) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-outline', 'No outline to build', 'Write slides/<name>.md, or name an outline: paparan build slides/talk.md')]);
  }
  for (const file of files) {
    if (existsSync(resolve(file))) continue;
    const guess = guessOutline(root, file);
    if (guess) {
      const shown = relative(process.cwd(), guess) || guess;
      throw new PaparanError('input', [new PaparanMessage(file, { line: 0, column: 0 }, 'file-missing', `There is no outline ${file} here`, `Did you mean ${shown}? paparan build ${shown}`)]);
    }
    if (!/\.(md|ya?ml)$/i.test(file)) throw notAnOutline(file);
  }
  const names = new Map<string, string>();
  const clashes: PaparanMessage[] = [];
  for (const file of files) {
    const other = names.get(outputName(file));
    if (other) clashes.push(new PaparanMessage(file, { line: 0, column: 0 }, 'output-clash', `${file} and ${other} would both write to ${outputName(file)}/`, 'Rename one of the outlines'));
    else names.set(outputName(file), file);
  }
  if (clashes.length) throw new PaparanError('usage', clashes);
  return files;
}

/** A word where an outline belongs (`npm run build --format html` leaves `html` behind): what it is, and the fix. */
export function notAnOutline(word: string, command: 'build' | 'check' | 'dev' = 'build'): PaparanError {
  return new PaparanError('usage', [
    new PaparanMessage(word, { line: 0, column: 0 }, 'outline-name', `\`${word}\` is not an outline: outlines are .md or .yaml files`, `Name an outline such as slides/talk.md. Through npm, options go after --: npm run ${command} -- ${command === 'dev' ? '--port 3000' : '--format html'}`),
  ]);
}

/** The outline a mistyped name most likely means: in slides/, with its extension, in any letter case. */
function guessOutline(root: string, file: string): string | undefined {
  const wanted = basename(file).toLowerCase();
  const outlines = findOutlines(root);
  return (
    outlines.find((o) => basename(o).toLowerCase() === wanted) ??
    outlines.find((o) => basename(o).toLowerCase().replace(/\.(md|ya?ml)$/, '') === wanted.replace(/\.(md|ya?ml)$/, ''))
  );
}

/** Prepares every outline; one bad outline stops the build, and the problems of all of them are reported. */
export function prepareAll(files: string[], options: BuildOptions & { root: string; config?: ProjectConfig | null }): PreparedDeck[] {
  const prepared: PreparedDeck[] = [];
  const problems = new Map<string, PaparanMessage>();
  for (const file of files) {
    try {
      prepared.push(prepare(file, options));
    } catch (error) {
      if (!(error instanceof PaparanError) || error.kind !== 'input') throw error;
      // A broken template or theme is reported once, not once per outline.
      for (const m of error.messages) problems.set(m.format(), m);
    }
  }
  if (problems.size) throw new PaparanError('input', sortMessages([...problems.values()]));
  return prepared;
}

/** Builds each outline into `<out>/<name>/`: Markdown, HTML, PDF, handout, speaker script and contact sheet. */
export async function build(options: BuildOptions = {}): Promise<OutlineResult[]> {
  const root = projectRoot(options.root, options.outlines);
  // Read once here when its `out` is needed, and handed to every outline's preparation (which reads it otherwise).
  const config = options.outDir === undefined ? (loadConfig(root, loadTemplates(join(root, 'templates'))) ?? null) : undefined;
  const outDir = resolve(options.outDir ?? config?.out ?? join(root, 'dist'));
  checkOutDir(root, outDir);
  // Temp folders of builds and dev sessions that were killed hold whole copies of talks: they go now.
  sweepTempDirs(tempRoot());
  const files = resolveOutlines(root, options.outlines);
  // Every outline is checked before anything is written: one bad outline writes nothing.
  const prepared = prepareAll(files, { ...options, root, config });
  const browser = options.browser ?? new BrowserSession();
  try {
    // Outlines share the browser, the page limit and the manifest, and are exported side by side.
    const context = {
      outDir,
      browser,
      limit: pLimit(options.concurrency ?? availableParallelism() + 1),
      manifest: Manifest.read(outDir),
      formats: options.formats,
      force: options.force,
      measure: options.measure,
      priority: options.priority,
      onProgress: options.onProgress,
      onSlides: options.onSlides,
    };
    const settled = await Promise.allSettled(prepared.map((deck, i) => exportDeck(files[i]!, deck, context)));
    const errors = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    if (errors.length) throw mostImportant(errors);
    return settled.map((r) => (r as PromiseFulfilledResult<OutlineResult>).value);
  } finally {
    if (!options.browser) await browser.close();
  }
}
