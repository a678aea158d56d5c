import { basename, relative } from 'node:path';
import { countWords } from '../outline/words.ts';
import type { PreparedDeck } from '../prepare.ts';
import { paceData, type PaceData } from './presenter.ts';

/** Where an outline's rehearsals are kept: beside it, `<name>.rehearsal.json`. */
export function rehearsalPath(outlineFile: string): string {
  return outlineFile.replace(/\.[^./\\]+$/, '') + '.rehearsal.json';
}

/** The presenter view's plan for a deck: each slide's budget from its notes at the deck's speaking rate. */
export function deckPace(prepared: PreparedDeck, root?: string): PaceData {
  const { outline, deck } = prepared;
  const rate = outline.deck.speakingRate;
  const file = rehearsalPath(outline.file);
  return paceData({
    lang: outline.deck.lang,
    duration: outline.deck.duration ?? null,
    slides: deck.slides.map((slide) => ({
      id: outline.slides[slide.outlineIndex]?.id ?? null,
      title: slide.title,
      budget: Math.round((countWords(slide.notes) / rate) * 60),
      backup: (slide as { backup?: boolean }).backup === true,
    })),
    rehearsals: [],
    rehearsalFile: root ? relative(root, file) : basename(file),
  });
}

