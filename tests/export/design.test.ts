import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { renderWithTheme, slidesDocument } from '../../scripts/export/slides.ts';
import { prepare } from '../../scripts/prepare.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { ROOT } from '../helpers.ts';

/** WCAG contrast ratio of two CSS `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Issue 14 (first parts), measured in the browser.
describe('design: emphasis and captions', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());
  const deck = prepare(join(ROOT, 'tests', 'fixtures', 'standard-marp', 'standard-marp.md'), { root: ROOT });
  const kesimpulan = prepare(join(ROOT, 'slides', 'kesimpulan.md'), { root: ROOT });

  it.each(['paparan', 'paparan-dark', 'paparan-print'])('bold text differs from body text in colour, not only in weight (%s)', async (theme) => {
    const render = renderWithTheme(marpFor(kesimpulan.themes), kesimpulan.deck.markdown, theme);
    const colours = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(render, 'id', 't'));
      return page.evaluate(() => {
        const strong = document.querySelector('section.layout-points li strong')!;
        return { strong: getComputedStyle(strong).color, text: getComputedStyle(strong.parentElement!).color };
      });
    });
    // Told apart at a glance: at least 1.5:1 between the two colours (the old accent on body text was 1.2:1).
    expect(contrast(colours.strong, colours.text), `${colours.strong} on ${colours.text}`).toBeGreaterThanOrEqual(1.5);
  });

  it('an image slide sets its credit on a line of its own, under the caption', async () => {
    const render = renderWithTheme(marpFor(deck.themes), deck.deck.markdown);
    const boxes = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(render, 'id', 't'));
      return page.evaluate(() => {
        const credit = document.querySelector('section.layout-image .caption .credit')!;
        const range = document.createRange();
        range.selectNodeContents(credit.parentElement!.firstChild!);
        return { captionBottom: range.getBoundingClientRect().bottom, creditTop: credit.getBoundingClientRect().top };
      });
    });
    expect(boxes.creditTop).toBeGreaterThanOrEqual(boxes.captionBottom - 1);
  });

  it('a title wraps into lines of even length: no word left alone (slide 1 of the conclusion deck)', async () => {
    const render = renderWithTheme(marpFor(kesimpulan.themes), kesimpulan.deck.markdown);
    const widths = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(render, 'id', 't'));
      return page.evaluate(() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('section.layout-title h1')!);
        const lines = new Map<number, number>();
        for (const rect of range.getClientRects()) lines.set(Math.round(rect.top), Math.max(lines.get(Math.round(rect.top)) ?? 0, rect.right) - 0);
        const left = document.querySelector('section.layout-title h1')!.getBoundingClientRect().left;
        return [...lines.values()].map((right) => right - left);
      });
    });
    expect(widths.length).toBeGreaterThan(1);
    expect(Math.min(...widths) / Math.max(...widths)).toBeGreaterThan(0.6);
  });

  it('the contact sheet is drawn at twice the pixels, so its text can be read', async () => {
    const { overviewPng } = await import('../../scripts/export/overview.ts');
    const png = Buffer.from(await browser.withPage((page) => overviewPng(page, renderWithTheme(marpFor(kesimpulan.themes), kesimpulan.deck.markdown))));
    expect(png.readUInt32BE(16)).toBe(2 * (4 * 300 + 5 * 16));
  });

  it('one grid: every layout starts its text at the same left edge', async () => {
    const render = renderWithTheme(marpFor(kesimpulan.themes), kesimpulan.deck.markdown);
    const edges = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(render, 'id', 't'));
      return page.evaluate(() =>
        [...document.querySelectorAll('div.marpit > svg > foreignObject > section')].map((section) => {
          const first = section.querySelector('h1, blockquote, ol, ul')!;
          return `${section.className.split(' ')[0]} ${Math.round(first.getBoundingClientRect().left - section.getBoundingClientRect().left)}`;
        }),
      );
    });
    expect(new Set(edges.map((e) => e.split(' ')[1])), edges.join(', ')).toEqual(new Set(['88']));
  });

  it('a raster image is never drawn larger than its own pixels; a drawing fills its box', async () => {
    const render = renderWithTheme(marpFor(deck.themes), deck.deck.markdown);
    const images = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(render, 'id', 't'));
      return page.evaluate(() =>
        [...document.querySelectorAll('section.layout-image p > img')].map((img) => ({ svg: img.getAttribute('src')!.startsWith('data:image/svg'), drawn: img.getBoundingClientRect().width, natural: (img as HTMLImageElement).naturalWidth })),
      );
    });
    expect(images.filter((i) => !i.svg).length).toBeGreaterThan(0);
    for (const image of images.filter((i) => !i.svg)) expect(image.drawn).toBeLessThanOrEqual(image.natural + 0.5);
    for (const image of images.filter((i) => i.svg)) expect(image.drawn).toBeGreaterThan(400);
  });

  it('a short list uses the room: 3 bullets at 37 px, 4 at 34 px, 5 short ones at 32 px, more at the body size; nothing overflows', async () => {
    const { outlineFrom, templates } = await import('../helpers.ts');
    const { renderDeck } = await import('../../scripts/render/deck.ts');
    const slide = (n: number) => `  - layout: points\n    title: "Poin"\n    notes: "n"\n    points: [${Array.from({ length: n }, (_, i) => `"Butir ${i + 1} tentang kepentingan Rusia di Asia Tengah"`).join(', ')}]`;
    const { outline } = outlineFrom(`---\ntitle: "Uji"\nslides:\n${[3, 4, 5, 6].map(slide).join('\n')}\n---\n`);
    const render = renderWithTheme(marpFor(kesimpulan.themes), renderDeck(outline, templates()).markdown);
    const { measureOverflow } = await import('../../scripts/export/overflow.ts');
    const result = await browser.withPage(async (page) => {
      const measured = await measureOverflow(page, render, 'id');
      const sizes = await page.evaluate(() => [...document.querySelectorAll('section.layout-points > ul')].map((ul) => getComputedStyle(ul).fontSize));
      return { sizes, overflowing: measured.filter((m) => m.bottom > 0 || m.right > 0).length };
    });
    expect(result).toEqual({ sizes: ['37px', '34px', '32px', '30px'], overflowing: 0 });
  });
});

// Issue 14, second design review: what the rendered slides showed, measured in the browser.
describe('design: second review', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());
  const THEMES = ['paparan', 'paparan-dark', 'paparan-print'];

  const inPage = async <T>(markdown: string, theme: string, measure: () => T) =>
    browser.withPage(async (page) => {
      await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
      const { marp } = await themed();
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown, theme), 'id', 't'));
      return page.evaluate(measure);
    });
  const themed = async () => {
    const { loadThemes } = await import('../../scripts/themes.ts');
    return { marp: marpFor(loadThemes(join(ROOT, 'themes'))) };
  };
  const deckOf = async (slides: string, extra = '') => {
    const { deckSource, outlineFrom, templates } = await import('../helpers.ts');
    const { renderDeck } = await import('../../scripts/render/deck.ts');
    return renderDeck(outlineFrom(deckSource(slides, extra)).outline, templates()).markdown;
  };

  it.each(THEMES)('a section slide starts its text at the grid\'s 88 px, a bar on its left or not (%s)', async (theme) => {
    const markdown = await deckOf('  - layout: section\n    title: "Kepentingan Rusia"\n    subtitle: "Mengapa Rusia berperan aktif dalam SCO"\n    backup: true\n  - layout: section\n    title: "Penutup"');
    const edges = await inPage(markdown, theme, () =>
      [...document.querySelectorAll('div.marpit > svg > foreignObject > section.layout-section')].flatMap((section) => {
        const left = section.getBoundingClientRect().left;
        return [...section.querySelectorAll('h1, p, header')].map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          // The text's own left edge (the header: its tag's frame).
          return Math.round((el.tagName === 'HEADER' ? el.getBoundingClientRect().left : range.getBoundingClientRect().left) - left);
        });
      }),
    );
    expect(edges.length).toBe(4);
    expect(new Set(edges)).toEqual(new Set([88]));
  });

  it.each(THEMES)('an image caption keeps a readable measure (at most ~80 characters a line) and stays clear of the footer (%s)', async (theme) => {
    const caption = 'Jalur pipa minyak dan gas alam yang menghubungkan negara-negara Asia Tengah dengan pasar Eropa dan Tiongkok, dikelompokkan menurut wilayah dan tahun pembangunannya, termasuk rencana-rencana yang belum terwujud';
    const svg = join(ROOT, 'tests', 'fixtures', 'standard-marp');
    const { readdirSync } = await import('node:fs');
    const image = readdirSync(svg, { recursive: true }).map(String).find((f) => f.endsWith('.svg'))!;
    const markdown = await deckOf(
      `  - layout: image\n    title: "Jalur pipa"\n    src: ${JSON.stringify(join(svg, image))}\n    alt: "Peta"\n    caption: ${JSON.stringify(caption)}\n    credit: "Sumber: diolah dari data Energy Information Administration (2013)"`,
    );
    const m = await inPage(markdown, theme, () => {
      const section = document.querySelector('section.layout-image')!;
      const walker = document.createTreeWalker(section.querySelector('.caption p')!, NodeFilter.SHOW_TEXT);
      const lines = new Map<number, number>();
      const range = document.createRange();
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if (text.parentElement!.closest('.credit')) continue;
        for (let i = 0; i < text.textContent!.length; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          lines.set(top, (lines.get(top) ?? 0) + 1);
        }
      }
      return { perLine: [...lines.values()], bottom: section.querySelector('.caption')!.getBoundingClientRect().bottom, footer: section.querySelector('footer')!.getBoundingClientRect().top };
    });
    expect(m.perLine.length).toBeGreaterThan(2);
    expect(Math.max(...m.perLine), m.perLine.join(' ')).toBeLessThanOrEqual(80);
    expect(Math.max(...m.perLine)).toBeGreaterThanOrEqual(55);
    expect(m.bottom).toBeLessThanOrEqual(m.footer - 8);
  });

  it.each(THEMES)('footer and page number at 20 px above the progress bar; the backup tag 32 px or more from the top, clear of the title (%s)', async (theme) => {
    const markdown = await deckOf('  - layout: points\n    title: "Poin"\n    points: ["Satu"]\n  - layout: points\n    title: "Cadangan"\n    backup: true\n    points: ["Dua"]\n  - layout: closing');
    const m = await inPage(markdown, theme, () => {
      const [main, backup] = [...document.querySelectorAll('div.marpit > svg > foreignObject > section')].filter((s) => s.className.includes('layout-points'));
      const top = main!.getBoundingClientRect().top;
      const footer = main!.querySelector('footer')!;
      const number = getComputedStyle(main!, '::after');
      const tag = backup!.querySelector('header')!.getBoundingClientRect();
      const b = backup!.getBoundingClientRect().top;
      return {
        footer: parseFloat(getComputedStyle(footer).fontSize),
        footerBottom: footer.getBoundingClientRect().bottom - top,
        number: parseFloat(number.fontSize),
        numberBottom: 720 - parseFloat(number.bottom),
        bar: parseFloat(getComputedStyle(main!).backgroundSize.split(' ')[1]!),
        tagTop: tag.top - b,
        tagBottom: tag.bottom - b,
        titleTop: backup!.querySelector('h1')!.getBoundingClientRect().top - b,
      };
    });
    expect([m.footer, m.number]).toEqual([20, 20]);
    expect(m.footerBottom).toBeLessThanOrEqual(720 - m.bar - 12);
    expect(m.numberBottom).toBeLessThanOrEqual(720 - m.bar - 12);
    expect(m.tagTop).toBeGreaterThanOrEqual(32);
    expect(m.tagBottom).toBeLessThanOrEqual(m.titleTop);
  });

  it('the dark theme\'s emphasis stands 2.5:1 apart from its body text, both at AA on the background', async () => {
    const markdown = await deckOf('  - layout: points\n    title: "Poin"\n    points: ["Laut Kaspia kaya **minyak** dan gas alam"]');
    const c = await inPage(markdown, 'paparan-dark', () => {
      const strong = document.querySelector('section.layout-points li strong')!;
      return { strong: getComputedStyle(strong).color, text: getComputedStyle(strong.parentElement!).color, background: getComputedStyle(strong.closest('section')!).backgroundColor };
    });
    expect(contrast(c.strong, c.text), `${c.strong} on ${c.text}`).toBeGreaterThanOrEqual(2.5);
    expect(contrast(c.strong, c.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.text, c.background)).toBeGreaterThanOrEqual(4.5);
  });
});
