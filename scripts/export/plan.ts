import { join } from 'node:path';
import type { OutputFormat } from '../formats.ts';

/**
 * How a deck's overflow is measured in the browser:
 * - `fit-first`: before anything is written, because auto-split may change the deck;
 * - `on-slides-pdf`: on the slides PDF's own page, which is loaded anyway;
 * - `own-page`: in a page of its own, beside the other outputs, when no slides PDF is written;
 * - `none`: not at all (nothing is written, or the caller turned it off).
 */
export type Measurement = 'none' | 'fit-first' | 'on-slides-pdf' | 'own-page';

/** One piece of work: writing one output, or measuring overflow. */
export type Job = OutputFormat | 'measure';

/** What one export does, decided before any work starts. */
export interface ExportPlan {
  /** Outputs asked for whose inputs did not change. */
  skipped: OutputFormat[];
  measurement: Measurement;
  /** Run one after another; the jobs of one batch run side by side, and every one is awaited. */
  batches: Job[][];
}

export interface PlanInput {
  formats: readonly OutputFormat[];
  isStale: (format: OutputFormat) => boolean;
  /** Measure overflow at all (dev mode and tests may turn it off). */
  measure: boolean;
  autoSplit: boolean;
  /** Outputs to finish before the others start (dev mode: the HTML and the slides PDF). */
  priority: readonly OutputFormat[];
}

// Made in Chromium, side by side with the HTML, which is made in Node.
const PAGE_FORMATS: OutputFormat[] = ['html', 'pdf', 'handout', 'notes', 'overview'];
// Heavy, opt-in outputs: one at a time, after the rest.
const LAST_FORMATS: OutputFormat[] = ['pptx', 'pptx-images', 'png'];

export function planExport(input: PlanInput): ExportPlan {
  const write = input.formats.filter(input.isStale);
  const skipped = input.formats.filter((f) => !write.includes(f));
  if (write.length === 0) return { skipped, measurement: 'none', batches: [] };
  const measurement: Measurement = input.autoSplit ? 'fit-first' : !input.measure ? 'none' : write.includes('pdf') ? 'on-slides-pdf' : 'own-page';
  const pages = PAGE_FORMATS.filter((f) => write.includes(f));
  // Priority outputs one after another, in the order given (dev mode: the slides PDF, then the HTML).
  const first = input.priority.filter((f) => pages.includes(f));
  const rest: Job[] = pages.filter((f) => !input.priority.includes(f));
  if (measurement === 'own-page') rest.push('measure');
  const batches: Job[][] = [write.includes('md') ? ['md'] : [], ...first.map((f): Job[] => [f]), rest, ...LAST_FORMATS.filter((f) => write.includes(f)).map((f) => [f])];
  return { skipped, measurement, batches: batches.filter((b) => b.length > 0) };
}

/** Where each output of the outline `name` goes inside `dir`. */
export function outputPaths(dir: string, name: string): Record<OutputFormat, string> {
  return {
    md: join(dir, `${name}.md`),
    html: join(dir, `${name}.html`),
    pdf: join(dir, `${name}.pdf`),
    handout: join(dir, `${name}-handout.pdf`),
    notes: join(dir, `${name}-notes.pdf`),
    overview: join(dir, `${name}-overview.png`),
    pptx: join(dir, `${name}.pptx`),
    'pptx-images': join(dir, `${name}-images.pptx`),
    png: join(dir, `${name}-png`),
  };
}
