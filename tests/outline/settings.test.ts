import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { speakingMinutes } from '../../scripts/outline/words.ts';
import { CONFIGURABLE_RULES } from '../../scripts/outline/settings.ts';
import { deckSource, outlineFrom } from '../helpers.ts';

const slides = '  - layout: points\n    title: "x"\n    points: ["a"]\n    notes: "satu dua tiga"\n';

function errorsOf(extra: string): PaparanMessage[] {
  try {
    outlineFrom(deckSource(slides, extra));
  } catch (error) {
    if (error instanceof PaparanError) return error.messages.filter((m) => m.fatal);
    throw error;
  }
  return [];
}

describe('speakingRate', () => {
  it('refuses zero, words and absurd rates at the field, with a hint', () => {
    for (const value of ['0', '"fast"', '-130', '1000', '.nan', '[130]']) {
      const [m, ...rest] = errorsOf(`speakingRate: ${value}\n`);
      expect(rest).toEqual([]);
      expect(m?.rule).toBe('field-type');
      expect(m?.position).toEqual({ line: 5, column: 15 });
      expect(m?.message).toMatch(/^`speakingRate` must be a number of words per minute from 60 to 300, not /);
      expect(m?.hint).toContain('speakingRate: 130');
    }
  });

  it('uses a valid rate for the timing', () => {
    const { outline } = outlineFrom(deckSource(slides, 'speakingRate: 150\n'));
    expect(outline.deck.speakingRate).toBe(150);
    expect(Number.isFinite(speakingMinutes(outline))).toBe(true);
    expect(outlineFrom(deckSource(slides)).outline.deck.speakingRate).toBe(130);
  });
});

describe('rules', () => {
  it('refuses an unknown rule name with the closest one', () => {
    const [m] = errorsOf('rules: { note-missing: off }\n');
    expect(m?.rule).toBe('field-unknown');
    expect(m?.position).toEqual({ line: 5, column: 10 });
    expect(m?.message).toBe('Unknown rule `note-missing` in `rules`');
    expect(m?.hint).toMatch(/^did you mean `notes-missing`\? Rules that can be set: /);
  });

  it('refuses a value other than off, warning or error, with the closest one', () => {
    const [m] = errorsOf('rules: { notes-missing: warn }\n');
    expect(m?.rule).toBe('field-type');
    expect(m?.position).toEqual({ line: 5, column: 25 });
    expect(m?.message).toBe('`rules.notes-missing` must be off, warning or error, not `warn` (did you mean `warning`?)');
    expect(errorsOf('rules: { overflow: true }\n')[0]?.rule).toBe('field-type');
    expect(errorsOf('rules: off\n')[0]?.message).toContain('must be a mapping');
  });

  it('accepts every configurable rule, `false` as off', () => {
    const all = CONFIGURABLE_RULES.map((r, i) => `${r}: ${['off', 'warning', 'error', false][i % 4]}`).join(', ');
    expect(errorsOf(`rules: { ${all} }\n`)).toEqual([]);
    expect(outlineFrom(deckSource(slides, 'rules: { overflow: false, bullet-length: error }\n')).outline.deck.rules).toEqual({ overflow: 'off', 'bullet-length': 'error' });
  });

  it('lists exactly the warnings that validation can give', () => {
    expect([...CONFIGURABLE_RULES]).toEqual(['bullet-length', 'citation-fields', 'duplicate-id', 'glyph-missing', 'image-resolution', 'image-svg-text', 'notes-missing', 'overflow', 'rehearsal-stale', 'talk-too-long', 'talk-too-short', 'too-many-bullets', 'typographic-quotes', 'yaml-comment']);
  });
});

describe('other deck settings', () => {
  it('refuses an unknown handout field, a handout that is not a mapping, and a non-boolean autoSplit', () => {
    const [m] = errorsOf('handout: { perpage: 6 }\n');
    expect(m?.rule).toBe('field-unknown');
    expect(m?.hint).toContain('did you mean `perPage`?');
    expect(errorsOf('handout: 3\n')[0]?.message).toContain('`handout` must be a mapping');
    expect(errorsOf('autoSplit: "yes"\n')[0]?.message).toContain('`autoSplit` must be true or false');
  });

  it('refuses a duration that is not a finite number of minutes', () => {
    expect(errorsOf('duration: .inf\n')[0]?.rule).toBe('field-type');
  });
});
