import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { measureOverflow } from '../../scripts/export/overflow.ts';
import { renderWithTheme, slidesDocument } from '../../scripts/export/slides.ts';
import { MessageList } from '../../scripts/messages.ts';
import { ImageStore } from '../../scripts/outline/images.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { readTitleFields } from '../../scripts/outline/settings.ts';
import type { Outline } from '../../scripts/outline/types.ts';
import { outlineSlideAt, renderDeck } from '../../scripts/render/deck.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { HOSTILE, slideTexts } from '../deck-helpers.ts';
import { deckSource, outlineFrom, ROOT, tempDir, templates } from '../helpers.ts';

// Issue 14 (slides: layouts), measured in the browser.

const THEMES = ['paparan', 'paparan-dark', 'paparan-print'];
const marp = marpFor(loadThemes(join(ROOT, 'themes')));

/** Relative luminance (WCAG) of a CSS `rgb(r, g, b)` colour. */
function luminance(css: string): number {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two CSS colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const SECTIONS = 'div.marpit > svg > foreignObject > section';

describe('design: layouts (issue 14)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  /** Loads `markdown` in `theme` and runs `measure` in the page. */
  const inPage = <T>(markdown: string, theme: string | undefined, measure: () => T) =>
    browser.withPage(async (page) => {
      await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown, theme), 'id', 't'));
      return page.evaluate(measure);
    });

  it.each(THEMES)('two-column: a heading that wraps keeps both columns\' rules and bullets on one line (%s)', async (theme) => {
    const { outline } = outlineFrom(
      deckSource(`  - layout: two-column
    title: "Pendirian dan tujuan SCO"
    left:
      heading: "Pendiri dan anggota yang menandatangani piagam pendirian organisasi"
      points: ["Didirikan atas inisiatif Rusia dan RRT", "Anggota: Kazakhstan, Tajikistan, Uzbekistan, dan Kyrgyzstan"]
    right:
      heading: "Tujuan"
      points: ["Menghindari gangguan kekerasan di kawasan", "Terorisme, separatisme, dan ekstremisme"]`),
    );
    const boxes = await inPage(renderDeck(outline, templates()).markdown, theme, () =>
      [...document.querySelectorAll('section.layout-two-column .column')].map((column) => {
        const h2 = column.querySelector('h2')!.getBoundingClientRect();
        return { headingHeight: h2.height, rule: h2.bottom, bullet: column.querySelector('li')!.getBoundingClientRect().top };
      }),
    );
    const [left, right] = boxes as [(typeof boxes)[0], (typeof boxes)[0]];
    // The left heading does wrap (the case this is about), the right one does not.
    expect(left.headingHeight).toBeGreaterThan(1.6 * right.headingHeight);
    expect(Math.abs(left.rule - right.rule)).toBeLessThanOrEqual(1);
    expect(Math.abs(left.bullet - right.bullet)).toBeLessThanOrEqual(1);
  });

  const message25 = 'Munculnya SCO menandai awal baru di Asia Tengah sebagai organisasi regional berperan penting dalam integrasi kawasan dan kerja sama keamanan antaranggota yang memiliki kekhawatiran sama';
  const standoutDeck = () =>
    outlineFrom(
      deckSource(`  - layout: points
    title: "Poin"
    points: ["Satu", "Dua"]
  - layout: standout
    message: ${JSON.stringify(message25)}
    attribution: "Bab V, Kesimpulan"`),
    ).outline;

  it('standout: the message is the slide\'s heading and its title in bookmarks and the script', () => {
    expect(message25.split(' ')).toHaveLength(25);
    const deck = renderDeck(standoutDeck(), templates());
    expect(deck.slides[1]).toMatchObject({ layout: 'standout', title: message25 });
    expect(deck.markdown).toContain(`# ${message25}`);
  });

  it.each(THEMES)('standout: a 25-word message is large, centred, stands apart, reads at AA and fits (%s)', async (theme) => {
    const markdown = renderDeck(standoutDeck(), templates()).markdown;
    const render = renderWithTheme(marp, markdown, theme);
    const overflowing = await browser.withPage(async (page) => (await measureOverflow(page, render, 'id')).filter((m) => m.bottom > 0 || m.right > 0));
    expect(overflowing).toEqual([]);
    const m = await inPage(markdown, theme, () => {
      const [content, standout] = [...document.querySelectorAll('div.marpit > svg > foreignObject > section')] as [HTMLElement, HTMLElement];
      const h1 = standout.querySelector('h1')!;
      const range = document.createRange();
      range.selectNodeContents(h1);
      const text = range.getBoundingClientRect();
      const box = standout.getBoundingClientRect();
      const attribution = standout.querySelector('.attribution p')!;
      return {
        size: parseFloat(getComputedStyle(h1).fontSize),
        body: parseFloat(getComputedStyle(content).fontSize),
        leftGap: text.left - box.left,
        rightGap: box.right - text.right,
        topGap: text.top - box.top,
        bottomGap: box.bottom - attribution.getBoundingClientRect().bottom,
        colour: getComputedStyle(h1).color,
        attribution: getComputedStyle(attribution).color,
        background: getComputedStyle(standout).backgroundColor,
        contentBackground: getComputedStyle(content).backgroundColor,
        frame: getComputedStyle(standout).boxShadow,
      };
    });
    expect(m.size).toBeGreaterThanOrEqual(1.5 * m.body);
    expect(Math.abs(m.leftGap - m.rightGap), 'centred across').toBeLessThanOrEqual(24);
    expect(Math.abs(m.topGap - m.bottomGap), 'centred down').toBeLessThanOrEqual(120);
    expect(contrast(m.colour, m.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(m.attribution, m.background)).toBeGreaterThanOrEqual(4.5);
    // Stands apart from a content slide: a block of colour on screen, a frame on paper.
    if (theme === 'paparan-print') expect(m.frame).not.toBe('none');
    else expect(contrast(m.background, m.contentBackground)).toBeGreaterThanOrEqual(1.5);
  });

  it.each(['paparan', 'paparan-dark'])('section slides stand apart from content slides, at AA contrast (%s)', async (theme) => {
    const { outline } = outlineFrom(deckSource('  - layout: section\n    title: "SCO di Asia Tengah"\n    subtitle: "Awal baru"\n  - layout: points\n    title: "Poin"\n    points: ["Satu"]'));
    const m = await inPage(renderDeck(outline, templates()).markdown, theme, () =>
      [...document.querySelectorAll('div.marpit > svg > foreignObject > section')].map((s) => ({
        background: getComputedStyle(s).backgroundColor,
        title: getComputedStyle(s.querySelector('h1')!).color,
        text: getComputedStyle(s.querySelector('p, li')!).color,
      })),
    );
    const [section, content] = m as [(typeof m)[0], (typeof m)[0]];
    expect(contrast(section.background, content.background)).toBeGreaterThanOrEqual(1.5);
    expect(contrast(section.title, section.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(section.text, section.background)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('backup slides (issue 14)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  /** A deck whose slides 2 and 4 (of 6) are backups; `backup` is set as validation will set it from `backup: true`. */
  const backupDeck = (): Outline => {
    const { outline } = outlineFrom(
      deckSource(`  - layout: title
  - layout: points
    title: "Cadangan A"
    points: ["a"]
  - layout: points
    title: "Utama"
    points: ["b"]
  - layout: section
    title: "Cadangan B"
  - layout: standout
    message: "Pesan"
  - layout: closing`),
    );
    return { ...outline, slides: outline.slides.map((s) => (s.index === 1 || s.index === 3 ? { ...s, backup: true } : s)) };
  };

  it('come after the closing slide, in their order, marked for timing and the presenter view', () => {
    const deck = renderDeck(backupDeck(), templates());
    expect(deck.slides.map((s) => [s.title, s.backup ?? false])).toEqual([
      ['Uji', false],
      ['Utama', false],
      ['Pesan', false],
      ['Terima kasih', false],
      ['Cadangan A', true],
      ['Cadangan B', true],
    ]);
  });

  it('have no page number and are out of the total; progress runs 0 → 100 % over the main slides only; each says "Cadangan"', async () => {
    const markdown = renderDeck(backupDeck(), templates()).markdown;
    const slides = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown), 'id', 't'));
      return page.evaluate((selector) =>
        [...document.querySelectorAll(selector)].map((s) => ({
          page: s.getAttribute('data-marpit-pagination'),
          total: s.getAttribute('data-marpit-pagination-total'),
          pageShown: getComputedStyle(s, '::after').display !== 'none' && getComputedStyle(s, '::after').content !== 'none',
          progress: /(\d+(?:\.\d+)?)%/.exec(getComputedStyle(s).backgroundImage)?.[1] ?? null,
          header: s.querySelector('header')?.textContent?.trim() ?? '',
          headerVisible: (s.querySelector('header')?.getBoundingClientRect().height ?? 0) > 0,
        })),
      SECTIONS);
    });
    // (The title slide has no bar of its own.)
    expect(slides.map((s) => s.progress)).toEqual([null, '50', '75', '100', null, null]);
    // The main slides' total counts the four main slides; the one main slide that shows its number shows "2 / 4".
    expect(slides[1]).toMatchObject({ page: '2', total: '4', pageShown: true });
    for (const backup of slides.slice(4)) expect(backup).toMatchObject({ page: null, pageShown: false, header: 'Cadangan', headerVisible: true });
    for (const main of slides.slice(0, 4)) expect(main.header).toBe('');
  });

  it('come after the Markdown body\'s slides too; outlineSlideAt maps each rendered position back to its outline slide', () => {
    const outline = { ...backupDeck(), body: '# Mentah\n\n---\n\n# Kedua\n' };
    const deck = renderDeck(outline, templates());
    expect(deck.slides.map((s) => s.title)).toEqual(['Uji', 'Utama', 'Pesan', 'Terima kasih', 'Mentah', 'Kedua', 'Cadangan A', 'Cadangan B']);
    expect(deck.slides.map((_, i) => outlineSlideAt(outline, i)?.index ?? null)).toEqual([0, 2, 4, 5, null, null, 1, 3]);
    expect(marp.render(deck.markdown).comments).toHaveLength(8);
  });

  it('`backup: true` in the outline makes an appendix slide; anything but true or false is an error at its value', () => {
    const { outline } = outlineFrom(deckSource('  - layout: points\n    title: "Cadangan"\n    backup: true\n    points: ["a"]\n  - layout: closing'));
    expect(renderDeck(outline, templates()).slides.map((s) => [s.title, s.backup ?? false])).toEqual([['Terima kasih', false], ['Cadangan', true]]);
    let rules: string[] = [];
    try {
      outlineFrom(deckSource('  - layout: closing\n    backup: "ya"', 'rules: { notes-missing: off }\n'));
    } catch (error) {
      rules = (error as { messages: { rule: string; position: { line: number; column: number } }[] }).messages.map((m) => `${m.position.line}:${m.position.column} ${m.rule}`);
    }
    expect(rules).toEqual(['8:13 field-type']);
  });

  it('a backup section slide stays out of the agenda', () => {
    const outline = backupDeck();
    outline.slides.unshift({ ...outline.slides[0]!, layout: 'agenda', fields: {} });
    const deck = renderDeck(outline, templates());
    expect(deck.markdown).not.toMatch(/1\. Cadangan B/);
  });
});

