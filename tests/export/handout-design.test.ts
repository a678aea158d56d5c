import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { RULE_COLOUR } from '../../scripts/export/handout.ts';
import { scriptDocument } from '../../scripts/export/notes.ts';
import { printPdf } from '../../scripts/export/pdf.ts';
import { FRAME_COLOUR, MARGIN, PAPER } from '../../scripts/export/print.ts';
import { renderWithTheme } from '../../scripts/export/slides.ts';
import type { HandoutOptions } from '../../scripts/outline/types.ts';
import { prepare } from '../../scripts/prepare.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { labelsFor } from '../../scripts/layouts.ts';
import { countWords } from '../../scripts/outline/words.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { inside, pdfGeometry, textLines, type PdfPage, type Rect } from './pdf-geometry.ts';

// Issue 14, "Handouts and the speaker script": measured in the PDFs themselves (pdf.js), on a deck whose notes
// run from one line to a long paragraph.
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'handout-design', 'handout-design.md');
const PT = 0.75; // points per CSS pixel
const SIDE = MARGIN.side * PT;

/** The slides on a page: the frame strokes, as the rectangle inside the one-pixel line. */
const frames = (page: PdfPage): (Rect & { lineWidth: number })[] =>
  page.strokes
    .filter((s) => s.colour === FRAME_COLOUR)
    .map((s) => ({ x: s.x + s.lineWidth / 2, y: s.y + s.lineWidth / 2, w: s.w - s.lineWidth, h: s.h - s.lineWidth, lineWidth: s.lineWidth }));

/** Notes text: not on a slide, not in the running header or footer, not a slide number. */
const notesTexts = (page: PdfPage) => {
  const slides = frames(page);
  return page.texts.filter(
    (t) => t.y > MARGIN.top * PT && t.y < page.height - MARGIN.bottom * PT && !/^\d+$/.test(t.str.trim()) && !slides.some((f) => inside(t, f, 1)),
  );
};

