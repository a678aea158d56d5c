import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { measureOverflow, overflows } from '../../scripts/export/overflow.ts';
import { renderWithTheme, slidesDocument } from '../../scripts/export/slides.ts';
import { prepare } from '../../scripts/prepare.ts';
import { renderDeck } from '../../scripts/render/deck.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { deckSource, outlineFrom, ROOT, templates } from '../helpers.ts';

// Issue 14, second design review: slides use the room, measured in the browser (1280×720 slides).

const THEMES = ['paparan', 'paparan-dark', 'paparan-print'];
const SECTIONS = 'div.marpit > svg > foreignObject > section';
const marp = marpFor(loadThemes(join(ROOT, 'themes')));

/** A `points` slide (YAML list item) with the given title and bullets. */
const points = (title: string, bullets: string[]) => `  - layout: points\n    title: ${JSON.stringify(title)}\n    points: [${bullets.map((b) => JSON.stringify(b)).join(', ')}]`;
/** A `two-column` slide with the given headings and bullets. */
const columns = (title: string, left: [string, string[]], right: [string, string[]]) =>
  `  - layout: two-column\n    title: ${JSON.stringify(title)}\n    left: { heading: ${JSON.stringify(left[0])}, points: ${JSON.stringify(left[1])} }\n    right: { heading: ${JSON.stringify(right[0])}, points: ${JSON.stringify(right[1])} }`;

const markdownOf = (slides: string[], extra = 'rules: { bullet-length: off, notes-missing: off }\n') => renderDeck(outlineFrom(deckSource(slides.join('\n'), extra)).outline, templates()).markdown;

// The conclusion deck's list slides (3 to 5 bullets, as written in slides/kesimpulan.md when this was measured).
const SHORT3 = ['Bagaimana jika Chechnya atau Dagestan lepas dari Rusia?', 'Rusia khawatir aksi separatis lain akan menyusul', 'Kelompok lain yang lebih besar bisa ikut melakukan aksi separatis'];
const LONG3 = ['Pembentukan SCO adalah salah satu strategi Rusia mengamankan aset-aset berharganya', 'Rusia ingin menjaga **keutuhan wilayahnya**', 'Rusia ingin melindungi individu dan masyarakatnya dari kelompok separatis'];
const FOUR = ['Rusia berusaha menjaga kawasan **Laut Kaspia**', 'Laut Kaspia berada di sekitar negara-negara Asia Tengah', 'Laut Kaspia kaya **minyak** dan **gas alam**', 'Rusia mengeksploitasi minyak dan gas alam lewat pipa-pipa penyalur'];
const FIVE = [
  'Anggota SCO bekerja sama menghadapi terorisme, separatisme, dan ekstremisme',
  'Rusia aktif di SCO karena kepentingan **ekonomi**, **politik**, dan **keamanan**',
  'Secara ekonomi, Rusia menjaga minyak dan gas alam Laut Kaspia',
  'Separatisme di Chechnya dan Dagestan adalah ancaman nyata bagi Rusia',
  'Pembentukan SCO adalah salah satu strategi Rusia mengamankan asetnya',
];
// Twelve long words each: two lines at any of the list sizes.
const LONGEST = [
  'Pembentukan organisasi kawasan merupakan strategi pengamanan kepentingan-kepentingan nasional Rusia di Asia Tengah',
  'Ketidakstabilan politik berkepanjangan setelah pembubaran Uni Soviet menimbulkan konflik kepentingan pemerintahan',
  'Gerakan separatisme bersenjata di Chechnya dan Dagestan mengancam keutuhan wilayah Federasi Rusia secara nyata',
  'Cadangan minyak bumi dan gas alam Laut Kaspia menjadi kepentingan ekonomi utama negara-negara anggota',
  'Kerja sama keamanan antaranggota menghadapi terorisme, separatisme, dan ekstremisme transnasional di kawasan',
];
const TWO_LINE_TITLE = 'Kepentingan politik dan keamanan Rusia di kawasan Asia Tengah setelah Uni Soviet bubar';

interface Block {
  layout: string;
  size: number;
  heading: number | null;
  rule: number;
  top: number;
  bottom: number;
  footerTop: number;
}

/** For every slide: its list's size, and the block of its content (list, or both columns) against the title rule and footer. */
function measureBlocks(selector: string): Block[] {
  return [...document.querySelectorAll(selector)].map((section) => {
    const box = section.getBoundingClientRect();
    const parts = [...section.querySelectorAll(':scope > ul, :scope > ol, :scope > .columns > .column > h2, :scope > .columns > .column > ul')];
    const rects = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.height > 0);
    const list = section.querySelector(':scope > ul, :scope > ol, .column > ul')!;
    const h2 = section.querySelector('.column > h2');
    return {
      layout: section.className.split(' ')[0]!,
      size: parseFloat(getComputedStyle(list).fontSize),
      heading: h2 && parseFloat(getComputedStyle(h2).fontSize),
      rule: section.querySelector(':scope > h1')!.getBoundingClientRect().bottom - box.top,
      top: Math.min(...rects.map((r) => r.top)) - box.top,
      bottom: Math.max(...rects.map((r) => r.bottom)) - box.top,
      footerTop: section.querySelector(':scope > footer')!.getBoundingClientRect().top - box.top,
    };
  });
}

