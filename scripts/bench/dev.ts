// Dev mode in its own process, watched from an open page: save → content visible, → HTML on disk, → slides PDF.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { memorySampler, sleep, type TreeMemory } from './measure.ts';
import { BIN } from './paths.ts';

/** Milliseconds from the moment before each save's writeFileSync, one entry per timed save. */
export interface DevResult {
  deck: string;
  /** The new text in the open page's first slide (or, failing that, its title), at the next animation frame. */
  visible: number[];
  /** The same, for the page's document.title alone. */
  title: number[];
  /** A fresh HTML file holding the new text on disk. */
  html: number[];
  /** The slides PDF's modification time changed. */
  pdf: number[];
  /** Peak of dev mode's process tree (node and its Chromium, not the viewer), over the first build and the sampled saves. */
  memory: TreeMemory;
  memorySaves: number;
}

// Runs in the page before its own scripts, in every document it loads: reports when the marker shows in the
// first slide or the title, at the next frame. `__benchSeen` comes from page.exposeFunction and survives reloads.
const WATCHER = `(() => {
  const marker = /Simpan-[a-z0-9]+-\\d+/;
  const last = { slide: '', title: '' };
  const look = () => {
    const slide = marker.exec(document.querySelector('section')?.textContent ?? '')?.[0];
    const title = marker.exec(document.title)?.[0];
    for (const [where, found] of [['slide', slide], ['title', title]]) {
      if (!found || found === last[where]) continue;
      last[where] = found;
      requestAnimationFrame(() => window.__benchSeen?.(found, where, Date.now()));
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', look);
})();`;

const mtime = (file: string) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

/** A `✓ …` summary line naming pdf among the formats written (dev mode prints e.g. `✓ pdf, notes, handout, overview in 2458 ms`). */
const PDF_DONE = /✓ (?:[a-z-]+, )*pdf\b/;

/** Runs dev mode on `deck`, opens its page in a headless Chromium, and saves the outline `saves` + `memorySaves` times. */
export async function measureDev(project: string, deck: string, options: { saves: number; memorySaves: number; chrome: string; env: NodeJS.ProcessEnv }, tick: (mark: string) => void): Promise<DevResult> {
  const outline = join(project, 'slides', `${deck}.md`);
  const out = join(project, `dev-${deck}`);
  const htmlFile = join(out, deck, `${deck}.html`);
  const pdfFile = join(out, deck, `${deck}.pdf`);
  const source = readFileSync(outline, 'utf8');
  const child = spawn(process.execPath, [BIN, 'dev', `slides/${deck}.md`, '--port', '0', '--out', out], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env } });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (log += d.replace(/\x1b\[[0-9;]*m/g, '')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waitFor = async (test: () => boolean, what: string) => {
    for (const start = Date.now(); Date.now() - start < 120_000; await sleep(2)) {
      if (test()) return;
      if (child.exitCode !== null) throw new Error(`dev mode ended before ${what}\n${log.slice(-4000)}`);
    }
    throw new Error(`dev mode: no ${what} within 120 s\n${log.slice(-4000)}`);
  };
  const sampler = memorySampler(child.pid!);
  sampler.start();
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({ executablePath: options.chrome, headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-extensions'] });
    await waitFor(() => PDF_DONE.test(log), 'first build');
    sampler.stop();
    const url = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log)?.[1];
    if (!url) throw new Error(`dev mode printed no URL\n${log}`);
    const page = await browser.newPage();
    const seen = new Map<string, { slide?: number; title?: number }>();
    await page.exposeFunction('__benchSeen', (marker: string, where: 'slide' | 'title', at: number) => {
      const entry = seen.get(marker) ?? {};
      entry[where] ??= at;
      seen.set(marker, entry);
    });
    await page.evaluateOnNewDocument(WATCHER);
    await page.goto(url, { waitUntil: 'load' });
    const runId = Date.now().toString(36);
    const result: DevResult = { deck, visible: [], title: [], html: [], pdf: [], memory: { rss: 0, pss: 0 }, memorySaves: options.memorySaves };
    for (let i = 0; i < options.saves + options.memorySaves; i++) {
      const sampled = i >= options.saves;
      await sleep(400);
      if (sampled) sampler.start();
      const marker = `Simpan-${runId}-${i}`;
      const before = { html: mtime(htmlFile), pdf: mtime(pdfFile), log: log.length };
      const text = source.replace(/^title: .*$/m, `title: "${marker}"`);
      if (text === source) throw new Error(`slides/${deck}.md has no top-level \`title:\` line for the bench to change`);
      const saved = Date.now();
      writeFileSync(outline, text);
      let htmlAt = 0;
      let pdfAt = 0;
      await waitFor(() => {
        const now = Date.now();
        if (!htmlAt && mtime(htmlFile) !== before.html && readFileSync(htmlFile, 'utf8').includes(marker)) htmlAt = now;
        if (!pdfAt && mtime(pdfFile) !== before.pdf) pdfAt = now;
        const shown = seen.get(marker);
        return htmlAt > 0 && pdfAt > 0 && (shown?.slide ?? shown?.title) !== undefined && PDF_DONE.test(log.slice(before.log));
      }, `page, HTML and PDF after save ${i + 1}`);
      sampler.stop();
      if (sampled) continue;
      const shown = seen.get(marker)!;
      result.visible.push((shown.slide ?? shown.title)! - saved);
      if (shown.title !== undefined) result.title.push(shown.title - saved);
      result.html.push(htmlAt - saved);
      result.pdf.push(pdfAt - saved);
      tick('s');
    }
    result.memory = { ...sampler.peak };
    return result;
  } finally {
    sampler.stop();
    writeFileSync(outline, source);
    await browser?.close().catch(() => undefined);
    child.kill('SIGINT');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}
