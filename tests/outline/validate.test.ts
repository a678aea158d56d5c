import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { PaparanError, reportMessages } from '../../scripts/messages.ts';
import { countWords } from '../../scripts/outline/words.ts';
import { deckSource, outlineFrom, read, ROOT } from '../helpers.ts';

const fixture = (name: string) => join('tests', 'fixtures', name, `${name}.md`);

describe('validate: fixtures', () => {
  for (const name of ['bad-yaml', 'unknown-layout', 'missing-field', 'wrong-type', 'problems', 'short-talk']) {
    it(`reports ${name} exactly as tests/fixtures/${name}/expected.txt`, async () => {
      const { messages } = await check({ outlines: [fixture(name)], root: ROOT, overflow: false });
      expect(`${reportMessages(messages)}\n`).toBe(read(join(ROOT, 'tests', 'fixtures', name, 'expected.txt')));
    });
  }
});

const errorsOf = (source: string) => {
  try {
    outlineFrom(source);
  } catch (error) {
    if (error instanceof PaparanError) return error.messages;
    throw error;
  }
  return [];
};

describe('validate: rules', () => {
  it('accepts the conclusion deck with no warning', async () => {
    const { messages } = await check({ outlines: ['slides/kesimpulan.md'], root: ROOT, overflow: false });
    expect(messages).toEqual([]);
  });

  it('suggests the closest field name', () => {
    const m = errorsOf(deckSource('  - layout: two-column\n    title: "x"\n    left: { heading: "a", points: ["b"] }\n    rigth: { heading: "c", points: ["d"] }\n')).find((e) => e.rule === 'field-unknown');
    expect(m?.rule).toBe('field-unknown');
    expect(m?.hint).toContain('did you mean `right`?');
    expect(m?.position).toEqual({ line: 9, column: 5 });
  });

  it('lists every layout for an unknown one', () => {
    const [m] = errorsOf(deckSource('  - layout: tabel\n'));
    expect(m?.hint).toContain('two-column');
    expect(m?.hint).toContain('points');
  });

  it('rejects nesting deeper than one level', () => {
    const m = errorsOf(deckSource('  - layout: points\n    title: "x"\n    points:\n      - text: "a"\n        points:\n          - text: "b"\n')).find((e) => e.fatal);
    expect(m?.rule).toBe('field-type');
    expect(m?.position.line).toBe(11);
  });

  it('turns a warning off, or into an error, from the front matter', () => {
    const slides = '  - layout: points\n    title: "x"\n    points: ["a"]\n';
    expect(outlineFrom(deckSource(slides)).messages.items.map((m) => m.rule)).toEqual(['notes-missing']);
    expect(outlineFrom(deckSource(slides, 'rules: { notes-missing: off }\n')).messages.items).toEqual([]);
    expect(errorsOf(deckSource(slides, 'rules: { notes-missing: error }\n')).map((m) => m.rule)).toEqual(['notes-missing']);
  });

  it('counts words, not punctuation or reduplication parts', () => {
    expect(countWords('negara-negara Asia Tengah — dan Rusia.')).toBe(5);
  });

  it('reads handout options and refuses wrong ones', () => {
    const slides = '  - layout: title\n    notes: "a"\n';
    expect(outlineFrom(deckSource(slides, 'handout: { perPage: 6, mode: notes, paper: letter }\n')).outline.deck.handout).toEqual({ perPage: 6, mode: 'notes', paper: 'letter' });
    expect(errorsOf(deckSource(slides, 'handout: { perPage: 5 }\n'))[0]?.message).toContain('1, 2, 3, 4 or 6');
  });
});
