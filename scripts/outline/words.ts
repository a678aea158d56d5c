import type { Outline } from './types.ts';

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Minutes needed to speak every slide's notes at the deck's rate. */
export function speakingMinutes(outline: Outline): number {
  return outline.slides.reduce((sum, s) => sum + countWords(s.notes ?? ''), 0) / outline.deck.speakingRate;
}