describe('title slide fields for a thesis defence (issue 14)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());
  const project = tempDir('paparan-title-');
  mkdirSync(join(project, 'slides', 'img'), { recursive: true });
  writeFileSync(join(project, 'slides', 'img', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200"><circle cx="100" cy="100" r="90" fill="#1a3f7a"/></svg>');
  writeFileSync(join(project, 'slides', 'img', 'bukan.png'), 'this is not a PNG, only text with a .png name\n');

  const FIELDS = `studentId: "1706012345"
supervisors:
  - "Dr. Ahmad Fauzi, M.Si."
  - "Dra. Nur Aini, M.A."
faculty: "Fakultas Ilmu Sosial dan Ilmu Politik"
university: "Universitas Nusantara"
logo: img/logo.svg
`;

  /** The title fields as validation reads them (validate.ts calls readTitleFields), with the messages it gave. */
  const read = (fields: string) => {
    const file = join(project, 'slides', 'sidang.md');
    const loaded = loadOutline(deckSource('  - layout: title', fields), file);
    const messages = new MessageList('slides/sidang.md');
    const text = (_path: unknown, value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
    const title = readTitleFields(loaded.data, { text, at: (path) => loaded.positionOf(path), messages, images: new ImageStore(messages, join(project, 'slides'), project) });
    return { title, messages: messages.items };
  };

  const titleSlide = async (fields: string, lang = 'id') => {
    const { title, messages } = read(fields);
    expect(messages).toEqual([]);
    const { outline } = outlineFrom(deckSource('  - layout: title', `institution: "Program Studi Hubungan Internasional"\nlang: ${lang}\n`).replace('lang: id\n', ''));
    Object.assign(outline.deck, title);
    const markdown = renderDeck(outline, templates()).markdown;
    return browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(renderWithTheme(marp, markdown), lang, 't'));
      return page.evaluate(() => {
        const section = document.querySelector('section.layout-title')!;
        const logo = section.querySelector('.logo img') as HTMLImageElement | null;
        const h1 = section.querySelector('h1')!.getBoundingClientRect();
        return {
          text: (section as HTMLElement).innerText.replace(/\s+/g, ' '),
          labels: [...section.querySelectorAll('.label')].map((l) => l.textContent!.trim()),
          logo: logo && { loaded: logo.complete && logo.naturalWidth > 0, src: logo.src.slice(0, 26), alt: logo.alt, clear: logo.getBoundingClientRect().left >= h1.right || logo.getBoundingClientRect().bottom <= h1.top },
        };
      });
    });
  };

  it('shows every field given, with its label in the deck\'s language, and the logo embedded', async () => {
    const id = await titleSlide(FIELDS);
    expect(id.text).toContain('NIM 1706012345');
    expect(id.text).toContain('Pembimbing: Dr. Ahmad Fauzi, M.Si. · Dra. Nur Aini, M.A.');
    expect(id.text).toContain('Program Studi Hubungan Internasional · Fakultas Ilmu Sosial dan Ilmu Politik · Universitas Nusantara');
    expect(id.logo).toEqual({ loaded: true, src: 'data:image/svg+xml;base64,', alt: 'Logo Universitas Nusantara', clear: true });
    const en = await titleSlide(FIELDS.replace(/supervisors:\n.*\n.*\n/, 'supervisors: "Dr. Ahmad Fauzi"\n'), 'en');
    expect(en.labels).toEqual(['· Student ID', 'Supervisor:']);
  });

  it.each(THEMES)('with every field, a long title and subtitle, the title slide fits and the logo stays clear of the text (%s)', async (theme) => {
    const { title, messages } = read(FIELDS);
    expect(messages).toEqual([]);
    const { outline } = outlineFrom(
      deckSource('  - layout: title', 'subtitle: "Skripsi untuk memenuhi sebagian persyaratan memperoleh gelar Sarjana Ilmu Politik"\ninstitution: "Program Studi Hubungan Internasional"\ndate: "Jakarta, Juni 2026"\n').replace(
        'title: "Uji"',
        'title: "Kepentingan-kepentingan Rusia dalam Shanghai Cooperation Organization di Asia Tengah Pasca-Perang Dingin"',
      ),
    );
    Object.assign(outline.deck, title);
    const render = renderWithTheme(marp, renderDeck(outline, templates()).markdown, theme);
    const result = await browser.withPage(async (page) => {
      const [overflow] = await measureOverflow(page, render, 'id');
      const clear = await page.evaluate(() => {
        const logo = document.querySelector('section.layout-title .logo img')!.getBoundingClientRect();
        return [...document.querySelectorAll('section.layout-title > :not(.logo):not(footer):not(header)')].every((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom <= logo.top || r.top >= logo.bottom || r.right <= logo.left;
        });
      });
      return { bottom: overflow!.bottom, right: overflow!.right, clear };
    });
    expect(result).toEqual({ bottom: 0, right: 0, clear: true });
  });

  it('shows no label, separator or logo for fields not given', async () => {
    const none = await titleSlide('');
    expect(none.labels).toEqual([]);
    expect(none.logo).toBeNull();
    expect(none.text).not.toMatch(/NIM|Pembimbing|·/);
  });

  it('a logo that is not an image is an error at its position, as on an image slide', () => {
    const { title, messages } = read('logo: img/bukan.png\n');
    expect(title.logo).toBeUndefined();
    expect(messages).toHaveLength(1);
    const [m] = messages as [(typeof messages)[0]];
    // deckSource puts the extra fields on line 5, after `---`, title, author and lang.
    expect({ rule: m.rule, line: m.position.line, column: m.position.column, fatal: m.fatal }).toEqual({ rule: 'image-type', line: 5, column: 7, fatal: true });
    expect(m.message).toContain('img/bukan.png');
    expect(m.hint).toBeTruthy();
  });

  it('a missing logo is an error at its position; supervisors as a mapping is a type error', () => {
    const { messages } = read('logo: img/tidak-ada.png\nsupervisors: { satu: "A" }\n');
    expect(messages.map((m) => `${m.position.line}:${m.position.column} ${m.rule}`).sort()).toEqual(['5:7 image-missing', '6:14 field-type']);
  });
});

