import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseFragment } from 'parse5';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { validateOutline } from '../../scripts/outline/validate.ts';
import { renderDeck } from '../../scripts/render/deck.ts';
import { normalizeText } from '../../scripts/render/escape.ts';
import { createMarp } from '../../scripts/render/marp.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { slideTexts } from '../deck-helpers.ts';
import { ROOT, templates } from '../helpers.ts';

const SNIPPETS = [
  '---', '***', '___', '# ', '## x', '> ', '- ', '+ ', '1. ', '2) ', '<!--', '-->', '<!-- class: lead -->', '<!-- _paginate: false -->',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<style>section{display:none}</style>',
  '{{title}}', '{{{deck.title}}}', '{{#each x}}', '{{> bullets}}', '{{constructor.constructor}}', '$$', '$x$', '\\(', '|a|b|', '```', '~~~',
  ':tada:', '&amp;', '&lt;', '&#60;', '![bg](https://example.org/x.png)', '[x](javascript:alert(1))', '\\', '\n', '\r\n', '\t', ' ',
  '\u200B', '\u200D', '\u200E', '\u200F', '\u202E', '\uFEFF', 'مرحبا', 'עברית', 'ketidakstabilan', 'Pengembangan'.repeat(12), '🇮🇩', '👩‍👩‍👧',
];

/** Text from every corner: random Unicode, Markdown and HTML syntax, directives, mustaches, long words, invisible and RTL marks. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: 'grapheme', maxLength: 8 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
);

// Inline Markdown (bold, italic, code, links, strikethrough) is the one thing text may do; the literal check leaves it out.
const literalText = hostileText.filter((t) => !/[*_`[\]~]/.test(t) && normalizeText(t) !== '');

const LAYOUT_FIELDS = (t: string): Record<string, unknown>[] => [
  { layout: 'title' },
  { layout: 'agenda', title: t },
  { layout: 'section', title: t, subtitle: t },
  { layout: 'points', title: t, points: [t, { text: t, points: [t] }] },
  { layout: 'two-column', title: t, left: { heading: t, points: [t] }, right: { heading: t, points: [t] } },
  { layout: 'quote', text: t, source: t },
  { layout: 'closing', title: t, text: t },
  { layout: 'image', title: t, src: '../tests/fixtures/standard-marp/peta.svg', alt: t, caption: t, credit: t },
];

const marp = createMarp(loadThemes(join(ROOT, 'themes')));
const set = templates();

function renderText(text: string, notes: string) {
  const data = { title: text, subtitle: text, author: text, institution: text, date: text, rules: { 'notes-missing': 'off' }, slides: LAYOUT_FIELDS(text).map((s) => ({ ...s, notes })) };
  const source = `---\n${stringify(data)}---\n`;
  const { outline } = validateOutline(loadOutline(source, 'slides/fuzz.md'), set, { root: ROOT });
  const deck = renderDeck(outline, set);
  return { outline, deck, rendered: marp.render(deck.markdown) };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
interface Parsed {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Parsed[];
}

/** A script element, an event-handler attribute or a javascript: URL in an attribute, found as a browser parses. */
export function executable(html: string): string | undefined {
  const walk = (node: Parsed): string | undefined => {
    if (node.nodeName === 'script') return '<script>';
    for (const attr of node.attrs ?? []) {
      if (/^on/i.test(attr.name)) return `${node.nodeName} ${attr.name}`;
      if (/^\s*(javascript|vbscript):/i.test(attr.value.replace(/[\u0000-\u0020]/g, ''))) return `${node.nodeName} ${attr.name}=${attr.value}`;
    }
    for (const child of node.childNodes ?? []) {
      const found = walk(child);
      if (found) return found;
    }
    return undefined;
  };
  return walk(parseFragment(html) as unknown as Parsed);
}

describe('hostile: fuzzing every text field of every layout', () => {
  // Regression (a fresh-clone run): a no-break space came back as &nbsp; from the sanitizer's serializer.
  it('a no-break space shows as itself', () => {
    const { outline, rendered } = renderText('!\u00a0---', '');
    for (const slide of slideTexts(rendered.html)) expect(squash(slide)).toContain(squash('!\u00a0---'));
    expect(slideTexts(rendered.html)).toHaveLength(outline.slides.length);
  });

  it('keeps one slide per outline slide, shows the text literally, and lets nothing executable through', () => {
    fc.assert(
      fc.property(literalText, hostileText, (text, notes) => {
        const { outline, rendered } = renderText(text, notes);
        const texts = slideTexts(rendered.html);
        expect(texts).toHaveLength(outline.slides.length);
        // Literally, but typeset: straight quotes and apostrophes are set curly (issue 14).
        const straight = (t: string) => t.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
        const expected = squash(straight(normalizeText(text)));
        for (const slide of texts) expect(squash(straight(slide))).toContain(expected);
        // Notes are notes: every slide keeps its layout's class and its notes, whatever the notes say.
        expect([...rendered.html.matchAll(/<section\b[^>]*\sclass="([^"]*)"/g)].map((m) => m[1]).every((c) => /^layout-[\w-]+$/.test(c!))).toBe(true);
        if (normalizeText(notes)) expect(rendered.comments.filter((c) => c.length > 0)).toHaveLength(outline.slides.length);
        expect(executable(rendered.html)).toBeUndefined();
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it('with inline Markdown too: still one slide each, nothing executable, and only our typed error ever thrown', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (text, notes) => {
        try {
          const { outline, rendered } = renderText(text, notes);
          expect(slideTexts(rendered.html)).toHaveLength(outline.slides.length);
          expect(executable(rendered.html)).toBeUndefined();
        } catch (error) {
          if (!(error instanceof PaparanError)) throw error;
        }
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });
});
