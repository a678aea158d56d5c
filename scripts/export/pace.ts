import { relative } from 'node:path';
import type { PreparedDeck } from '../prepare.ts';
import { deckSlides } from '../rehearsal-check.ts';
import { timing } from './notes.ts';
import { paceData, type PaceData } from './presenter.ts';

/**
 * The presenter view's plan for a deck: each slide's budget is its median rehearsed time when a rehearsal has
 * it, else its notes at the deck's speaking rate.
 */
export function deckPace(prepared: PreparedDeck): PaceData {
  const { outline, deck, rehearsal } = prepared;
  // The same seconds as the speaker script gives each slide.
  const fromNotes = timing(deck.slides.map((slide) => slide.notes), outline.deck.speakingRate).seconds;
  return paceData({
    lang: outline.deck.lang,
    duration: outline.deck.duration ?? null,
    slides: deckSlides(outline, deck).map(({ id, title, backup }, i) => ({ id, title, backup, budget: rehearsal.summary?.median[i] ?? fromNotes[i]! })),
    rehearsals: rehearsal.takes.map(({ position: _position, ...take }) => take),
    rehearsalFile: relative(outline.dir, rehearsal.file),
  });
}
