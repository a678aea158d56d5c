import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFDict, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepare, type OutlineResult } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { timing } from '../../scripts/export/notes.ts';
import { pdfFonts, pdfInfo, pdfPages, pdfPageTexts, pdfText, ROOT, tempDir } from '../helpers.ts';

const OUTLINE = join(ROOT, 'slides', 'kesimpulan.md');
// pdftotext breaks lines (and reduplicated words) where the layout does; compare without whitespace.
const squash = (s: string) => s.replace(/\s+/g, '');
const prepared = prepare(OUTLINE, { root: ROOT });
const slides = prepared.deck.slides;
const OWN_FONTS = /^[A-Z]{6}\+(SourceSans3|SourceSerif4|JetBrainsMono|NotoEmoji)/;

async function bookmarks(file: string): Promise<number> {
  const pdf = await PDFDocument.load(readFileSync(file));
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  let count = 0;
  for (let item = outlines?.lookupMaybe(PDFName.of('First'), PDFDict); item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) count++;
  return count;
}

describe('build: the conclusion deck end to end', () => {
  const browser = new BrowserSession();
  let out: string;
  let result: OutlineResult;
  const file = (suffix: string) => join(out, 'kesimpulan', `kesimpulan${suffix}`);

  beforeAll(async () => {
    out = tempDir();
    [result] = (await build({ outlines: [OUTLINE], root: ROOT, outDir: out, browser })) as [OutlineResult];
    return () => browser.close();
  });

  it('writes every output and reports one progress event each', () => {
    expect(result.outputs.map((o) => [o.format, o.status]).sort()).toEqual(
      [['handout', 'written'], ['html', 'written'], ['md', 'written'], ['notes', 'written'], ['overview', 'written'], ['pdf', 'written']],
    );
    expect(slides.length).toBeGreaterThanOrEqual(10);
    expect(slides.length).toBeLessThanOrEqual(16);
  });

  it('writes a PDF with one 16:9 page per slide, selectable titles, metadata and bookmarks', async () => {
    const pdf = file('.pdf');
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(slides.length);
    expect([info.width, info.height]).toEqual([960, 540]);
    expect(info.title).toBe('SCO dan Kepentingan Rusia di Asia Tengah');
    expect(info.author).toBe('Penulis Skripsi');
    const text = squash(await pdfText(pdf));
    for (const s of slides) expect(text).toContain(squash(s.title));
    expect(await bookmarks(pdf)).toBe(slides.length);
    const catalog = (await PDFDocument.load(readFileSync(pdf))).catalog;
    expect(String(catalog.get(PDFName.of('Lang')))).toContain('id');
  });

  it('embeds only our own fonts in every PDF', async () => {
    for (const suffix of ['.pdf', '-handout.pdf', '-notes.pdf']) {
      const fonts = await pdfFonts(file(suffix));
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.embedded, `${suffix}: ${f.name}`).toBe(true);
        expect(f.name, suffix).toMatch(OWN_FONTS);
      }
    }
  });

  it('writes self-contained HTML with the presenter view, lang and every slide\'s notes', () => {
    const html = readFileSync(file('.html'), 'utf8');
    expect(html).toMatch(/<html lang="id"/);
    expect(html).toContain('bespoke-marp-note');
    expect(html).toContain('data:font/woff2;base64,');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/url\(["']?https?:/);
    const text = squash(html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    for (const s of slides) if (s.notes) expect(text).toContain(squash(s.notes));
  });

  it('writes the Marp Markdown that the HTML was made from', () => {
    const md = readFileSync(file('.md'), 'utf8');
    expect(md).toBe(prepared.deck.markdown);
    expect(md.split(/^---$/m).length - 2).toBe(slides.length);
  });

  it('writes the speaker script with every slide, its notes and the total time', async () => {
    const text = squash(await pdfText(file('-notes.pdf')));
    for (const s of slides) {
      expect(text).toContain(squash(s.title));
      if (s.notes) expect(text).toContain(squash(s.notes));
    }
    const t = timing(slides.map((s) => s.notes), 130);
    const minutes = `${Math.floor(t.totalSeconds / 60)}:${String(t.totalSeconds % 60).padStart(2, '0')}`;
    expect(text).toContain(squash(`${t.totalWords} kata ÷ 130 kata/menit = ~${minutes} menit`));
    expect(await bookmarks(file('-notes.pdf'))).toBe(slides.length);
  });

  it('handout: N slides a page for N = 1, 2, 3, 4, 6 (fewer where long notes need the room, never a page per slide beyond that), and notes mode carries every note and title', async () => {
    for (const perPage of [1, 2, 3, 4, 6] as const) {
      const dir = tempDir();
      await build({ outlines: [OUTLINE], root: ROOT, outDir: dir, browser, formats: ['handout'], handout: { perPage, mode: 'notes' } });
      const pdf = join(dir, 'kesimpulan', 'kesimpulan-handout.pdf');
      const pages = await pdfPages(pdf);
      // Notes never shrink below a printable size: a page with long notes holds fewer slides instead.
      expect(pages, `perPage ${perPage}`).toBeGreaterThanOrEqual(Math.ceil(slides.length / perPage));
      expect(pages, `perPage ${perPage}`).toBeLessThanOrEqual(perPage === 1 ? slides.length : Math.ceil((slides.length * 2) / perPage));
      const text = squash(await pdfText(pdf));
      for (const s of slides) {
        expect(text).toContain(squash(s.title));
        if (s.notes) expect(text, `perPage ${perPage}`).toContain(squash(s.notes));
      }
      expect(await bookmarks(pdf)).toBe(slides.length);
    }
  });

  it('handout: a header with the title, a footer with author, date and n / N', async () => {
    const pages = await pdfPageTexts(file('-handout.pdf'));
    expect(pages).toHaveLength(Math.ceil(slides.length / 3));
    pages.forEach((page, i) => {
      expect(squash(page)).toContain(squash('SCO dan Kepentingan Rusia di Asia Tengah'));
      expect(squash(page)).toContain(squash('Penulis Skripsi · 2026'));
      expect(page).toMatch(new RegExp(`${i + 1}\\s*/\\s*${pages.length}`));
    });
  });

  it('skips every output on a second build with no change, and --force rebuilds', async () => {
    const [again] = await build({ outlines: [OUTLINE], root: ROOT, outDir: out, browser });
    expect(again!.outputs.every((o) => o.status === 'skipped')).toBe(true);
    const [forced] = await build({ outlines: [OUTLINE], root: ROOT, outDir: out, browser, force: true, formats: ['md'] });
    expect(forced!.outputs.map((o) => o.status)).toEqual(['written']);
  });

  it('gives byte-identical outputs from two clean builds', async () => {
    const other = tempDir();
    await build({ outlines: [OUTLINE], root: ROOT, outDir: other, browser });
    for (const suffix of ['.md', '.html', '.pdf', '-handout.pdf', '-notes.pdf', '-overview.png']) {
      const a = readFileSync(file(suffix));
      const b = readFileSync(join(other, 'kesimpulan', `kesimpulan${suffix}`));
      expect(a.equals(b), suffix).toBe(true);
    }
  });

  it('never lets a page reach the network', () => {
    expect(browser.blockedRequests).toEqual([]);
  });
});
