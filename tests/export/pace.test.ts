import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/export/browser.ts';
import { markdownToHtml } from './html-helpers.ts';
import { paceData, type PaceData } from '../../scripts/export/presenter.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { ROOT, tempDir } from '../helpers.ts';

const require = createRequire(import.meta.url);
const puppeteer = (require('puppeteer-core') as typeof import('puppeteer-core')).default;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const themes = loadThemes(join(ROOT, 'themes'));

const MARKDOWN = `---
marp: true
theme: paparan
lang: id
paginate: true
footer: Kesimpulan SCO dan kepentingan Rusia di Asia Tengah · Penulis Skripsi dengan nama yang panjang sekali
---

# Pembuka

---

# Isi

---

# Penutup

---

# Data cadangan
`;

const pace = (overrides: Partial<PaceData> = {}): PaceData => ({
  ...paceData({
    lang: 'id',
    duration: 1,
    slides: [
      { id: 'pembuka', title: 'Pembuka', budget: 10, backup: false },
      { id: 'isi', title: 'Isi', budget: 40, backup: false },
      { id: 'penutup', title: 'Penutup', budget: 10, backup: false },
      { id: 'data', title: 'Data cadangan', budget: 30, backup: true },
    ],
    rehearsals: [],
    rehearsalFile: 'slides/uji.rehearsal.json',
  }),
  ...overrides,
});

