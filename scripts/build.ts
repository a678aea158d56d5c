import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { BrowserSession } from './export/browser.ts';
import { outputMakers } from './export/outputs.ts';
import { loadTemplates, type TemplateSet } from './layouts.ts';
import { PaparanError, PaparanMessage } from './messages.ts';
import { loadOutlineFile } from './outline/load.ts';
import type { HandoutOptions, Outline } from './outline/types.ts';
import pLimit from 'p-limit';
import { checkOutDir, findOutlines, findRoot, outputName } from './project.ts';
import { validateOutline } from './outline/validate.ts';
import { fitDeck, overflowMessages } from './fit.ts';
import { DEFAULT_FORMATS, type OutputFormat } from './formats.ts';
import { renderDeck, type RenderedDeck } from './render/deck.ts';
import { loadThemes, type ThemeSet } from './themes.ts';
import { sweepTemps, writeAtomic, writeFolderAtomic } from './write.ts';

const require = createRequire(import.meta.url);
const VERSIONS = `paparan ${require('../package.json').version}; marp-core ${require('@marp-team/marp-core/package.json').version}; marp-cli ${require('@marp-team/marp-cli/package.json').version}`;

export { DEFAULT_FORMATS, OUTPUT_FORMATS, type OutputFormat } from './formats.ts';

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
}

export interface ProgressEvent {
  outline: string;
  format: OutputFormat;
  path: string;
  status: 'written' | 'skipped';
  ms: number;
}

export interface OutlineResult {
  outline: string;
  name: string;
  dir: string;
  outputs: ProgressEvent[];
  warnings: PaparanMessage[];
  slides: number;
}

/** A loaded, validated and rendered outline: everything up to export. */
export interface PreparedDeck {
  outline: Outline;
  deck: RenderedDeck;
  warnings: PaparanMessage[];
  templates: TemplateSet;
  themes: ThemeSet;
  source: string;
}

/** Load → validate → render, without touching the disk or a browser. Throws {@link PaparanError} on bad input. */
export function prepare(file: string, options: Pick<BuildOptions, 'root' | 'autoSplit' | 'handout' | 'speakingRate'> = {}): PreparedDeck {
  const root = resolve(options.root ?? findRoot());
  const display = relative(process.cwd(), resolve(file)) || file;
  const loaded = loadOutlineFile(resolve(file), display);
  const templates = loadTemplates(join(root, 'templates'));
  const themes = loadThemes(join(root, 'themes'));
  const { outline, messages } = validateOutline(loaded, templates, { root, autoSplit: options.autoSplit, handout: options.handout, speakingRate: options.speakingRate });
  if (!themes.themes.has(outline.deck.theme)) {
    messages.error(loaded.positionOf(['theme']), 'theme-unknown', `Unknown theme \`${outline.deck.theme}\``, `Use one of: ${[...themes.themes.keys()].join(', ')}`);
    messages.throwIfFatal();
  }
  return { outline, deck: renderDeck(outline, templates), warnings: messages.warnings, templates, themes, source: loaded.source };
}

/** Builds each outline into `<out>/<name>/`: Markdown, HTML, PDF, handout, speaker script and contact sheet. */
export async function build(options: BuildOptions = {}): Promise<OutlineResult[]> {
  const root = resolve(options.root ?? findRoot());
  const outDir = resolve(options.outDir ?? join(root, 'dist'));
  checkOutDir(root, outDir);
  const files = options.outlines?.length ? options.outlines : findOutlines(root);
  if (files.length === 0) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-outline', 'No outline to build', 'Write slides/<name>.md, or name an outline: paparan build slides/talk.md')]);
  }
  const names = new Map<string, string>();
  for (const f of files) {
    const other = names.get(outputName(f));
    if (other) throw new PaparanError('usage', [new PaparanMessage(f, { line: 0, column: 0 }, 'output-clash', `${f} and ${other} would both write to ${outputName(f)}/`, 'Rename one of the outlines')]);
    names.set(outputName(f), f);
  }
  // Every outline is checked before anything is written: one bad outline writes nothing.
  const prepared = files.map((f) => prepare(f, { ...options, root }));
  const browser = options.browser ?? new BrowserSession();
  // Outlines share the browser, the page limit and the manifest, and are exported side by side.
  const shared: SharedState = {
    outDir,
    browser,
    limit: pLimit(options.concurrency ?? availableParallelism() + 1),
    manifestPath: join(outDir, '.paparan-manifest.json'),
    manifest: readManifest(join(outDir, '.paparan-manifest.json')),
  };
  try {
    const settled = await Promise.allSettled(prepared.map((p, i) => exportDeck(files[i]!, p, options, shared)));
    const errors = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    // An input or write error matters more than a missing browser; a browser error comes after the HTML is out.
    const error = errors.find((e) => !(e instanceof PaparanError && e.kind === 'browser')) ?? errors[0];
    if (error) throw error;
    return settled.map((r) => (r as PromiseFulfilledResult<OutlineResult>).value);
  } finally {
    if (!options.browser) await browser.close();
  }
}

interface Manifest {
  outputs: Record<string, string>;
  /** Overflow found at the last measurement, reported again when nothing needs rebuilding. */
  overflow?: Record<string, ReturnType<PaparanMessage['toJSON']>[]>;
}

