import { describe, expect, it } from 'vitest';
import { renderDeck } from '../../scripts/render/deck.ts';
import { createMarp } from '../../scripts/render/marp.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { join } from 'node:path';
import { outlineFrom, ROOT, templates } from '../helpers.ts';
import { deckWith, HOSTILE, slideTexts } from '../deck-helpers.ts';

const marp = createMarp(loadThemes(join(ROOT, 'themes')));

describe('renderDeck', () => {
  it('renders one Marp slide per outline slide, with the deck frame', () => {
    const { outline } = outlineFrom(deckWith('Kepentingan Rusia'));
    const deck = renderDeck(outline, templates());
    expect(deck.markdown.startsWith('---\nmarp: true\ntheme: paparan\nlang: id\n')).toBe(true);
    expect(marp.render(deck.markdown).comments).toHaveLength(8);
    expect(deck.slides.map((s) => s.title)).toEqual(['Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia', 'Kepentingan Rusia']);
  });

  for (const text of HOSTILE) {
    it(`shows ${JSON.stringify(text)} literally in every field of every layout`, () => {
      const { outline } = outlineFrom(deckWith(text));
      const { html } = marp.render(renderDeck(outline, templates()).markdown);
      const texts = slideTexts(html);
      expect(texts).toHaveLength(outline.slides.length);
      for (const slide of texts) expect(slide).toContain(text);
      expect(html.replace(/"[^"]*"/g, "\"\"")).not.toMatch(/<script|<[^>]*\son\w+=|javascript:/i);
    });
  }

  it('builds the agenda from the section slides and labels in the deck language', () => {
    const { outline } = outlineFrom('---\ntitle: T\nlang: en\nrules: { notes-missing: off }\nslides:\n  - layout: agenda\n  - layout: section\n    title: "Economy"\n  - layout: section\n    title: "Security"\n  - layout: closing\n---\n');
    const texts = slideTexts(marp.render(renderDeck(outline, templates()).markdown).html);
    expect(texts[0]).toMatch(/Agenda.*Economy.*Security/);
    expect(texts[3]).toMatch(/Thank you.*Questions\?/);
    const id = outlineFrom('---\ntitle: T\nrules: { notes-missing: off }\nslides:\n  - layout: closing\n---\n').outline;
    expect(slideTexts(marp.render(renderDeck(id, templates()).markdown).html)[0]).toMatch(/Terima kasih.*Pertanyaan\?/);
  });

  it('appends the Markdown body as raw slides', () => {
    const { outline } = outlineFrom('---\ntitle: T\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n# Mentah\n\n---\n\n# Kedua\n');
    const deck = renderDeck(outline, templates());
    expect(deck.slides.map((s) => s.title)).toEqual(['T', 'Mentah', 'Kedua']);
    expect(slideTexts(marp.render(deck.markdown).html)).toHaveLength(3);
  });
});
