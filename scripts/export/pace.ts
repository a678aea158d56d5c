import { relative } from 'node:path';
import { countWords } from '../outline/words.ts';
import type { PreparedDeck } from '../prepare.ts';
import { paceData, type PaceData } from './presenter.ts';

/**
 * The presenter view's plan for a deck: each slide's budget is its median rehearsed time when a rehearsal has
 * it, else its notes at the deck's speaking rate.
 */
export function deckPace(prepared: PreparedDeck): PaceData {
  const { outline, deck, rehearsal } = prepared;
  const rate = outline.deck.speakingRate;
  return paceData({
    lang: outline.deck.lang,
    duration: outline.deck.duration ?? null,
    slides: deck.slides.map((slide, i) => ({
      id: outline.slides[slide.outlineIndex]?.id ?? null,
      title: slide.title,
      budget: rehearsal.summary?.median[i] ?? Math.round((countWords(slide.notes) / rate) * 60),
      backup: slide.backup === true,
    })),
    rehearsals: rehearsal.takes.map(({ position: _position, ...take }) => take),
    rehearsalFile: relative(outline.dir, rehearsal.file),
  });
}
