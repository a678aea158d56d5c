// The one-shot commands, each in a fresh process: paparan's full build and HTML build against marp-cli, and check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marpHtml, marpPdf } from './marp.ts';
import { run, type TreeMemory } from './measure.ts';
import { BIN } from './paths.ts';

/** A: `paparan build --force` with the default formats (md, html, pdf, handout, notes, overview). */
export const fullBuild = (deck: string) => [BIN, 'build', '--force', '--out', 'out-a', `slides/${deck}.md`];
/** H: `paparan build --force --format html` (HTML with the overflow check in Chromium). */
export const htmlBuild = (deck: string) => [BIN, 'build', '--force', '--format', 'html', '--out', 'out-h', `slides/${deck}.md`];

/** What to measure for one deck. */
export interface DeckPlan {
  deck: string;
  /** Timed rounds, each A, then H (when `html`), then marp HTML and marp --pdf (when `marp`). */
  runs: number;
  html: boolean;
  marp: boolean;
  /** Extra rounds with memory sampling, not timed. */
  memoryRuns: number;
}

/** Wall times (ms, one per timed round) and peak memory (the highest of the sampled rounds) of one deck. */
export interface DeckResult {
  deck: string;
  slides: number;
  full: number[];
  html: number[];
  marpHtml: number[];
  marpPdf: number[];
  /** Peaks of each command's whole process tree; undefined when not sampled. */
  memory: { full?: TreeMemory; marpHtml?: TreeMemory; marpPdf?: TreeMemory };
}

/** Slides in an outline's `slides:` list (the bench's outlines have no Markdown body). */
export function countSlides(project: string, deck: string): number {
  return readFileSync(join(project, 'slides', `${deck}.md`), 'utf8').match(/^ {2}- layout:/gm)?.length ?? 0;
}

const higher = (a: TreeMemory | undefined, b: TreeMemory): TreeMemory => ({ rss: Math.max(a?.rss ?? 0, b.rss), pss: Math.max(a?.pss ?? 0, b.pss) });

/** Runs a deck's plan, interleaving the commands so that a slow moment of the machine hits all of them alike. */
export async function measureDeck(project: string, plan: DeckPlan, env: NodeJS.ProcessEnv, tick: (mark: string) => void): Promise<DeckResult> {
  const { deck } = plan;
  const result: DeckResult = { deck, slides: countSlides(project, deck), full: [], html: [], marpHtml: [], marpPdf: [], memory: {} };
  for (let i = 0; i < plan.runs; i++) {
    result.full.push((await run(fullBuild(deck), project, env)).ms);
    if (plan.html) result.html.push((await run(htmlBuild(deck), project, env)).ms);
    if (plan.marp) {
      result.marpHtml.push((await run(marpHtml(deck), project, env)).ms);
      result.marpPdf.push((await run(marpPdf(deck), project, env)).ms);
    }
    tick('.');
  }
  for (let i = 0; i < plan.memoryRuns; i++) {
    result.memory.full = higher(result.memory.full, (await run(fullBuild(deck), project, env, true)).peak);
    if (plan.marp) {
      result.memory.marpHtml = higher(result.memory.marpHtml, (await run(marpHtml(deck), project, env, true)).peak);
      result.memory.marpPdf = higher(result.memory.marpPdf, (await run(marpPdf(deck), project, env, true)).peak);
    }
    tick('m');
  }
  return result;
}

/** Wall times (ms) of `paparan check --no-overflow slides/kesimpulan.md`, and of `node -e 0` beside it. */
export interface CheckResult {
  check: number[];
  node: number[];
}

/** Interleaves `runs` of `check --no-overflow` on the conclusion with `node -e 0`, Node's own start-up. */
export async function measureCheck(project: string, runs: number, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const result: CheckResult = { check: [], node: [] };
  for (let i = 0; i < runs; i++) {
    result.check.push((await run([BIN, 'check', '--no-overflow', 'slides/kesimpulan.md'], project, env)).ms);
    result.node.push((await run(['-e', '0'], project, env)).ms);
  }
  return result;
}