describe('right-to-left text and whole hyphenated words (issue 14)', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('a Hebrew or Arabic block runs right to left and aligns right; Latin beside it stays left', async () => {
    const { outline } = outlineFrom(
      `${deckSource('  - layout: points\n    title: "Poin"\n    points: ["مرحبا بكم في العرض", "Kerja sama keamanan"]')}\n# Bahasa\n\nשלום עולם, זוהי פסקה בעברית\n\nParagraf dalam bahasa Indonesia\n`,
    );
    const blocks = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(renderWithTheme(marp, renderDeck(outline, templates()).markdown), 'id', 't'));
      return page.evaluate(() =>
        [...document.querySelectorAll('section li, section p')]
          .filter((el) => /[\u0590-\u06FF]|Paragraf|Kerja/.test(el.textContent!) && !el.closest('footer'))
          .map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            const text = range.getBoundingClientRect();
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            const [left, right] = [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)];
            return { rtl: /[\u0590-\u06FF]/.test(el.textContent!), left: text.left - left, right: right - text.right };
          }),
      );
    });
    expect(blocks.filter((b) => b.rtl)).toHaveLength(2);
    expect(blocks.filter((b) => !b.rtl)).toHaveLength(2);
    for (const b of blocks.filter((x) => x.rtl)) expect(b.right, 'flush right').toBeLessThanOrEqual(1), expect(b.left).toBeGreaterThan(200);
    for (const b of blocks.filter((x) => !x.rtl)) expect(b.left, 'flush left').toBeLessThanOrEqual(1), expect(b.right).toBeGreaterThan(200);
  });

  it('a reduplicated word (negara-negara) is never broken at its hyphen', async () => {
    const { outline } = outlineFrom(
      deckSource(`  - layout: two-column
    title: "Kepentingan"
    left: { heading: "Rusia", points: ["Menjaga hubungan baik dengan negara-negara Asia Tengah dan kepentingan-kepentingan nasionalnya"] }
    right: { heading: "RRT", points: ["Kerja sama ekonomi"] }`),
    );
    const words = await browser.withPage(async (page) => {
      await loadPage(page, slidesDocument(renderWithTheme(marp, renderDeck(outline, templates()).markdown), 'id', 't'));
      return page.evaluate(() =>
        [...document.querySelectorAll('section li .nobr')].map((span) => ({ text: span.textContent, whiteSpace: getComputedStyle(span).whiteSpace, lines: new Set([...span.getClientRects()].map((r) => Math.round(r.top))).size })),
      );
    });
    expect(words.map((w) => w.text)).toEqual(['negara-negara', 'kepentingan-kepentingan']);
    for (const w of words) expect(w).toMatchObject({ whiteSpace: 'nowrap', lines: 1 });
  });
});

describe('new fields show outline text literally (issue 14)', () => {
  for (const text of HOSTILE) {
    it(`standout and the title fields show ${JSON.stringify(text)} as text`, () => {
      const t = JSON.stringify(text);
      const { outline } = outlineFrom(deckSource(`  - layout: title\n  - layout: standout\n    message: ${t}\n    attribution: ${t}`));
      Object.assign(outline.deck, { studentId: text, supervisors: [text, text], faculty: text, university: text });
      const deck = renderDeck(outline, templates());
      const { html } = marp.render(deck.markdown);
      const [title, standout] = slideTexts(html) as [string, string];
      expect(title.split(text).length - 1, title).toBeGreaterThanOrEqual(5);
      expect(standout.split(text).length - 1, standout).toBe(2);
      expect(deck.slides[1]!.title).toBe(text);
      expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<script|<[^>]*\son\w+=|javascript:/i);
    });
  }
});
