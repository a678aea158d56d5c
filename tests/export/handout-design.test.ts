import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { RULE_COLOUR } from '../../scripts/export/handout.ts';
import { scriptDocument } from '../../scripts/export/notes.ts';
import { printPdf } from '../../scripts/export/pdf.ts';
import { FRAME_COLOUR, MARGIN, PAPER } from '../../scripts/export/print.ts';
import { renderWithTheme, SLIDE_SIZE, slidesDocument } from '../../scripts/export/slides.ts';
import type { HandoutOptions } from '../../scripts/outline/types.ts';
import { prepare } from '../../scripts/prepare.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { labelsFor } from '../../scripts/layouts.ts';
import { countWords } from '../../scripts/outline/words.ts';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir, tempProject } from '../helpers.ts';
import { frameEdges, inside, pdfGeometry, pdfOutline, rasterPage, textLines, type PdfPage, type Rect } from './pdf-geometry.ts';

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
  });

  // The notes' smallest size: below it, a cell grows (its page holds fewer slides) instead.
  const FLOOR = { 1: 8, 2: 8, 3: 8, 4: 7, 6: 7 } as const;
  const squash = (text: string) => text.replace(/\s+/g, '');
  const slides = prepare(FIXTURE, { root: ROOT }).deck.slides;

  it.each(['a4', 'letter'] as const)('notes are never set below the floor (8 pt 1-3-up, 7 pt 4/6-up), and nothing is cut (%s)', (paper) => {
    const report: string[] = [];
    for (const perPage of [1, 2, 3, 4, 6] as const) {
      const pages = handout(perPage, 'notes', paper);
      const sizes = pages.flatMap((page) => notesTexts(page).map((t) => t.size));
      report.push(`${perPage}-up: ${Math.min(...sizes).toFixed(2)} pt, ${pages.length} pages`);
      expect(Math.min(...sizes), `${perPage}-up`).toBeGreaterThanOrEqual(FLOOR[perPage] - 0.01);
      // Every note is there in full, and no line of it runs past the box that clips it.
      const text = squash(pages.flatMap((page) => page.texts.map((t) => t.str)).join(''));
      for (const s of slides) expect(text, `${perPage}-up: ${s.title}`).toContain(squash(s.notes));
      for (const page of pages)
        for (const t of notesTexts(page)) {
          const clip = page.clips.filter((c) => inside(t, c, 0.5)).sort((a, b) => a.w * a.h - b.w * b.h)[0]!;
          expect(t.y + t.h, `${perPage}-up: "${t.str}"`).toBeLessThanOrEqual(clip.y + clip.h + 0.5);
        }
    }
    console.log(paper, report.join('; '));
    // The fixture's long notes do not fit six to a Letter page at 7 pt: those pages hold fewer slides.
    if (paper === 'letter') expect(handout(6, 'notes', paper).length).toBeGreaterThan(Math.ceil(slides.length / 6));
  });

  it.each(['a4', 'letter'] as const)('bookmarks go to the page that shows the slide, however many slides a page holds (%s)', async (paper) => {
    for (const perPage of [2, 6] as const) {
      const marks = await pdfOutline(join(dir, key(perPage, 'notes', paper), 'handout-design', 'handout-design-handout.pdf'));
      expect(marks.map((m) => m.title)).toEqual(slides.map((s, i) => `${i + 1}. ${s.title}`));
      const pages = handout(perPage, 'notes', paper);
      for (const [i, m] of marks.entries()) {
        const numbers = pages[m.page]!.texts.filter((t) => t.str.trim() === String(i + 1) && !frames(pages[m.page]!).some((f) => inside(t, f, 1)));
        expect(numbers, `${perPage}-up slide ${i + 1}`).toHaveLength(1);
      }
    }
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

  it.each(['a4', 'letter'] as const)('2-up slides are centred and as wide as the text block; notes left-aligned under them (%s)', (paper) => {
    const block = PAPER_PT[paper] - 2 * SIDE;
    // Without notes or lines, as wide as the text block (to the 16 px the slide's width is a multiple of).
    for (const page of handout(2, 'blank', paper)) for (const f of frames(page)) expect(f.w).toBeGreaterThan(block - 16 * PT);
    // With notes: as wide as keeps two slides a page, one width throughout; never narrower than the notes' measure.
    const widths = new Set<string>();
    for (const page of handout(2, 'notes', paper)) {
      const slides = frames(page);
      expect(slides.length).toBeGreaterThan(0);
      const lines = textLines(notesTexts(page));
      for (const f of slides) {
        widths.add(f.w.toFixed(2));
        expect(f.w).toBeGreaterThanOrEqual(448 * PT - 0.01);
        expect(Math.abs(f.x + f.w / 2 - page.width / 2)).toBeLessThanOrEqual(2);
        const own = lines.filter((l) => l.y > f.y + f.h && l.y < f.y + f.h + 200);
        for (const l of own) {
          expect(Math.abs(l.x - f.x)).toBeLessThanOrEqual(1);
          expect(l.right).toBeLessThanOrEqual(f.x + f.w + 1);
        }
      }
    }
    expect(widths.size).toBe(1);
  });

  it.each(['a4', 'letter'] as const)('2-up slides with short notes are as wide as the text block (%s)', async (paper) => {
    const project = tempProject();
    const outline = join(project, 'slides', 'short.md');
    const short = slides.map((s) => `  - layout: points\n    title: ${JSON.stringify(s.title)}\n    points: ["Satu", "Dua"]\n    notes: "Catatan pendek."\n`).join('');
    writeFileSync(outline, `---\ntitle: Uji\nlang: id\nslides:\n${short}---\n`);
    const out = join(project, 'dist');
    await build({ outlines: [outline], root: project, outDir: out, browser, formats: ['handout'], handout: { perPage: 2, mode: 'notes', paper }, measure: false });
    const pages = await pdfGeometry(join(out, 'short', 'short-handout.pdf'));
    expect(pages).toHaveLength(Math.ceil(slides.length / 2));
    for (const page of pages) for (const f of frames(page)) expect(f.w).toBeGreaterThan(PAPER_PT[paper] - 2 * SIDE - 16 * PT);
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

  it.skipIf(!poppler).each(['a4', 'letter'] as const)('every slide frame prints with four even edges, none clipped by the margin (%s)', (paper) => {
    for (const perPage of [1, 2, 3, 4, 6])
      for (const mode of ['notes', 'blank']) {
        const file = join(dir, key(perPage, mode, paper), 'handout-design', 'handout-design-handout.pdf');
        expectEvenFrames(file, 0, frames(handout(perPage, mode, paper)[0]!), `${perPage}-up ${mode}`);
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
const poppler = spawnSync('pdftoppm', ['-v']).status === 0;

/** Each frame's four edges as printed at 300 dpi: all as thick and as dark as each other. */
function expectEvenFrames(file: string, page: number, slides: Rect[], what: string) {
  const raster = rasterPage(file, page + 1);
  expect(slides.length).toBeGreaterThan(0);
  for (const f of slides) {
    const edges = frameEdges(raster, f);
    const report = `${what}: ${edges.map((e) => `${e.side} ${e.thickness} px at ${e.darkest}`).join(', ')}`;
    // A 0.75 pt line is 3.1 px at 300 dpi: 2 or 3 whole pixels, depending on where it falls.
    for (const e of edges) expect(e.thickness, report).toBeGreaterThanOrEqual(2);
    expect(Math.max(...edges.map((e) => e.thickness)) - Math.min(...edges.map((e) => e.thickness)), report).toBeLessThanOrEqual(1);
    expect(Math.max(...edges.map((e) => e.darkest)) - Math.min(...edges.map((e) => e.darkest)), report).toBeLessThanOrEqual(12);
  }
}

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
    const { html, timing, bookmarks, headings } = scriptDocument({
      render, notes: slides.map((s) => s.notes), titles: slides.map((s) => s.title), speakingRate: 130, duration: 3, lang: 'id',
      title: 'Uji', footer: 'Penguji', labels, paper, slides: withSlides ? slides : undefined,
    });
    const meta = { title: 'Uji', lang: 'id', date: new Date(0), bookmarks };
    const bytes = await browser.withPage((page) => printPdf(page, html, PAPER[paper], meta, { bookmarkHeadings: headings }));
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

describe('speaker script: headings, bookmarks and thumbnails, measured in the PDF', () => {
  // Long headings with hyphenated words, and a thesis title slide (supervisors, faculty, university: `span.part`).
  const HEADINGS = join(ROOT, 'tests', 'fixtures', 'handout-design', 'script-headings.md');
  const browser = new BrowserSession();
  const out = tempDir();
  const deck = prepare(HEADINGS, { root: ROOT });
  const slides = deck.deck.slides;
  const squash = (text: string) => text.replace(/\s+/g, '');
  const files = { a4: '', letter: '' };
  let reference: PdfPage[] = [];

  beforeAll(async () => {
    for (const paper of ['a4', 'letter'] as const) {
      await build({ outlines: [HEADINGS], root: ROOT, outDir: join(out, paper), browser, formats: ['notes'], handout: { perPage: 1, mode: 'notes', paper }, measure: false });
      files[paper] = join(out, paper, 'script-headings', 'script-headings-notes.pdf');
    }
    // The title slide as the print theme draws it on a slide-sized page of its own: what the thumbnail must show.
    const render = renderWithTheme(marpFor(deck.themes), deck.deck.markdown, 'paparan-print');
    const bytes = await browser.withPage((page) =>
      printPdf(page, slidesDocument(render, 'id', 'Uji'), { width: `${SLIDE_SIZE.width}px`, height: `${SLIDE_SIZE.height}px` }, { title: 'Uji', lang: 'id', date: new Date(0), bookmarks: [] }),
    );
    writeFileSync(join(out, 'slides.pdf'), bytes);
    reference = await pdfGeometry(join(out, 'slides.pdf'));
  }, 120_000);
  afterAll(() => browser.close());

  it.each(['a4', 'letter'] as const)('bookmarks are the slide titles, numbered as in the slides PDF, each on the page that shows it (%s)', async (paper) => {
    const marks = await pdfOutline(files[paper]);
    expect(marks.map((m) => m.title)).toEqual(slides.map((s, i) => `${i + 1}. ${s.title}`));
    const pages = await pdfGeometry(files[paper]);
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(marks.map((m) => m.page)).size).toBeGreaterThan(1);
    for (const [i, m] of marks.entries()) {
      const page = pages[m.page]!;
      const text = squash(textLines(page.texts.filter((t) => !frames(page).some((f) => inside(t, f, 1)))).map((l) => l.text).join(''));
      expect(text, `slide ${i + 1}`).toContain(squash(`${i + 1}${slides[i]!.title}`));
    }
  });

  it.each(['a4', 'letter'] as const)('no heading breaks at a hyphen, and the long ones wrap in balanced lines (%s)', async (paper) => {
    const pages = await pdfGeometry(files[paper]);
    const outside = (page: PdfPage) => page.texts.filter((t) => !frames(page).some((f) => inside(t, f, 1)));
    const headings = pages.flatMap((page) => textLines(outside(page)).filter((l) => l.size > 11.9));
    expect(headings.length).toBeGreaterThan(slides.length);
    for (const l of headings) expect(l.text.trimEnd()).not.toMatch(/\p{L}-$/u);
    // The slide headings that wrap: their last line is not a short tail.
    const wrapped = headings.filter((l, i) => l.size < 13 && headings[i + 1] && headings[i + 1]!.size < 13 && headings[i + 1]!.y - l.y < 20 && !/^\d/.test(headings[i + 1]!.text));
    expect(wrapped.length).toBeGreaterThanOrEqual(3);
    for (const l of wrapped) {
      const next = headings[headings.indexOf(l) + 1]!;
      expect(next.right - next.x, `${l.text} / ${next.text}`).toBeGreaterThan(0.6 * (l.right - l.x));
    }
  });

  it('the title slide\'s thumbnail renders like the slide: no script style reaches into it', async () => {
    const page = (await pdfGeometry(files.a4))[0]!;
    const thumb = frames(page)[0]!;
    const scale = thumb.w / reference[0]!.width;
    // Line by line (pdf.js splits a line into runs differently at the two scales): the same text, size and place.
    const inThumb = textLines(page.texts.filter((t) => inside(t, thumb, 1)));
    const lines = textLines(reference[0]!.texts);
    expect(squash(lines.map((l) => l.text).join(''))).toContain('Prof.BudiSantoso-Wijaya');
    expect(inThumb.map((l) => squash(l.text))).toEqual(lines.map((l) => squash(l.text)));
    for (const [i, l] of lines.entries()) {
      const u = inThumb[i]!;
      expect(u.size, l.text).toBeCloseTo(l.size * scale, 1);
      expect(u.x - thumb.x, l.text).toBeCloseTo(l.x * scale, 0);
      expect(u.right - thumb.x, l.text).toBeCloseTo(l.right * scale, 0);
      expect(u.y - thumb.y, l.text).toBeCloseTo(l.y * scale, 0);
    }
  });

  it.skipIf(!poppler).each(['a4', 'letter'] as const)('thumbnail frames print with four even edges (%s)', async (paper) => {
    const pages = await pdfGeometry(files[paper]);
    expectEvenFrames(files[paper], 0, frames(pages[0]!), `script ${paper}`);
  });
});
