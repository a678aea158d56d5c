import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { dev, type DevServer } from '../../scripts/dev.ts';
import { findBrowser } from '../../scripts/export/browser.ts';
import { prepare } from '../../scripts/prepare.ts';
import { readRehearsals } from '../../scripts/rehearsal.ts';
import { pdfText, tempDir, tempProject } from '../helpers.ts';

const puppeteer = (createRequire(import.meta.url)('puppeteer-core') as typeof import('puppeteer-core')).default;

/**
 * A clock only the test moves: the page's Date.now stands still at the moment the page was first opened, plus what
 * `advance` added, and both survive the reloads dev mode makes (they live in sessionStorage). It used to run on with
 * the real clock as well, and a busy machine (dev mode rebuilding the handout beside the test) added a second to
 * a rehearsed slide now and then.
 */
function controlledClock() {
  const start = Number(sessionStorage.getItem('paparan-test-start') ?? Date.now());
  sessionStorage.setItem('paparan-test-start', String(start));
  let extra = Number(sessionStorage.getItem('paparan-test-clock') ?? 0);
  Date.now = () => start + extra;
  (window as unknown as { advanceClock: (ms: number) => void }).advanceClock = (ms: number) => {
    extra += ms;
    sessionStorage.setItem('paparan-test-clock', String(extra));
  };
}

const advance = async (page: Page, seconds: number) => {
  await page.evaluate((ms) => (window as unknown as { advanceClock: (ms: number) => void }).advanceClock(ms), seconds * 1000);
  // The panel redraws four times a second.
  await new Promise((resolve) => setTimeout(resolve, 300));
};

const panelText = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent?.trim() ?? '');

// Issue 15, end to end: rehearse twice with `paparan rehearse`, see where the talk runs long, present with a pace
// planned from the rehearsals.
describe('rehearsing a talk', () => {
  let viewer: Browser;
  let server: DevServer;
  let project: string;
  let titles: string[];
  beforeAll(async () => {
    project = tempProject();
    titles = prepare(join(project, 'slides', 'kesimpulan.md'), { root: project }).deck.slides.map((s) => s.title);
    viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    server = await dev({ outline: join(project, 'slides', 'kesimpulan.md'), root: project, outDir: tempDir(), port: 0 });
    await new Promise<void>((resolve) => server.events.addEventListener('html', () => resolve(), { once: true }));
  }, 120_000);
  afterAll(async () => {
    await viewer?.close();
    await server?.close();
  });

  /** One run through the first four slides with these seconds on each, then Finish and Save. */
  async function rehearse(page: Page, seconds: number[]) {
    await page.click('[data-action=reset]');
    await page.click('[data-action=toggle]');
    for (const [i, s] of seconds.entries()) {
      await advance(page, s);
      if (i < seconds.length - 1) {
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction((n) => document.querySelectorAll('.bespoke-marp-parent > .bespoke-marp-slide')[n]?.classList.contains('bespoke-marp-active'), {}, i + 1);
      }
    }
    await page.click('[data-action=finish]');
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 60_000 });
    await page.click('.paparan-pace-report [data-action=save]');
    await page.waitForFunction(() => /Tersimpan di/.test(document.querySelector('.paparan-pace-saved')?.textContent ?? ''));
    // Saving changed an input of the deck: dev mode rebuilds and the page reloads with the new plan.
    await reloaded;
    await page.waitForSelector('.paparan-pace');
  }

  it('saves two rehearsals, plans from them, and the script shows where the talk ran long', async () => {
    const page = await viewer.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.evaluateOnNewDocument(controlledClock);
    await page.goto(`${server.url}?view=presenter`, { waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');

    // Before any rehearsal the plan comes from the notes; the first slide's budget is its notes' time.
    const notesBudget = (await panelText(page, '.paparan-pace-slide strong')).split(' / ')[1];

    await rehearse(page, [30, 20, 10, 90]);
    await page.goto(`${server.url}?view=presenter#1`, { waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');
    await rehearse(page, [50, 20, 10, 110]);

    const file = join(project, 'slides', 'kesimpulan.rehearsal.json');
    const { takes, messages } = readRehearsals(file);
    expect(messages).toEqual([]);
    expect(takes.map((t) => t.slides.slice(0, 4).map((s) => s.spoken))).toEqual([
      [30, 20, 10, 90],
      [50, 20, 10, 110],
    ]);
    // Only the slides shown while the timer ran are in a take: the others keep their plan from the notes.
    expect(takes[0]!.slides.map((s) => s.title)).toEqual(titles.slice(0, 4));

    // The live plan now starts from the rehearsals: slide 1's budget is their median, 40 s.
    await page.goto(`${server.url}?view=presenter#1`, { waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');
    expect(await panelText(page, '.paparan-pace-slide strong')).toBe(`0:00 / 0:40`);
    expect(notesBudget).not.toBe('0:40');

    // Presenting: 60 s on slide 1 against a 40 s plan is 20 s behind; the countdown shows what is left of the slot.
    await page.click('[data-action=reset]');
    await page.click('[data-action=toggle]');
    await advance(page, 60);
    expect(await panelText(page, '.paparan-pace-status')).toMatch(/^Terlambat 0:(19|20|21)$/);
    const duration = prepare(join(project, 'slides', 'kesimpulan.md'), { root: project }).outline.deck.duration!;
    expect(await panelText(page, '.paparan-pace-left strong')).toMatch(new RegExp(`^${duration - 1}:0[0-1]$|^${duration - 2}:59$`));
    // Past the end of the slot: the panel says so.
    await advance(page, duration * 60);
    expect(await panelText(page, '.paparan-pace-left .paparan-pace-label')).toBe('Lewat waktu');
    expect(await page.$eval('.paparan-pace', (e) => (e as HTMLElement).dataset.tone)).toBe('over');
    // The timer survives a reload.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.paparan-pace');
    expect(await panelText(page, '.paparan-pace-left .paparan-pace-label')).toBe('Lewat waktu');
    await page.close();

    // The speaker script reads the rehearsals back: the latest time, the median, and what the notes say.
    const out = tempDir();
    await build({ root: project, outDir: out, formats: ['notes'] });
    const text = (await pdfText(join(out, 'kesimpulan', 'kesimpulan-notes.pdf'))).replace(/\s+/g, ' ');
    expect(text).toMatch(/latihan 0:50, median 0:40 \(menurut catatan \d:\d\d\)/);
    expect(text).toMatch(/latihan 1:50, median 1:40/);
    expect(text).toContain('Latihan terakhir: 3:10 menit (median 2:50, 2 latihan)');
    expect(readFileSync(file, 'utf8')).toContain('"paparan": "rehearsals"');
  }, 180_000);
});
