import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage, type Position } from '../../scripts/messages.ts';
import { checkTiming, isBackup, talkWords } from '../../scripts/outline/timing.ts';
import { deckSource, outlineFrom } from '../helpers.ts';

/** One points slide whose notes have `words` words. */
const slideWith = (words: number, extra = '') => `  - layout: points\n    title: "x"\n    points: ["a"]\n${extra}    notes: "${Array(words).fill('kata').join(' ')}"\n`;

function messagesOf(source: string): PaparanMessage[] {
  try {
    return outlineFrom(source).messages.items;
  } catch (error) {
    if (error instanceof PaparanError) return error.messages;
    throw error;
  }
}

describe('talk-too-short', () => {
  it('warns at `duration` when the notes cover under 60 % of it, with the figures and a hint', () => {
    // 2 min at 130 words/min: 60 % is 156 words.
    const [m, ...rest] = messagesOf(deckSource(slideWith(100), 'duration: 2\n'));
    expect(rest).toEqual([]);
    expect(m?.rule).toBe('talk-too-short');
    expect(m?.severity).toBe('warning');
    expect(m?.position).toEqual({ line: 5, column: 11 });
    expect(m?.message).toBe("The notes take about 0.8 min to speak at 130 words/min (100 words), 38 % of the talk's 2 min");
    expect(m?.hint).toBe('Write more notes (60 % of 2 min is about 156 words at 130 words/min), or lower `duration`');
  });

  it('is quiet from 60 % up to the duration, and talk-too-long takes over above it', () => {
    expect(messagesOf(deckSource(slideWith(155), 'duration: 2\n')).map((m) => m.rule)).toEqual(['talk-too-short']);
    expect(messagesOf(deckSource(slideWith(156), 'duration: 2\n'))).toEqual([]);
    expect(messagesOf(deckSource(slideWith(260), 'duration: 2\n'))).toEqual([]);
    expect(messagesOf(deckSource(slideWith(261), 'duration: 2\n')).map((m) => m.rule)).toEqual(['talk-too-long']);
    // No duration, no timing.
    expect(messagesOf(deckSource(slideWith(3)))).toEqual([]);
  });

  it('follows the speaking rate', () => {
    // At 60 words/min, 100 words are 1.7 of 2 min.
    expect(messagesOf(deckSource(slideWith(100), 'duration: 2\nspeakingRate: 60\n'))).toEqual([]);
    expect(messagesOf(deckSource(slideWith(100), 'duration: 2\nspeakingRate: 200\n'))[0]?.message).toContain('at 200 words/min');
  });

  it('can be turned off or made an error in `rules`', () => {
    expect(messagesOf(deckSource(slideWith(10), 'duration: 2\nrules: { talk-too-short: off }\n'))).toEqual([]);
    const [m] = messagesOf(deckSource(slideWith(10), 'duration: 2\nrules: { talk-too-short: error }\n'));
    expect(m?.rule).toBe('talk-too-short');
    expect(m?.fatal).toBe(true);
  });
});

describe('backup slides are out of the timing', () => {
  const { outline } = outlineFrom(deckSource(slideWith(100) + slideWith(200) + slideWith(300)));
  const raw = [{ layout: 'points' }, { layout: 'points', backup: true }, { layout: 'points', backup: 'yes' }];

  it('reads `backup: true` from the raw entry or the validated slide, and nothing else as true', () => {
    expect(outline.slides.map((s) => isBackup(s, raw))).toEqual([false, true, false]);
    expect(isBackup({ ...outline.slides[0]!, backup: true } as never, undefined)).toBe(true);
    expect(isBackup(outline.slides[0]!, 'not a list')).toBe(false);
    expect(talkWords(outline, raw)).toBe(400);
    expect(talkWords(outline, undefined)).toBe(600);
  });

  it('counts neither for talk-too-long nor for talk-too-short', () => {
    const found: string[] = [];
    const warn = (_: Position, rule: string) => found.push(rule);
    const at: Position = { line: 1, column: 1 };
    // 600 words is over 4 min at 130 words/min; without the 200-word backup slide, 400 words are 3.1 min.
    checkTiming({ ...outline, deck: { ...outline.deck, duration: 4 } }, undefined, at, warn);
    checkTiming({ ...outline, deck: { ...outline.deck, duration: 4 } }, raw, at, warn);
    expect(found).toEqual(['talk-too-long']);
    // 5 min: 60 % is 390 words, which the 400 spoken words just reach; the backup slide's 200 would not be needed.
    checkTiming({ ...outline, deck: { ...outline.deck, duration: 5 } }, raw, at, warn);
    expect(found).toEqual(['talk-too-long']);
    // Every slide but one a backup: 100 words of 5 min is too short, however long the backups are.
    checkTiming({ ...outline, deck: { ...outline.deck, duration: 5 } }, [{}, { backup: true }, { backup: true }], at, warn);
    expect(found).toEqual(['talk-too-long', 'talk-too-short']);
  });
});

describe('backup slides in an outline', () => {
  it('leave the timing: their notes neither make a talk too long nor fill a short one', () => {
    const backup = slideWith(300, '    backup: true\n');
    expect(messagesOf(deckSource(slideWith(200) + backup, 'duration: 2\n'))).toEqual([]);
    expect(messagesOf(deckSource(slideWith(100) + backup, 'duration: 2\n')).map((m) => m.rule)).toEqual(['talk-too-short']);
    expect(outlineFrom(deckSource(slideWith(1) + backup)).outline.slides.map((s) => s.backup === true)).toEqual([false, true]);
  });

  it('`backup` must be true or false, at its position', () => {
    const [m] = messagesOf(deckSource(slideWith(1, '    backup: "ya"\n'))).filter((x) => x.fatal);
    expect(m?.rule).toBe('field-type');
    expect(m?.position.line).toBe(9);
  });
});