describe('handout and speaker script: measured in the PDF', () => {
  const browser = new BrowserSession();
  const dir = tempDir();
  const pdfs = new Map<string, PdfPage[]>();
  const key = (perPage: number, mode: string, paper: string) => `${perPage}-${mode}-${paper}`;
  const handout = (perPage: number, mode: string, paper: string) => pdfs.get(key(perPage, mode, paper))!;

  beforeAll(async () => {
    for (const paper of ['a4', 'letter'] as const)
      for (const mode of ['notes', 'lines', 'blank'] as const)
        for (const perPage of [1, 2, 3, 4, 6] as const) {
          const out = join(dir, key(perPage, mode, paper));
          const options: HandoutOptions = { perPage, mode, paper };
          await build({ outlines: [FIXTURE], root: ROOT, outDir: out, browser, formats: ['handout'], handout: options, measure: false });
          pdfs.set(key(perPage, mode, paper), await pdfGeometry(join(out, 'handout-design', 'handout-design-handout.pdf')));
        }
  }, 120_000);
  afterAll(() => browser.close());

  it.each([
    [6, 'a4'],
    [6, 'letter'],
    [4, 'a4'],
    [3, 'a4'],
  ] as const)('one notes size per page (%i-up, %s), shrunk only as far as the longest notes on that page need', (perPage, paper) => {
    const pages = handout(perPage, 'notes', paper);
    const sizes = pages.map((page) => [...new Set(notesTexts(page).map((t) => t.size.toFixed(2)))]);
    for (const [i, s] of sizes.entries()) expect(s, `page ${i + 1}`).toHaveLength(1);
    // The fixture's long notes need a smaller size on the first page than on a page of short notes.
    if (perPage === 6) expect(Number(sizes[0]![0])).toBeLessThan(Number(sizes.at(-1)![0]));
  });

  it.each([
    [1, 'a4'],
    [1, 'letter'],
    [2, 'a4'],
    [2, 'letter'],
  ] as const)('%i-up notes (%s) are set in a readable measure, with room above them', (perPage, paper) => {
    const lengths: number[] = [];
    for (const page of handout(perPage, 'notes', paper)) {
      const slides = frames(page);
      for (const line of textLines(notesTexts(page))) {
        lengths.push(line.text.length);
        // Room above: the notes start at least 5 mm under the slide above them.
        const above = slides.filter((f) => f.y < line.y).sort((a, b) => b.y - a.y)[0]!;
        expect(line.y - (above.y + above.h)).toBeGreaterThanOrEqual(5 * 2.835);
      }
    }
    expect(Math.max(...lengths)).toBeLessThanOrEqual(80);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(62);
  });

  it('a hyphenated word (kepentingan-kepentingan) is never broken at its hyphen in the notes', () => {
    let lines = 0;
    for (const paper of ['a4', 'letter'])
      for (const perPage of [1, 2, 3, 4, 6])
        for (const page of handout(perPage, 'notes', paper))
          for (const line of textLines(notesTexts(page))) {
            lines++;
            expect(line.text.trimEnd(), `${perPage}-up ${paper}`).not.toMatch(/\p{L}-$/u);
          }
    expect(lines).toBeGreaterThan(100);
  });

  it.each(['a4', 'letter'] as const)('2-up slides are centred on the page and as wide as the notes under them (%s)', (paper) => {
    for (const page of handout(2, 'notes', paper)) {
      const slides = frames(page);
      expect(slides.length).toBeGreaterThan(0);
      const lines = textLines(notesTexts(page));
      for (const f of slides) {
        expect(Math.abs(f.x + f.w / 2 - page.width / 2)).toBeLessThanOrEqual(2);
        const own = lines.filter((l) => l.y > f.y + f.h && l.y < f.y + f.h + 200);
        for (const l of own) {
          expect(Math.abs(l.x - f.x)).toBeLessThanOrEqual(1);
          expect(l.right).toBeLessThanOrEqual(f.x + f.w + 1);
        }
        // A full line reaches within a tenth of the slide's width of its right edge. (Notes too long for the page
        // are set smaller in the same measure of 32 em, so their column is narrower than the slide.)
        if (own.length > 1 && Math.abs(own[0]!.size - 10.5) < 0.01) expect(Math.max(...own.map((l) => l.right))).toBeGreaterThan(f.x + f.w * 0.9);
      }
    }
  });

  it.each(['a4', 'letter'] as const)('ruled lines beside a slide start at its top and end at its bottom (3-up, %s)', (paper) => {
    for (const page of handout(3, 'lines', paper)) {
      for (const f of frames(page)) {
        const rules = page.fills.filter((r) => r.colour === RULE_COLOUR && r.x > f.x + f.w && r.y >= f.y - 10 && r.y <= f.y + f.h + 10).sort((a, b) => a.y - b.y);
        expect(rules.length).toBeGreaterThanOrEqual(6);
        expect(rules[0]!.y).toBeGreaterThanOrEqual(f.y - 0.01);
        expect(rules[0]!.y).toBeLessThanOrEqual(f.y + 1);
        expect(rules.at(-1)!.y + rules.at(-1)!.h).toBeLessThanOrEqual(f.y + f.h + 0.01);
        expect(rules.at(-1)!.y + rules.at(-1)!.h).toBeGreaterThanOrEqual(f.y + f.h - 1);
      }
    }
  });

  it.each(['a4', 'letter'] as const)('every ruled line prints at one weight, on whole pixels (%s)', (paper) => {
    for (const perPage of [1, 2, 3, 4, 6]) {
      const rules = handout(perPage, 'lines', paper).flatMap((p) => p.fills.filter((r) => r.colour === RULE_COLOUR));
      expect(rules.length, `${perPage}-up`).toBeGreaterThan(0);
      expect(new Set(rules.map((r) => r.h.toFixed(3))), `${perPage}-up`).toEqual(new Set([PT.toFixed(3)]));
      for (const r of rules) expect(Math.abs(r.y / PT - Math.round(r.y / PT)), `${perPage}-up at ${r.y}`).toBeLessThan(0.02);
      // Lines below a slide are as wide as it; no line runs past the page's text block.
      for (const r of rules) expect(r.x + r.w).toBeLessThanOrEqual(PAPER_PT[paper] - SIDE + 0.01);
    }
  });

  it.each(['a4', 'letter'] as const)('every slide frame is one even line: the same width on all four sides, touching the slide (%s)', (paper) => {
    for (const mode of ['notes', 'lines', 'blank'])
      for (const perPage of [1, 2, 3, 4, 6])
        for (const page of handout(perPage, mode, paper)) {
          for (const f of frames(page)) {
            expect(f.lineWidth).toBeCloseTo(PT, 3);
            // The slide's own clip: the 16:9 box centred in the frame.
            const clip = page.clips.find((c) => Math.abs(c.x + c.w / 2 - (f.x + f.w / 2)) < 1 && Math.abs(c.y + c.h / 2 - (f.y + f.h / 2)) < 1 && Math.abs(c.w / c.h - 16 / 9) < 0.01);
            expect(clip, `${perPage}-${mode}`).toBeDefined();
            const gaps = [clip!.x - f.x, f.x + f.w - (clip!.x + clip!.w), clip!.y - f.y, f.y + f.h - (clip!.y + clip!.h)];
            for (const g of gaps) expect(Math.abs(g), `${perPage}-${mode}: ${gaps.map((v) => v.toFixed(2))}`).toBeLessThan(0.05);
          }
        }
  });
});

