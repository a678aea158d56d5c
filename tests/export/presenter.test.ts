import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/export/browser.ts';
import { markdownToHtml } from './html-helpers.ts';
import { NOTES_MARK } from '../../scripts/render/engine.mjs';
import { loadThemes } from '../../scripts/themes.ts';
import { ROOT, tempDir } from '../helpers.ts';

const puppeteer = (createRequire(import.meta.url)('puppeteer-core') as typeof import('puppeteer-core')).default;
const themes = loadThemes(join(ROOT, 'themes'));

const deck = (lang: string) => `---
marp: true
theme: paparan
lang: ${lang}
---

# Satu

<!--
${NOTES_MARK}
Munculnya SCO membuat awal yang baru di Asia Tengah. Sebagai
organisasi regional, SCO berperan penting bagi negara-negara.

- poin pertama
- poin kedua
-->

---

# Dua
`;

// Issue 14: the presenter view showed the outline's hard line breaks, in a system font, with English labels.
describe('presenter view', () => {
  let viewer: Browser;
  beforeAll(async () => {
    viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(() => viewer?.close());

  async function open(lang: string) {
    const file = join(tempDir(), 'deck.html');
    writeFileSync(file, await markdownToHtml(deck(lang), themes));
    const page = await viewer.newPage();
    try {
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`file://${file}?view=presenter`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      return await page.evaluate(() => {
        const note = document.querySelector('.bespoke-marp-note.active')!;
        const paragraph = note.querySelector('p')!;
        return {
          text: paragraph.textContent,
          whole: [...paragraph.querySelectorAll('.nobr')].map((span) => [span.textContent, getComputedStyle(span).whiteSpace]),
          font: getComputedStyle(note).fontFamily,
          fontLoaded: document.fonts.check('16px "Source Sans 3"'),
          prev: document.querySelector('.bespoke-marp-presenter-info-page-prev')!.getAttribute('title'),
          timerShown: getComputedStyle(document.querySelector('.bespoke-marp-presenter-info-timer')!).display !== 'none',
        };
      });
    } finally {
      await page.close();
    }
  }

  it('reflows notes, sets them in the theme font and labels the view in the deck language', async () => {
    const id = await open('id');
    expect(id.text).toBe('Munculnya SCO membuat awal yang baru di Asia Tengah. Sebagai organisasi regional, SCO berperan penting bagi negara-negara.\n\n- poin pertama\n- poin kedua');
    expect(id.whole).toEqual([['negara-negara', 'nowrap']]);
    expect(id.font).toMatch(/^"?Source Sans 3"?/);
    expect(id.fontLoaded).toBe(true);
    expect(id.prev).toBe('Sebelumnya');
    // Marp's count-up timer gives way to the pace panel (tests/export/pace.test.ts) when the deck has pace data.
    expect(id.timerShown).toBe(true);
    const en = await open('en');
    expect(en.prev).toBe('Previous');
  });
});
