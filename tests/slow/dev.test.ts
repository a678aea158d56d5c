import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer from 'puppeteer-core';
import { dev, type DevServer } from '../../scripts/dev.ts';
import { findBrowser } from '../../scripts/export/browser.ts';
import { pdfText, tempDir, tempProject } from '../helpers.ts';

function nextEvent(server: DevServer, type: string, timeoutMs = 60_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${timeoutMs} ms`)), timeoutMs);
    server.events.addEventListener(type, (e) => {
      clearTimeout(timer);
      resolve((e as CustomEvent).detail);
    }, { once: true });
  });
}

/** Listens to the server-sent events; `connected` settles once the server has the client, `event` on the first `name`. */
function sseEvent(url: string, name: string): { connected: Promise<void>; event: Promise<string> } {
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const event = new Promise<string>((resolve, reject) => {
    const req = get(`${url}__paparan/events`, (res) => {
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.startsWith(': paparan')) connected();
        const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(buffer);
        if (match) {
          req.destroy();
          resolve(JSON.parse(match[1]!));
        }
      });
    });
    req.on('error', reject);
  });
  return { connected: ready, event };
}

/** Temp folders paparan or its browser make while working. */
const ourTemps = () => readdirSync(tmpdir()).filter((n) => /^(paparan-marp-|paparan-themes-|puppeteer_dev_chrome_profile-)/.test(n));

const fetchText = async (url: string) => (await fetch(url)).text();

/** Whether a process is alive (a zombie waiting to be reaped counts as gone). */
function liveProcesses(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('paparan dev', () => {
  let project: string;
  let outline: string;
  let outDir: string;
  let server: DevServer;
  let tempsBefore: string[];
  const html = () => join(outDir, 'kesimpulan', 'kesimpulan.html');
  const pdf = () => join(outDir, 'kesimpulan', 'kesimpulan.pdf');
  const source = () => readFileSync(outline, 'utf8');

  beforeAll(async () => {
    project = tempProject();
    outline = join(project, 'slides', 'kesimpulan.md');
    outDir = tempDir();
    tempsBefore = ourTemps();
    server = await dev({ root: project, outline, outDir, port: 0 });
    await nextEvent(server, 'pdf');
  });
  afterAll(async () => server?.close());

  it('serves the deck with a live-reload client', async () => {
    const page = await fetchText(server.url);
    expect(page).toContain('Kekhawatiran efek domino');
    expect(page).toContain('/__paparan/events');
    // The presenter view is the same page with ?view=presenter; bespoke.js switches to it.
    const presenter = await fetchText(`${server.url}?view=presenter`);
    expect(presenter).toBe(page);
    expect(presenter).toContain('bespoke-marp-note');
  });

  it('rebuilds on save: the new slides first, then the new deck, and the new title is served', async () => {
    const reload = sseEvent(server.url, 'update');
    const slides = sseEvent(server.url, 'slides');
    await reload.connected;
    await slides.connected;
    const rebuilt = nextEvent(server, 'html');
    writeFileSync(outline, source().replace('title: "Ringkasan"', 'title: "Ringkasan akhir"'));
    await rebuilt;
    // The slides as rendered, before the HTML is written: each slide's SVG content, the new title in one of them.
    const early = (await slides.event) as unknown as string[];
    expect(Array.isArray(early)).toBe(true);
    expect(early.some((svg) => svg.includes('Ringkasan akhir'))).toBe(true);
    expect(early.every((svg) => svg.startsWith('<foreignObject'))).toBe(true);
    // The event carries the new deck itself, for the open page to put in place.
    expect(await reload.event).toContain('Ringkasan akhir');
    expect(await fetchText(server.url)).toContain('Ringkasan akhir');
    await nextEvent(server, 'pdf');
  });

  it('puts a changed slide in place in the open page without a reload, on the same slide; a new slide reloads', async () => {
    const viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await viewer.newPage();
      await page.setViewport({ width: 1280, height: 720 });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${server.url}#3`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('svg[data-marpit-svg].bespoke-marp-active') !== null);
      // A mark that a reload would wipe out.
      await page.evaluate(() => Object.assign(window, { paparanMark: 'same page' }));
      const active = () => page.evaluate(() => [...document.querySelectorAll('svg[data-marpit-svg]')].findIndex((s) => s.classList.contains('bespoke-marp-active')));
      const before = await active();
      const loads = requests.length;
      writeFileSync(outline, source().replace('Kekhawatiran efek domino', 'Kekhawatiran efek berantai'));
      await page.waitForFunction(() => document.body.textContent!.includes('Kekhawatiran efek berantai'), { timeout: 60_000 });
      expect(await page.evaluate(() => (window as unknown as { paparanMark?: string }).paparanMark)).toBe('same page');
      expect(requests.length).toBe(loads);
      expect(await active()).toBe(before);
      // The deck still works: the next slide is one key away, and its notes are the new ones.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => document.querySelectorAll('svg[data-marpit-svg]')[n]?.classList.contains('bespoke-marp-active'), {}, before + 1);
      await nextEvent(server, 'pdf');

      // One slide more: the page reloads, and shows it.
      const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 60_000 });
      writeFileSync(outline, source().replace(/\nslides:\n/, '\nslides:\n  - layout: section\n    title: "Bagian tambahan"\n'));
      await reloaded;
      expect(await page.evaluate(() => (window as unknown as { paparanMark?: string }).paparanMark)).toBeUndefined();
      expect(await page.evaluate(() => document.body.textContent!.includes('Bagian tambahan'))).toBe(true);
      await nextEvent(server, 'pdf');
    } finally {
      await viewer.close();
    }
  }, 120_000);

  it('on a broken outline: the error with file:line:col in the terminal and the page, the last good deck kept', async () => {
    const goodHtml = readFileSync(html());
    const goodPdf = readFileSync(pdf());
    const pdfTime = statSync(pdf()).mtimeMs;
    const overlay = sseEvent(server.url, 'problem');
    await overlay.connected;
    const problem = nextEvent(server, 'problem');
    writeFileSync(outline, source().replace('title: "Ringkasan akhir"', 'title: "Ringkasan: rusak'));
    const report = String(await problem);
    expect(report).toMatch(/kesimpulan\.md:\d+:\d+ {2}error {2}YAML syntax error/);
    expect(await overlay.event).toBe(report);
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(html()).equals(goodHtml)).toBe(true);
    expect(readFileSync(pdf()).equals(goodPdf)).toBe(true);
    expect(statSync(pdf()).mtimeMs).toBe(pdfTime);
    expect(await fetchText(server.url)).toContain('Ringkasan akhir');
  });

  it('recovers by itself when the outline is fixed', async () => {
    const rebuilt = nextEvent(server, 'html');
    writeFileSync(outline, source().replace('title: "Ringkasan: rusak', 'title: "Ringkasan pulih"'));
    await rebuilt;
    expect(await fetchText(server.url)).toContain('Ringkasan pulih');
    await nextEvent(server, 'pdf');
  });

  it('merges 20 saves in one second; the last save wins in the HTML and the PDF', async () => {
    const base = source();
    let builds = 0;
    const count = () => builds++;
    server.events.addEventListener('html', count);
    for (let i = 0; i < 20; i++) {
      writeFileSync(outline, base.replace('title: "Ringkasan pulih"', `title: "Simpan ${i}"`));
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let waited = 0; waited < 60_000; waited += 250) {
      // The slides PDF is written first, then the HTML: the last save must win in both.
      if (readFileSync(pdf()).length && (await pdfText(pdf())).includes('Simpan 19') && readFileSync(html(), 'utf8').includes('Simpan 19')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const served = await fetchText(server.url);
    expect(served).toContain('Simpan 19');
    expect(served).not.toMatch(/Simpan 1[0-8]\b|Simpan [0-9]\b/);
    expect(await pdfText(pdf())).toContain('Simpan 19');
    expect(readFileSync(join(outDir, 'kesimpulan', 'kesimpulan.md'), 'utf8')).toContain('# Simpan 19');
    server.events.removeEventListener('html', count);
    // Saves that arrive while a build runs are merged into one more build, never one build each.
    expect(builds).toBeGreaterThan(0);
    expect(builds).toBeLessThan(20);
  });

  // Regression (issue 11.6): any Host was answered, so a web page could read the deck through DNS rebinding.
  it('answers only requests addressed to itself', async () => {
    const port = new URL(server.url).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => get({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject));
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
    expect(await status(`localhost:${port}`)).toBe(200);
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`]) expect(await status(host), host).toBe(421);
  });

  it('puts its client before the last </body> and lets only it talk home', async () => {
    const page = await fetchText(server.url);
    expect(page.lastIndexOf('/__paparan/events')).toBeGreaterThan(page.lastIndexOf('</style>'));
    expect(page.indexOf('/__paparan/events')).toBeLessThan(page.lastIndexOf('</body>'));
    expect(page).toMatch(/Content-Security-Policy" content="[^"]*connect-src 'self'/);
  });

  // Regression (issue 12): saving a broken layout or theme killed the server.
  it('survives a broken layout and a broken theme, shows each, and recovers', async () => {
    const layout = join(project, 'templates', 'layouts', 'points.hbs');
    const theme = join(project, 'themes', 'paparan.css');
    const goodLayout = readFileSync(layout, 'utf8');
    const goodTheme = readFileSync(theme, 'utf8');
    for (const [file, broken, good] of [
      [layout, `${goodLayout}\n{{#if title}}never closed\n`, goodLayout],
      [theme, `${goodTheme}\nsection { color: red\n`, goodTheme],
    ] as const) {
      const problem = nextEvent(server, 'problem');
      writeFileSync(file, broken);
      expect(String(await problem)).toMatch(/error/);
      expect((await fetch(server.url)).status).toBe(200);
      const recovered = nextEvent(server, 'html');
      writeFileSync(file, good);
      await recovered;
    }
  });

  // Regression (stranger review): an outline deleted and written anew (git checkout, some editors) was never
  // watched again.
  it('keeps watching an outline that is deleted and written anew', async () => {
    const text = source();
    const gone = nextEvent(server, 'problem');
    rmSync(outline);
    await gone;
    // Gone for a while, as in a git checkout of another branch: the watcher must not give up on it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const back = nextEvent(server, 'html', 15_000);
    const retitled = (title: string) => text.replace(/title: "(Ringkasan[^"]*|Simpan \d+)"/, `title: "${title}"`);
    expect(retitled('x')).not.toBe(text);
    writeFileSync(outline, retitled('Kembali lagi'));
    await back;
    // Well after the last build, so that only the watcher can see the next save.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = nextEvent(server, 'html', 5000);
    writeFileSync(outline, retitled('Dan lagi'));
    await later;
    expect(await fetchText(server.url)).toContain('Dan lagi');
  });

  it('stops cleanly: no Chromium of its own left', async () => {
    const pid = await server.browser.pid();
    expect(liveProcesses(pid)).toBe(true);
    await server.close();
    expect(liveProcesses(pid)).toBe(false);
    expect(ourTemps().filter((t) => !tempsBefore.includes(t))).toEqual([]);
  });
});