describe('slides use the room (issue 14, second review)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  const measure = (markdown: string, theme: string) =>
    browser.withPage(async (page) => {
      const overflow = await measureOverflow(page, renderWithTheme(marp, markdown, theme), 'id');
      return { overflowing: overflow.filter(overflows).map((m) => m.slide), blocks: await page.evaluate(measureBlocks, SECTIONS) };
    });

  it.each(THEMES)('a list of 3 to 5 bullets and two columns sit in the middle of the room, leaving no empty band over 30 per cent (%s)', async (theme) => {
    const markdown = markdownOf([
      points('Kekhawatiran efek domino', SHORT3),
      points('SCO sebagai strategi Rusia', LONG3),
      points('Kepentingan ekonomi: Laut Kaspia', FOUR),
      points('Ringkasan', FIVE),
      columns('Dua kepentingan utama Rusia', ['Ekonomi', ['Menjaga kawasan Laut Kaspia', 'Minyak dan gas alam Laut Kaspia', 'Pipa-pipa penyalur minyak dan gas']], ['Politik dan keamanan', ['Ketidakstabilan politik setelah Uni Soviet bubar', 'Terorisme, separatisme, dan ekstremisme', 'Separatisme di Chechnya dan Dagestan']]),
      columns('Pendirian dan tujuan SCO', ['Anggota pendiri, 2001', ['**Rusia** dan **RRT**, yang memprakarsainya', 'Kazakhstan, Tajikistan, Uzbekistan, dan Kyrgyzstan']], ['Tujuan mendasar', ['Menghindari gangguan kekerasan: terorisme, separatisme, dan ekstremisme', 'Para anggota punya kekhawatiran yang sama']]),
    ]);
    const { overflowing, blocks } = await measure(markdown, theme);
    expect(overflowing).toEqual([]);
    for (const b of blocks) {
      const where = `${b.layout} ${JSON.stringify(b)}`;
      // The block's middle at 45–60 % of the slide's height (the room runs from the rule at 127 px to the footer).
      expect((b.top + b.bottom) / 2 / 720, where).toBeGreaterThanOrEqual(0.45);
      expect((b.top + b.bottom) / 2 / 720, where).toBeLessThanOrEqual(0.6);
      // The empty bands above the block (from the title's rule) and below it (to the footer): neither over 30 %.
      expect(Math.max(b.top - b.rule, b.footerTop - b.bottom) / 720, where).toBeLessThanOrEqual(0.3);
    }
    // Sizes by the list's length; five bullets and both column pairs fit at 32 px; column headings 1.1 times the text.
    expect(blocks.map((b) => b.size)).toEqual([37, 37, 34, 32, 32, 32]);
    for (const b of blocks.filter((x) => x.heading !== null)) expect(b.heading!).toBeGreaterThanOrEqual(1.1 * b.size);
  });

  it.each(THEMES)('the agenda sits in the middle of the room too (%s)', async (theme) => {
    const markdown = markdownOf(['  - layout: agenda', '  - layout: section\n    title: "SCO di Asia Tengah"\n    subtitle: "Awal baru"', '  - layout: section\n    title: "Kepentingan Rusia"\n    subtitle: "Mengapa Rusia aktif"', '  - layout: section\n    title: "Penutup"']);
    const [agenda] = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown, theme), 'id', 't'));
      return page.evaluate(measureBlocks, `${SECTIONS}.layout-agenda`);
    });
    expect((agenda!.top + agenda!.bottom) / 2 / 720).toBeGreaterThanOrEqual(0.45);
    expect((agenda!.top + agenda!.bottom) / 2 / 720).toBeLessThanOrEqual(0.6);
  });

  it.each(THEMES)('the longest lists each size allows fit; a list too long for 32 px stays at 30 px (%s)', async (theme) => {
    const markdown = markdownOf([
      // Five bullets, three of them two lines long, under a two-line title: 32 px, and it fits.
      points(TWO_LINE_TITLE, [...LONGEST.slice(0, 3), 'Rusia menjaga pengaruh di Asia Tengah', 'Laut Kaspia kaya minyak dan gas alam']),
      // Five bullets of two lines each: at 32 px they would run out of the slide, so they stay at 30 px.
      points('Lima butir panjang', LONGEST),
      // Four and three bullets of two lines each under a two-line title.
      points(TWO_LINE_TITLE, LONGEST.slice(0, 4)),
      points(TWO_LINE_TITLE, LONGEST.slice(0, 3)),
      // Columns of three bullets taking three lines more than their number, under two-line headings: 32 px.
      columns('Dua kolom', ['Kepentingan-kepentingan ekonomi negara-negara anggota', ['Minyak dan gas alam Laut Kaspia', 'Pipa-pipa penyalur minyak dan gas', 'Investasi di negara-negara Asia Tengah']], ['Kepentingan politik dan keamanan kawasan', ['Terorisme, separatisme, dan ekstremisme', 'Stabilitas kawasan', 'Keutuhan wilayah']]),
      // Columns of four bullets, or of long ones: 28 px.
      columns('Dua kolom', ['Ekonomi', ['Laut Kaspia', 'Minyak bumi', 'Gas alam', 'Pipa penyalur']], ['Keamanan', ['Separatisme', 'Terorisme', 'Ekstremisme', 'Perbatasan']]),
      columns('Dua kolom', ['Ekonomi', LONGEST.slice(0, 3).map((b) => b.split(' ').slice(0, 9).join(' '))], ['Keamanan', ['Stabilitas kawasan']]),
    ]);
    const { overflowing, blocks } = await measure(markdown, theme);
    expect(overflowing).toEqual([]);
    expect(blocks.map((b) => b.size)).toEqual([32, 30, 34, 37, 32, 28, 28]);
  });

  it('a list or two columns too long for the slide still run out at the bottom, where the overflow check sees them', async () => {
    const p = prepare(join(ROOT, 'tests/fixtures/overflow/overflow.md'), { root: ROOT });
    const overflow = await browser.withPage((page) => measureOverflow(page, renderWithTheme(marpFor(p.themes), p.deck.markdown), 'id'));
    // Slide 1: eleven bullets; slide 2: nine a column (before, the columns' box stopped at the slide's edge and hid it).
    expect(overflow.slice(0, 2).map((m) => m.bottom > 20)).toEqual([true, true]);
    expect(overflow[0]!.ratio).toBeGreaterThan(1);
  });
});

