import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { renderDeck } from '../../scripts/render/deck.ts';
import { createMarp } from '../../scripts/render/marp.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { deckSource, outlineFrom, ROOT, templates } from '../helpers.ts';

const marp = createMarp(loadThemes(join(ROOT, 'themes')));

function imageSlide(alt: string) {
  const slide = `  - layout: image\n    title: "Peta"\n    src: "../tests/fixtures/standard-marp/peta.png"\n    alt: ${JSON.stringify(alt)}\n    notes: "n"`;
  const { outline } = outlineFrom(deckSource(slide));
  return marp.render(renderDeck(outline, templates()).markdown);
}

// Regression (issue 11.4): alt text was Markdown and Marpit image keywords.
describe('image alt text is text for screen readers, nothing else', () => {
  it.each([
    ['a break-out to a remote image', 'Peta](http://example.com/x.png) ![y'],
    ['the background keyword', 'bg'],
    ['size and filter keywords', 'w:20px sepia blur:10px peta'],
    ['Markdown and HTML', '**tebal** <img src=x onerror=alert(1)> [a](javascript:alert(1))'],
    ['a would-be title', 'a" onerror="alert(1)'],
  ])('%s stays the alt, word for word, and changes nothing else', (_name, alt) => {
    const { html } = imageSlide(alt);
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(1);
    const escaped = alt.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(images[0]).toContain(`alt="${escaped}"`);
    expect(images[0]).toMatch(/src="data:image\/png;base64,/);
    expect(images[0]).not.toMatch(/style=|title=/);
    const rest = html.replace(images[0]!, '');
    expect(rest).not.toMatch(/example\.com|background-image:url\(.?data:image\/png/);
    expect(html).not.toContain('data-marpit-advanced-background');
  });
});