const PAPER_PT = { a4: (210 / 25.4) * 72, letter: 8.5 * 72 } as const;

describe('speaker script: measured in the PDF', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());
  const deck = prepare(FIXTURE, { root: ROOT });
  const labels = labelsFor(deck.templates, 'id');

  async function script(paper: 'a4' | 'letter', withSlides: boolean) {
    const render = renderWithTheme(marpFor(deck.themes), deck.deck.markdown, 'paparan-print');
    // The fixture's last slide is `backup: true`; marked here too, so that this test does not wait for the outline's
    // own support of the field to reach the rendered deck.
    const slides = deck.deck.slides.map((s) => ({ ...s, backup: s.backup === true || s.title === 'Data anggota SCO' }));
    const { html, timing } = scriptDocument({
      render, notes: slides.map((s) => s.notes), titles: slides.map((s) => s.title), speakingRate: 130, duration: 3, lang: 'id',
      title: 'Uji', footer: 'Penguji', labels, paper, slides: withSlides ? slides : undefined,
    });
    const meta = { title: 'Uji', lang: 'id', date: new Date(0), bookmarks: [] };
    const bytes = await browser.withPage((page) => printPdf(page, html, PAPER[paper], meta, {}));
    const file = join(tempDir(), `script-${paper}.pdf`);
    writeFileSync(file, bytes);
    return { pages: await pdfGeometry(file), timing };
  }

  it.each(['a4', 'letter'] as const)('the Total box fits inside the page text block (%s)', async (paper) => {
    const { pages } = await script(paper, true);
    const boxes = pages.flatMap((p) => p.strokes.filter((s) => s.colour === '#1f3b45' || s.colour === '#a4261c').map((s) => ({ ...s, page: p })));
    expect(boxes).toHaveLength(1);
    const box = boxes[0]!;
    expect(box.x - box.lineWidth / 2).toBeGreaterThanOrEqual(SIDE - 0.01);
    expect(box.x + box.w + box.lineWidth / 2).toBeLessThanOrEqual(box.page.width - SIDE + 0.01);
  });

  it('lists backup slides after the talk under their own heading, and leaves them out of the total', async () => {
    const { pages, timing } = await script('a4', true);
    const text = pages.map((p) => textLines(p.texts).map((l) => l.text).join('\n')).join('\n');
    const backup = deck.deck.slides.filter((s) => s.title === 'Data anggota SCO');
    expect(backup.length).toBeGreaterThan(0);
    const talkWords = deck.deck.slides.filter((s) => !backup.includes(s)).reduce((n, s) => n + countWords(s.notes), 0);
    expect(timing.totalWords).toBe(talkWords);
    expect(text).toContain(`${talkWords} kata ÷ 130`);
    const total = text.indexOf('Total');
    const heading = text.indexOf(`\n${labels.backup}\n`);
    expect(total).toBeGreaterThan(0);
    expect(heading).toBeGreaterThan(total);
    for (const s of backup) expect(text.indexOf(s.title)).toBeGreaterThan(heading);
    for (const s of deck.deck.slides.filter((x) => !backup.includes(x))) expect(text.indexOf(s.title)).toBeLessThan(total);
  });

  it('without the slides (as before backup slides existed) every slide counts', async () => {
    const { timing } = await script('a4', false);
    const all = deck.deck.slides.reduce((n, s) => n + countWords(s.notes), 0);
    expect(timing.totalWords).toBe(all);
  });
});
