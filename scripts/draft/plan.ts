import { PaparanError, PaparanMessage } from '../messages.ts';

/** Which sentences (by index) each points slide of each part holds, and which signpost slides stay. */
export interface SlidePlan {
  /** Per part (section), its points slides, each a run of neighbouring sentences. */
  chunks: number[][][];
  agenda: boolean;
  summary: boolean;
}

export interface PlanOptions {
  /** Section slides (and an agenda) are shown. */
  sections: boolean;
  /** A summary slide would be made. */
  summary: boolean;
  /** `--slides N`: the number of slides wanted in all. */
  slides?: number;
  /** Where the wish came from, for a message. */
  shown?: string;
}

const MAX_SENTENCES = 6;
const MAX_WORDS = 160;

/** A long paragraph gives two slides, each with its own half of the sentences. */
function splitLong(paragraph: number[], words: (i: number) => number): number[][] {
  const long = paragraph.length > MAX_SENTENCES || paragraph.reduce((n, i) => n + words(i), 0) > MAX_WORDS;
  const half = Math.ceil(paragraph.length / 2);
  return long ? [paragraph.slice(0, half), paragraph.slice(half)] : [paragraph];
}

/**
 * The points slides of each part. By default one per paragraph (two for a long one). With `slides`, neighbouring
 * paragraphs of a part are merged (the two shortest first), or the longest slide is halved, until the deck has that
 * many slides; the summary and then the agenda go when even one slide per part is too many.
 */
export function planSlides(parts: number[][][], words: (i: number) => number, options: PlanOptions): SlidePlan {
  if (options.slides === undefined) return { chunks: parts.map((paragraphs) => paragraphs.flatMap((p) => splitLong(p, words))), agenda: options.sections, summary: options.summary };
  const chunks = parts.map((paragraphs) => paragraphs.filter((p) => p.length > 0).map((p) => [...p]));
  let agenda = options.sections;
  let summary = options.summary;
  const fixed = () => 2 + (agenda ? 1 : 0) + (options.sections ? parts.length : 0) + (summary ? 1 : 0);
  const count = () => chunks.reduce((n, part) => n + part.length, 0);
  const size = (chunk: number[]) => chunk.reduce((n, i) => n + words(i), 0);
  while (fixed() + count() > options.slides) {
    let best: { part: number; at: number; size: number } | undefined;
    chunks.forEach((part, p) => part.slice(1).forEach((chunk, i) => {
      const merged = size(part[i]!) + size(chunk);
      if (!best || merged < best.size) best = { part: p, at: i, size: merged };
    }));
    if (best) {
      const part = chunks[best.part]!;
      part.splice(best.at, 2, [...part[best.at]!, ...part[best.at + 1]!]);
    } else if (summary) summary = false;
    else if (agenda) agenda = false;
    else {
      const least = fixed() + count();
      throw new PaparanError('usage', [new PaparanMessage(options.shown ?? 'paparan', { line: 0, column: 0 }, 'draft-slides', `--slides ${options.slides} is too few for this chapter: it needs at least ${least} (a title, ${parts.length} part${parts.length === 1 ? '' : 's'} with a slide each, a closing slide)`, `Give --slides ${least} or more, or leave --slides out`)]);
    }
  }
  while (fixed() + count() < options.slides) {
    let best: { part: number; at: number; size: number } | undefined;
    chunks.forEach((part, p) => part.forEach((chunk, i) => {
      if (chunk.length >= 2 && (!best || size(chunk) > best.size)) best = { part: p, at: i, size: size(chunk) };
    }));
    // Every slide holds one sentence: the chapter is too short for more.
    if (!best) break;
    const chunk = chunks[best.part]![best.at]!;
    const half = Math.ceil(chunk.length / 2);
    chunks[best.part]!.splice(best.at, 1, chunk.slice(0, half), chunk.slice(half));
  }
  return { chunks, agenda, summary };
}
