import type { Position } from '../messages.ts';
import { countWords } from './words.ts';
import type { Outline, Slide } from './types.ts';

/** Notes that cover less than this share of `duration` leave the speaker with time and nothing written for it. */
export const TALK_TOO_SHORT_SHARE = 0.6;

type Warn = (position: Position, rule: string, message: string, hint?: string) => void;

/**
 * A backup slide (`backup: true`) waits after the closing slide for questions: it is not part of the talk's
 * time. Read defensively, from the validated slide or from its raw outline entry, whichever knows the field.
 */
export function isBackup(slide: Slide, rawSlides: unknown): boolean {
  if ((slide as { backup?: unknown }).backup === true) return true;
  const raw = Array.isArray(rawSlides) ? (rawSlides[slide.index] as unknown) : undefined;
  return !!raw && typeof raw === 'object' && (raw as Record<string, unknown>).backup === true;
}

/** Words in the notes of the slides that are spoken in the talk (not the backup slides). */
export function talkWords(outline: Outline, rawSlides: unknown): number {
  return outline.slides.filter((s) => !isBackup(s, rawSlides)).reduce((sum, s) => sum + countWords(s.notes ?? ''), 0);
}

/** `talk-too-long` and `talk-too-short`: the notes against `duration`, at the deck's speaking rate. */
export function checkTiming(outline: Outline, rawSlides: unknown, durationAt: Position, warn: Warn): void {
  const { duration, speakingRate } = outline.deck;
  if (duration === undefined) return;
  const words = talkWords(outline, rawSlides);
  const minutes = words / speakingRate;
  if (minutes > duration) {
    warn(durationAt, 'talk-too-long', `The notes take about ${minutes.toFixed(1)} min to speak at ${speakingRate} words/min; the talk has ${duration} min`, 'Shorten the notes, or raise `duration`');
  } else if (minutes < duration * TALK_TOO_SHORT_SHARE) {
    const share = Math.round((minutes / duration) * 100);
    const wanted = Math.ceil(duration * TALK_TOO_SHORT_SHARE * speakingRate);
    warn(
      durationAt,
      'talk-too-short',
      `The notes take about ${minutes.toFixed(1)} min to speak at ${speakingRate} words/min (${words} words), ${share} % of the talk's ${duration} min`,
      `Write more notes (${Math.round(TALK_TOO_SHORT_SHARE * 100)} % of ${duration} min is about ${wanted} words at ${speakingRate} words/min), or lower \`duration\``,
    );
  }
}
