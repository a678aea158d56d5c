import { join } from 'node:path';
import type pLimit from 'p-limit';
import { fitDeck, overflowMessages } from '../fit.ts';
import { DEFAULT_FORMATS, type OutputFormat } from '../formats.ts';
import { inputsHash, outputHash, type Manifest } from '../manifest.ts';
import { PaparanError, type PaparanMessage } from '../messages.ts';
import { inputFiles, type PreparedDeck } from '../prepare.ts';
import { outputName } from '../project.ts';
import { sweepTemps, writeAtomic, writeFolderAtomic } from '../write.ts';
import type { BrowserSession } from './browser.ts';
import { outputMakers } from './outputs.ts';
import { slideContents } from './print.ts';
import { outputPaths, planExport, type Job } from './plan.ts';

/** What the outlines of one build share. */
export interface ExportContext {
  outDir: string;
  browser: BrowserSession;
  limit: ReturnType<typeof pLimit>;
  manifest: Manifest;
  formats?: OutputFormat[];
  force?: boolean;
  measure?: boolean;
  priority?: OutputFormat[];
  onProgress?: (event: ProgressEvent) => void;
  /** Before the HTML is rewritten: each slide's inner SVG markup, as the new HTML will hold it (dev mode's page). */
  onSlides?: (event: SlidesEvent) => void;
}

export interface SlidesEvent {
  outline: string;
  /** Each slide's `<svg data-marpit-svg>` content, in order. */
  slides: string[];
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
  /** The files that went in: the outline and its images. */
  inputs: string[];
}

const isBrowserError = (error: unknown): error is PaparanError => error instanceof PaparanError && error.kind === 'browser';

/** An input or write error matters more than a browser error (the HTML is still written without a browser). */
export function mostImportant(errors: unknown[]): unknown {
  return errors.find((e) => !isBrowserError(e)) ?? errors[0];
}

/** Runs jobs side by side and waits for every one of them, whatever happens; then throws the first failure. */
async function all(jobs: Promise<unknown>[]): Promise<void> {
  const failures = (await Promise.allSettled(jobs)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) throw mostImportant(failures.map((f) => f.reason));
}

/** Exports one prepared deck into `<out>/<name>/` by its plan: stale outputs only, each written whole or not at all. */
export async function exportDeck(file: string, prepared: PreparedDeck, context: ExportContext): Promise<OutlineResult> {
  const { outDir, browser, limit, manifest } = context;
  const name = outputName(file);
  const dir = join(outDir, name);
  const paths = outputPaths(dir, name);
  const inputs = inputsHash(prepared);
  const plan = planExport({
    formats: context.formats ?? DEFAULT_FORMATS,
    isStale: (format) => context.force === true || !manifest.isFresh(paths[format], outputHash(inputs, format)),
    measure: context.measure !== false,
    // A layout that always splits (the references list) may change the deck too: it is measured before writing.
    autoSplit: prepared.outline.deck.autoSplit || prepared.outline.slides.some((slide) => prepared.templates.layouts.get(slide.layout)?.splitAlways),
    priority: context.priority ?? [],
  });
  const result: OutlineResult = { outline: prepared.outline.file, name, dir, outputs: [], warnings: [...prepared.warnings], slides: prepared.deck.slides.length, inputs: inputFiles(prepared) };
  const emit = (format: OutputFormat, status: ProgressEvent['status'], ms: number) => {
    const event: ProgressEvent = { outline: prepared.outline.file, format, path: paths[format], status, ms };
    result.outputs.push(event);
    context.onProgress?.(event);
  };
  sweepTemps(dir);
  sweepTemps(outDir);
  for (const format of plan.skipped) emit(format, 'skipped', 0);
  if (plan.batches.length === 0) {
    result.warnings.push(...manifest.overflow(name));
    return result;
  }

  const recordOverflow = (messages: PaparanMessage[]) => {
    result.warnings.push(...messages);
    manifest.setOverflow(name, messages);
  };
  let deck = prepared;
  let browserError: PaparanError | undefined;
  if (plan.measurement === 'fit-first') {
    // Splitting changes the deck, so it is measured before anything is written.
    try {
      const fitted = await fitDeck(deck, browser);
      deck = fitted.prepared;
      recordOverflow(fitted.messages);
    } catch (error) {
      // Without a browser the Markdown and HTML are still written; the error is raised after them.
      if (!isBrowserError(error)) throw error;
      browserError = error;
    }
  }
  const fitted = deck;
  const makers = outputMakers(
    fitted,
    browser,
    { slidesMeasured: plan.measurement === 'on-slides-pdf' ? (measured) => recordOverflow(overflowMessages(fitted, measured)) : undefined },
    limit,
  );
  const write = async (format: OutputFormat) => {
    const start = performance.now();
    const data = await makers[format]();
    if (data instanceof Map) writeFolderAtomic(paths[format], new Map([...data].map(([file, bytes]) => [file.replace(/^deck/, name), bytes])));
    else writeAtomic(paths[format], data);
    manifest.record(paths[format], outputHash(inputs, format));
    emit(format, 'written', performance.now() - start);
  };
  const start = (job: Job): Promise<unknown> => {
    if (job === 'measure') return limit(async () => recordOverflow((await fitDeck(fitted, browser, makers.screen())).messages));
    // Only the work in a browser page counts against the limit (the makers take their place for it).
    return write(job);
  };
  // The screen render is ready before the HTML page is finished (policy, fonts, writing): dev mode's page takes
  // the slides from it at once, and the HTML confirms them.
  if (context.onSlides && plan.batches.flat().includes('html')) context.onSlides({ outline: prepared.outline.file, slides: slideContents(makers.screen().html) });
  const batches = browserError ? [plan.batches.flat().filter((j) => j === 'md' || j === 'html')] : plan.batches;
  for (const batch of batches) await all(batch.map(start));
  if (browserError) throw browserError;
  result.slides = fitted.deck.slides.length;
  return result;
}
