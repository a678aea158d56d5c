import { basename, dirname, join, relative } from 'node:path';
import { PaparanMessage, type Position } from './messages.ts';
import type { Outline } from './outline/types.ts';
import type { RenderedDeck } from './render/deck.ts';
import { readRehearsals, type RehearsedSlide, type RehearsalTake } from './rehearsal.ts';

/** An outline's rehearsals as they bear on its deck: what `check`, the script and the presenter view use. */
export interface DeckRehearsal {
  /** Absolute path of `<name>.rehearsal.json`, beside the outline (it may not exist). */
  file: string;
  takes: RehearsalTake[];
  summary?: RehearsalSummary;
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds) % 60).padStart(2, '0')}`;

/** The deck's slides as rehearsals (and the presenter view's plan) name them: `id`, title, backup or not. */
export function deckSlides(outline: Outline, deck: RenderedDeck): DeckSlide[] {
  return deck.slides.map((slide) => ({ id: outline.slides[slide.outlineIndex]?.id ?? null, title: slide.title, backup: slide.backup === true }));
}

/** Where the rehearsals of the outline at `path` are kept: beside it, `<name>.rehearsal.json`. */
export function rehearsalFileFor(path: string): string {
  return join(dirname(path), `${basename(path).replace(/\.[^.]+$/, '')}.rehearsal.json`);
}

export function rehearsalFileOf(outline: Outline): string {
  return rehearsalFileFor(join(outline.dir, basename(outline.file)));
}

/**
 * Reads the outline's rehearsals and checks them against the deck: an unreadable file is an error (like an
 * outline's), a latest rehearsal whose slides no longer match is `rehearsal-stale`, and a rehearsed talk longer
 * than `duration` is `talk-too-long`. Rule settings in `rules:` apply.
 */
export function deckRehearsal(outline: Outline, deck: RenderedDeck, durationAt: Position): { rehearsal: DeckRehearsal; messages: PaparanMessage[] } {
  const file = rehearsalFileOf(outline);
  const display = relative(process.cwd(), file) || file;
  const { takes, messages } = readRehearsals(file);
  const shown = messages.map((m) => new PaparanMessage(display, m.position, m.rule, m.message, m.hint, m.severity));
  if (!takes.length) return { rehearsal: { file, takes }, messages: shown };
  const slides = deckSlides(outline, deck);
  const summary = summarize(takes, slides);
  const setting = (rule: string) => outline.deck.rules[rule] ?? 'warning';
  const add = (rule: string, where: string, position: Position, message: string, hint: string) => {
    const severity = setting(rule);
    if (severity !== 'off') shown.push(new PaparanMessage(where, position, rule, message, hint, severity));
  };
  const stale = summary?.stale;
  if (stale) {
    const parts = [
      stale.missing.length ? `it has no time for ${stale.missing.map((t) => `"${t}"`).slice(0, 4).join(', ')}${stale.missing.length > 4 ? ` and ${stale.missing.length - 4} more` : ''}` : '',
      stale.gone.length ? `its ${stale.gone.map((t) => `"${t}"`).slice(0, 4).join(', ')}${stale.gone.length > 4 ? ` and ${stale.gone.length - 4} more` : ''} no longer in the deck` : '',
    ].filter(Boolean);
    add('rehearsal-stale', display, stale.position ?? { line: 1, column: 1 }, `The latest rehearsal (${stale.recordedAt.slice(0, 16).replace('T', ' ')}) does not match the deck: ${parts.join('; ')}`, 'Rehearse again with `paparan rehearse`; slides are matched by `id`, else by title, so give slides an `id` to keep their times when you retitle them');
  }
  const duration = outline.deck.duration;
  if (summary && duration !== undefined && summary.latestTotal > duration * 60) {
    add('talk-too-long', relative(process.cwd(), outline.file) || outline.file, durationAt, `The latest rehearsal took ${clock(summary.latestTotal)} (median of ${summary.takes}: ${clock(summary.medianTotal)}); the talk has ${duration} min`, 'Cut what took longest in the rehearsal (the speaker script lists each slide), or raise `duration`');
  }
  return { rehearsal: { file, takes, summary }, messages: shown };
}

/** A deck slide, as rehearsals are matched to it: by `id` when both have one, else by title. */
export interface DeckSlide {
  id: string | null;
  title: string;
  backup: boolean;
}

/** Per deck slide: seconds in the latest rehearsal and the median over all rehearsals that had it. */
export interface RehearsalSummary {
  takes: number;
  latest: (number | undefined)[];
  median: (number | undefined)[];
  latestTotal: number;
  medianTotal: number;
  /** What no longer matches between the latest rehearsal and the deck, for the `rehearsal-stale` warning. */
  stale?: { missing: string[]; gone: string[]; position?: Position; recordedAt: string };
}

const matches = (slide: DeckSlide, rehearsed: RehearsedSlide) => (slide.id && rehearsed.id ? slide.id === rehearsed.id : slide.title === rehearsed.title);

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

export function summarize(takes: RehearsalTake[], slides: DeckSlide[]): RehearsalSummary | undefined {
  const latestTake = takes[takes.length - 1];
  if (!latestTake) return undefined;
  const timesOf = (take: RehearsalTake) => slides.map((slide) => take.slides.find((r) => matches(slide, r))?.spoken);
  const all = takes.map(timesOf);
  const latest = all[all.length - 1]!;
  const median = slides.map((_, i) => {
    const values = all.map((times) => times[i]).filter((v): v is number => v !== undefined);
    return values.length ? medianOf(values) : undefined;
  });
  const sum = (times: (number | undefined)[]) => times.reduce<number>((total, v, i) => total + (slides[i]!.backup ? 0 : (v ?? 0)), 0);
  const missing = slides.filter((slide, i) => !slide.backup && latest[i] === undefined).map((s) => s.title);
  const gone = latestTake.slides.filter((r) => !slides.some((slide) => matches(slide, r))).map((r) => r.title);
  return {
    takes: takes.length,
    latest,
    median,
    latestTotal: sum(latest),
    medianTotal: sum(median),
    stale: missing.length || gone.length ? { missing, gone, position: latestTake.position, recordedAt: latestTake.recordedAt } : undefined,
  };
}