function readManifest(path: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m && typeof m.outputs === 'object' ? m : { outputs: {} };
  } catch {
    return { outputs: {} };
  }
}


interface SharedState {
  outDir: string;
  browser: BrowserSession;
  limit: ReturnType<typeof pLimit>;
  manifestPath: string;
  manifest: Manifest;
}

async function exportDeck(file: string, prepared: PreparedDeck, options: BuildOptions, shared: SharedState): Promise<OutlineResult> {
  const { outDir, browser, limit, manifest, manifestPath } = shared;
  const name = outputName(file);
  const dir = join(outDir, name);
  const formats = options.formats ?? DEFAULT_FORMATS;
  const outputs: ProgressEvent[] = [];
  const paths: Record<OutputFormat, string> = {
    md: join(dir, `${name}.md`),
    html: join(dir, `${name}.html`),
    pdf: join(dir, `${name}.pdf`),
    handout: join(dir, `${name}-handout.pdf`),
    notes: join(dir, `${name}-notes.pdf`),
    overview: join(dir, `${name}-overview.png`),
    pptx: join(dir, `${name}.pptx`),
    png: join(dir, `${name}-png`),
  };
  const inputsHash = createHash('sha256')
    .update(VERSIONS)
    .update(prepared.source)
    .update(prepared.templates.hash)
    .update(prepared.themes.hash)
    .update(JSON.stringify(prepared.outline.deck))
    .digest('hex');
  const hashOf = (format: OutputFormat) => createHash('sha256').update(inputsHash).update(format).digest('hex');
  const stale = (format: OutputFormat) => options.force || manifest.outputs[relative(outDir, paths[format])] !== hashOf(format) || !existsSync(paths[format]);
  const anyStale = formats.some(stale);
  sweepTemps(dir);
  sweepTemps(outDir);

  let p = prepared;
  const warnings = [...p.warnings];
  let browserError: PaparanError | undefined;
  let overflowCheck: Promise<void> | undefined;
  const measure = anyStale && (options.measure !== false || p.outline.deck.autoSplit);
  const measureOverflow = async () => {
    const fitted = await fitDeck(p, browser);
    warnings.push(...fitted.messages);
    manifest.overflow = { ...manifest.overflow, [name]: fitted.messages.map((m) => m.toJSON()) };
    return fitted.prepared;
  };
  if (!anyStale) warnings.push(...(manifest.overflow?.[name] ?? []).map(PaparanMessage.fromJSON));
  else if (measure && p.outline.deck.autoSplit) {
    // Splitting changes the deck, so it must be measured before anything is written.
    try {
      p = await measureOverflow();
    } catch (error) {
      // Without a browser the Markdown and HTML are still written; the error is raised after them.
      if (!(error instanceof PaparanError && error.kind === 'browser')) throw error;
      browserError = error;
    }
  }
  const slidesMeasured = measure && !p.outline.deck.autoSplit && formats.includes('pdf') && stale('pdf');
  if (measure && !p.outline.deck.autoSplit && !slidesMeasured) overflowCheck = limit(async () => void (await measureOverflow()));
  const { outline, deck } = p;
  const emit = (format: OutputFormat, status: ProgressEvent['status'], ms: number) => {
    const event: ProgressEvent = { outline: outline.file, format, path: paths[format], status, ms };
    outputs.push(event);
    options.onProgress?.(event);
  };
  const makers = outputMakers(p, browser, {
    slidesMeasured: slidesMeasured
      ? (measured) => {
          const messages = overflowMessages(p, measured);
          warnings.push(...messages);
          manifest.overflow = { ...manifest.overflow, [name]: messages.map((m) => m.toJSON()) };
        }
      : undefined,
  });
  const produce = async (format: OutputFormat) => {
    if (!formats.includes(format)) return;
    if (!stale(format)) return emit(format, 'skipped', 0);
    const start = performance.now();
    const data = await makers[format]!();
    if (data instanceof Map) writeFolderAtomic(paths[format], new Map([...data].map(([file, bytes]) => [file.replace(/^deck/, name), bytes])));
    else writeAtomic(paths[format], data);
    manifest.outputs[relative(outDir, paths[format])] = hashOf(format);
    writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    emit(format, 'written', performance.now() - start);
  };

  await produce('md');
  if (browserError) {
    await produce('html');
    throw browserError;
  }
  // The HTML is made in Node while Chromium prints: both cores stay busy.
  const browserFormats = BROWSER_FORMATS.filter((f) => formats.includes(f));
  const first = options.priority ?? [];
  const run = async (batch: OutputFormat[], extra: Promise<unknown>[] = []) => {
    const jobs = [...batch.map((f) => (f === 'html' ? produce(f) : limit(() => produce(f)))), ...extra];
    const failure = (await Promise.allSettled(jobs)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  };
  await run((['html', ...browserFormats] as OutputFormat[]).filter((f) => first.includes(f)));
  await run((['html', ...browserFormats] as OutputFormat[]).filter((f) => !first.includes(f)), overflowCheck ? [overflowCheck] : []);
  for (const format of ['pptx', 'png'] as const) await produce(format);
  return { outline: outline.file, name, dir, outputs, warnings, slides: deck.slides.length };
}

const BROWSER_FORMATS: OutputFormat[] = ['pdf', 'handout', 'notes', 'overview'];

