import { describe, expect, it } from 'vitest';
import { paparanMarp } from '../../scripts/render/engine.mjs';

const theme = (colour: string) => `/* @theme memo */\nsection { background: ${colour}; }`;
const deck = (style = '') => `---\ntheme: memo\n---\n\n${style}\n# Judul\n`;

describe('packing the theme once per theme set, deck styles and options', () => {
  it('gives the same CSS as a fresh instance, and never a stale one when the deck, the theme or the options change', () => {
    const fresh = (css: string, markdown: string, options = {}) => {
      const marp = paparanMarp(options);
      marp.themeSet.add(css);
      return marp.render(markdown).css;
    };
    const marp = paparanMarp();
    marp.themeSet.add(theme('red'));
    const first = marp.render(deck()).css;
    expect(marp.render(deck()).css).toBe(first);
    expect(first).toBe(fresh(theme('red'), deck()));
    // The deck's own <style> changes the packed CSS.
    const styled = marp.render(deck('<style>h1 { color: teal; }</style>')).css;
    expect(styled).toContain('teal');
    expect(styled).toBe(fresh(theme('red'), deck('<style>h1 { color: teal; }</style>')));
    // The same theme name with new CSS (a save in dev mode) is packed anew.
    marp.themeSet.add(theme('blue'));
    const blue = marp.render(deck()).css;
    expect(blue).toContain('blue');
    expect(blue).not.toContain('red');
    // Another instance with other options (marp-cli's container) does not get this one's CSS.
    const contained = fresh(theme('blue'), deck(), { container: { tag: 'div', id: 'lain' } });
    expect(contained).not.toBe(blue);
    expect(contained).toContain('#lain');
  });
});