/** Screenshot of a box of the page, decoded by the browser: for each pixel column, whether it differs from `background`. */
async function inkColumns(page: Page, box: { x: number; y: number; width: number; height: number }, background: string): Promise<boolean[]> {
  const png = await page.screenshot({ clip: box, encoding: 'base64' });
  return page.evaluate(
    async (data: string, bg: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [img.width, img.height];
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number) as [number, number, number];
      const { data: px } = ctx.getImageData(0, 0, img.width, img.height);
      return Array.from({ length: img.width }, (_, x) =>
        Array.from({ length: img.height }, (_, y) => (y * img.width + x) * 4).some((i) => Math.abs(px[i]! - r) + Math.abs(px[i + 1]! - g) + Math.abs(px[i + 2]! - b) > 60),
      );
    },
    png as string,
    background,
  );
}

describe('right-to-left bullets keep their marker beside their text (issue 14, second review)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it.each(THEMES)('a Hebrew or Arabic bullet has its marker on its right, next to its first word; a Latin one on its left (%s)', async (theme) => {
    const markdown = markdownOf([points('Aksara', ['שלום עולם, זה משפט בעברית', 'مرحبا بالعالم، هذه جملة عربية', 'Kerja sama keamanan di kawasan'])]);
    const items = await browser.withPage(async (page) => {
      await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown, theme), 'id', 't'));
      // The text drawn in the background colour: what is left on the first line is the marker.
      const boxes = await page.evaluate((selector) => {
        const section = document.querySelector(selector)!;
        const background = getComputedStyle(section).backgroundColor;
        const style = document.createElement('style');
        style.textContent = `section li { color: ${background} !important; }`;
        document.head.append(style);
        return [...section.querySelectorAll('li')].map((li) => {
          const range = document.createRange();
          range.selectNodeContents(li);
          const text = range.getClientRects()[0]!;
          return { background, text: { left: text.left, right: text.right }, line: { x: 0, y: text.top + window.scrollY, width: 1280, height: text.height } };
        });
      }, SECTIONS);
      const out = [];
      for (const b of boxes) {
        const ink = await inkColumns(page, b.line, b.background);
        const marker = { left: ink.indexOf(true), right: ink.lastIndexOf(true) + 1 };
        out.push({ text: b.text, marker });
      }
      return out;
    });
    const [hebrew, arabic, latin] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
    for (const rtl of [hebrew, arabic]) {
      expect(rtl.marker.left, JSON.stringify(rtl)).toBeGreaterThanOrEqual(rtl.text.right);
      expect(rtl.marker.left - rtl.text.right, JSON.stringify(rtl)).toBeLessThanOrEqual(30);
      expect(rtl.marker.right, 'on the slide').toBeLessThanOrEqual(1280 - 40);
    }
    expect(latin.marker.right).toBeLessThanOrEqual(latin.text.left);
    expect(latin.text.left - latin.marker.right).toBeLessThanOrEqual(30);
    expect(latin.marker.left, 'the grid\'s left edge').toBeGreaterThanOrEqual(88);
  });
});