// Issue 15: the presenter view paces the talk from each slide's budget.
describe('presenter view: pace', () => {
  let viewer: Browser;
  let file: string;
  beforeAll(async () => {
    viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    file = join(tempDir(), 'deck.html');
    writeFileSync(file, await markdownToHtml(MARKDOWN, themes, pace()));
  });
  afterAll(() => viewer?.close());

  /** Opens the presenter view with the shared timer started `secondsAgo` ago on slide `slide` (1-based). */
  async function presenter(secondsAgo: number | undefined, slide = 1): Promise<Page> {
    const page = await viewer.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const key = `paparan-pace:${pace().key}`;
    await page.evaluateOnNewDocument(
      (storageKey, ago) => {
        // Seeded once per tab: a reload must find what the page itself kept.
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        if (ago === null) localStorage.removeItem(storageKey);
        else localStorage.setItem(storageKey, JSON.stringify({ startedAt: Date.now() - ago * 1000, elapsedBefore: 0, visits: [{ slide: 0, at: 0 }] }));
      },
      key,
      secondsAgo ?? null,
    );
    await page.goto(`file://${file}?view=presenter#${slide}`, { waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');
    return page;
  }

  const panel = (page: Page) =>
    page.evaluate(() => {
      const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? '';
      return {
        status: text('.paparan-pace-status'),
        tone: (document.querySelector('.paparan-pace') as HTMLElement).dataset.tone,
        left: text('.paparan-pace-left'),
        elapsed: text('.paparan-pace-elapsed strong'),
        slide: text('.paparan-pace-slide strong'),
        toggle: text('[data-action=toggle]'),
        pressed: document.querySelector('[data-action=toggle]')!.getAttribute('aria-pressed'),
        active: [...document.querySelectorAll('.bespoke-marp-parent > .bespoke-marp-slide')].findIndex((s) => s.classList.contains('bespoke-marp-active')),
      };
    });

  it('opens with `p` from the audience window, with the pace panel', async () => {
    const page = await viewer.newPage();
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const opened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.keyboard.press('p');
    const popup = (await opened)!;
    await popup.waitForSelector('.paparan-pace');
    expect(await popup.$eval('.paparan-pace-status', (e) => e.textContent)).toBe('Tekan Mulai saat bicara dimulai');
    await popup.close();
    await page.close();
  });

  it.each([[1280, 720], [1920, 1080], [1366, 768], [1024, 768]])('keeps the on-screen controls clear of the footer at %ix%i, counting main slides only', async (width, height) => {
    const page = await viewer.newPage();
    await page.setViewport({ width, height });
    await page.goto(`file://${file}#2`, { waitUntil: 'load' });
    await page.mouse.move(width / 2, height / 2);
    await page.mouse.move(width / 2 + 5, height / 2 + 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const layout = await page.evaluate(() => {
      const controls = document.querySelector('.bespoke-marp-osc')!.getBoundingClientRect();
      const slide = document.querySelector('.bespoke-marp-slide.bespoke-marp-active')!;
      const footer = slide.querySelector('footer')!.getBoundingClientRect();
      return { controlsBottom: controls.bottom, footerTop: footer.top, slideBottom: slide.getBoundingClientRect().bottom, label: document.querySelector('[data-bespoke-marp-osc=page]')!.textContent };
    });
    expect(layout.controlsBottom).toBeLessThan(layout.footerTop);
    expect(layout.label).toBe('Halaman 2 / 3');
    await page.goto(`file://${file}#4`, { waitUntil: 'load' });
    expect(await page.$eval('[data-bespoke-marp-osc=page]', (e) => e.textContent)).toBe('Halaman Cadangan 1');
    await page.close();
  });

  it('before the start: a prompt, the whole slot left, and Start', async () => {
    const page = await presenter(undefined);
    const state = await panel(page);
    expect(state.status).toBe('Tekan Mulai saat bicara dimulai');
    expect(state.left).toBe('Sisa 1:00');
    expect(state.toggle).toBe('Mulai');
    expect(state.pressed).toBe('false');
    await page.close();
  });

  it('says how far behind the plan the talk is, in a calm colour, and signals the end of the slot', async () => {
    // 100 s into the talk, still on the first slide (budget 10 s): 90 s behind; the 60 s slot is over.
    const page = await presenter(100);
    const state = await panel(page);
    expect(state.status).toMatch(/^Terlambat 1:(29|30|31)$/);
    expect(state.left).toMatch(/^Lewat waktu −0:(39|40|41)$/);
    expect(state.tone).toBe('over');
    expect(state.elapsed).toMatch(/^1:(40|41)$/);
    await page.close();
  });

  it('says how far ahead, from the planned start of the slide reached', async () => {
    // 2 s in, already on the third slide, planned to start at 50 s: about 48 s ahead.
    const page = await presenter(2, 3);
    const state = await panel(page);
    expect(state.active).toBe(2);
    expect(state.status).toMatch(/^Lebih cepat 0:4[6-9]$/);
    expect(state.tone).toBe('ahead');
    expect(state.slide).toMatch(/^0:0\d \/ 0:10$/);
    await page.close();
  });

  it('keeps the timer across a reload (dev mode reloads on every save)', async () => {
    const page = await presenter(100);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');
    expect((await panel(page)).elapsed).toMatch(/^1:4\d$/);
    await page.close();
  });

  it('works from the keyboard: Tab to Start, Enter starts, Space pauses, and neither turns the slide', async () => {
    const page = await presenter(undefined);
    await page.focus('[data-action=toggle]');
    await page.keyboard.press('Enter');
    let state = await panel(page);
    expect(state.pressed).toBe('true');
    expect(state.toggle).toBe('Jeda');
    await page.keyboard.press('Space');
    state = await panel(page);
    expect(state.pressed).toBe('false');
    expect(state.toggle).toBe('Lanjutkan');
    expect(state.active).toBe(0);
    await page.close();
  });

  it('lists backup slides, reachable with one press, outside the plan', async () => {
    const page = await presenter(5);
    const backups = await page.$$eval('.paparan-backups button', (buttons) => buttons.map((b) => b.textContent));
    expect(backups).toEqual(['4. Data cadangan']);
    await page.click('.paparan-backups button');
    await page.waitForFunction(() => document.querySelectorAll('.bespoke-marp-parent > .bespoke-marp-slide')[3]?.classList.contains('bespoke-marp-active'));
    const state = await panel(page);
    expect(state.status).toBe('Cadangan');
    expect(state.slide).toBe('Cadangan');
    expect(await page.$eval('.bespoke-marp-presenter-info-page', (e) => e.textContent)).toBe('Cadangan 1');
    await page.close();
  });

  it('shows planned against spoken per slide at the end of a rehearsal', async () => {
    const page = await presenter(30);
    await page.click('[data-action=finish]');
    const report = await page.$$eval('.paparan-pace-report tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    // The timer ran 30 s on the first slide; backup slides not visited are left out.
    expect(report).toHaveLength(3);
    expect(report[0]!.slice(0, 3)).toEqual(['1', 'Pembuka', '0:10']);
    expect(report[0]![3]).toMatch(/^0:3\d$/);
    expect(await page.$eval('.paparan-pace-report tfoot', (f) => f.textContent)).toMatch(/Total1:00/);
    await page.close();
  });

  it('passes axe-core in the presenter view and in the report', async () => {
    const page = await presenter(30);
    await page.evaluate(AXE);
    const run = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (c: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run({ include: [['.paparan-pace'], ['.paparan-backups'], ['.paparan-pace-report']].filter(([s]) => document.querySelector(s!)) });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    expect(await run()).toEqual([]);
    await page.click('[data-action=finish]');
    expect(await run()).toEqual([]);
    await page.close();
  });
});
