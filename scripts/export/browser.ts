import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer-core';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { makeTempDir, tempFolderFull } from '../temp.ts';
import { repairBundledChromium } from './chromium.ts';
import { BUNDLED_START_HINT, CHROME_PATH_HINT, locateBrowser, NO_BROWSER_HINT, noBrowser } from './find-browser.ts';

export { findBrowser, NO_BROWSER_HINT } from './find-browser.ts';

// Heavy packages load through require(): their CommonJS builds skip the ESM loader hooks tsx installs, which
// roughly halves their start-up cost.
const require = createRequire(import.meta.url);
// Loaded at the first launch: `check --no-overflow` and `build --format md,html` never pay for it.
let puppeteerModule: typeof import('puppeteer-core').default | undefined;
const puppeteer = () => (puppeteerModule ??= (require('puppeteer-core') as typeof import('puppeteer-core')).default);

// Without these, Chromium phones home at start-up; the build must never touch the network.
const ARGS = [
  ...['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
  ...['--disable-domain-reliability', '--disable-sync', '--disable-extensions', '--no-first-run', '--no-default-browser-check'],
  ...['--mute-audio', '--font-render-hinting=none'],
  // Fewer processes: no zygotes, GPU and network in the browser process. Each page gets a renderer of its own
  // (no --renderer-process-limit): a renderer shared by pages that come and go kept what they left behind and grew
  // by ~25 MB a save in dev mode at 50 slides; one of its own ends with the page.
  ...['--no-zygote', '--in-process-gpu', '--enable-features=NetworkServiceInProcess2'],
];

/** PAPARAN_BROWSER_TIMEOUT (seconds, default 60) in milliseconds; a usage error when it is not a sane number. */
export function browserTimeoutMs(value = process.env.PAPARAN_BROWSER_TIMEOUT): number {
  if (value === undefined || value.trim() === '') return 60_000;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (seconds > 0 && seconds <= 3600) return seconds * 1000;
  throw new PaparanError('usage', [
    new PaparanMessage('paparan', { line: 0, column: 0 }, 'env-value', `PAPARAN_BROWSER_TIMEOUT is ${JSON.stringify(value.slice(0, 40))}, not a number of seconds (more than 0, at most 3600)`, 'Set PAPARAN_BROWSER_TIMEOUT to the seconds the browser may take for one page, e.g. PAPARAN_BROWSER_TIMEOUT=120, or unset it for the default of 60'),
  ]);
}

/** Requests outside data:, blob: and about: URLs are refused; a page that made one fails its build. */
const LOCAL_URL = /^(data|blob|about):/;

function remoteRequestError(urls: readonly string[]): PaparanError {
  const unique = [...new Set(urls)];
  const shown = unique.slice(0, 3).map((u) => (u.length > 120 ? `${u.slice(0, 117)}...` : u));
  const more = unique.length > 3 ? ` and ${unique.length - 3} more` : '';
  return new PaparanError('input', [
    new PaparanMessage('paparan', { line: 0, column: 0 }, 'remote-request', `The deck tried to load ${shown.join(', ')}${more} (refused)`, 'paparan never fetches anything: download the file into the project and refer to it by its path'),
  ]);
}

/** One start of the browser, with the profile folder it owns. */
interface Launch {
  browser: Promise<Browser>;
  profile?: string;
  /** Pages kept open between uses, by name (`withPage(fn, { keep })`): they die with this browser. */
  kept: Map<string, KeptPage>;
}

/** A page kept for the next job of its kind; `blocked` collects what the current job's page asked for. */
interface KeptPage {
  page: Page;
  busy: boolean;
  blocked: string[];
  uses: number;
}

/**
 * Jobs a kept page serves before it is closed and a fresh one takes its place: its renderer grows by ~1 MB a job
 * (dev mode's slides PDF at 50 slides), and a long session should not carry that for hours.
 */
export const KEPT_PAGE_USES = 40;

/** Resolves with the promise, or with undefined after `ms`; the timer never outlives it. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]).finally(() => clearTimeout(timer));
}

/** Never throws: a profile folder that cannot be removed now is swept by the next run. */
function removeProfile(launch: Launch): void {
  try {
    if (launch.profile) rmSync(launch.profile, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Left for sweepTempDirs().
  }
  launch.profile = undefined;
}

/** One Chromium for the whole process; pages are handed out and every remote request is refused and counted. */
export class BrowserSession {
  private current?: Launch;
  private readonly timeoutMs: number;
  private readonly configError?: PaparanError;
  /** Requests pages tried to make outside data:, blob: and about: URLs (always refused). */
  blockedRequests: string[] = [];

  /** Whether `withPage(fn, { keep })` keeps pages at all: in a long session (dev mode) only. */
  private readonly keepPages: boolean;

  /**
   * `timeoutMs` defaults to PAPARAN_BROWSER_TIMEOUT; an invalid value is reported by the first page, like a missing
   * browser. With `keepPages`, pages asked to be kept are (dev mode); a build that ends in seconds gains nothing
   * from a page kept open, and its renderer would stay in memory beside the pages still at work.
   */
  constructor(options: { timeoutMs?: number; keepPages?: boolean } = {}) {
    this.keepPages = options.keepPages === true;
    let fromEnv = 60_000;
    try {
      fromEnv = options.timeoutMs ?? browserTimeoutMs();
    } catch (error) {
      this.configError = error as PaparanError;
    }
    this.timeoutMs = fromEnv;
  }

  private launch(): Launch {
    if (!this.current) {
      const launch = { kept: new Map() } as unknown as Launch;
      launch.browser = this.configError ? Promise.reject(this.configError) : this.start(launch);
      // Owned here: a failure is reported by the first withPage, never as an unhandled rejection.
      launch.browser.catch(() => undefined);
      this.current = launch;
    }
    return this.current;
  }

  private async start(launch: Launch): Promise<Browser> {
    let found = await locateBrowser();
    for (let attempt = 1; ; attempt++) {
      try {
        launch.profile = makeTempDir('profile');
        const started = await puppeteer().launch({
          executablePath: found.path,
          headless: true,
          args: ARGS,
          userDataDir: launch.profile,
          // Over a pipe, Chromium exits by itself when paparan dies, even by SIGKILL: no orphans.
          pipe: true,
          protocolTimeout: this.timeoutMs,
          timeout: this.timeoutMs,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
        // The tab Chromium opens at start is never used; its renderer would stay for the whole run. Closing it is
        // no part of the launch: a tab that will not close is left, never taken for a browser that did not start.
        for (const page of await started.pages().catch(() => [])) await within(page.close(), 1000).catch(() => undefined);
        return started;
      } catch (error) {
        removeProfile(launch);
        if (error instanceof PaparanError) throw error;
        // A full temp folder is the likeliest cause of a browser that exits at once, and not a damaged one.
        const full = tempFolderFull();
        if (full) throw full;
        const reason = (error as Error).message?.split('\n')[0] ?? String(error);
        // A slow start is no sign of damage; anything else from the bundled copy may be.
        if (!found.bundled || attempt > 1 || (error as Error).name === 'TimeoutError') {
          throw noBrowser(`The browser at ${found.path} did not start: ${reason}`, found.bundled ? BUNDLED_START_HINT : process.env.CHROME_PATH ? CHROME_PATH_HINT : NO_BROWSER_HINT);
        }
        // Damage that size, date and inode do not show (a flipped byte): unpack it afresh, once.
        found = { path: await repairBundledChromium(), bundled: true };
      }
    }
  }

  /** Starts Chromium now, in the background; a failure is reported by the first page that needs it. */
  warm(): void {
    this.launch();
  }

  /** How many pages are open now (none between jobs, but a kept one). */
  async openPages(): Promise<number> {
    const browser = await this.current?.browser.catch(() => undefined);
    return browser ? (await browser.pages()).length : 0;
  }

  /** The browser process id, once launched. */
  async pid(): Promise<number | undefined> {
    const browser = await this.current?.browser.catch(() => undefined);
    return browser?.process()?.pid;
  }

  /**
   * Runs `fn` in a page that is closed afterwards, whatever happens; a page that asked for a remote URL fails.
   * With `keep`, the page stays open for the next job of that name (dev mode prints the slides PDF of every save in
   * the same page: no new page, fonts already decoded, ~240 → ~80 ms); a job that fails or asked for a remote URL
   * closes it. A kept page that is busy is not shared: the job gets a page of its own.
   */
  async withPage<T>(fn: (page: Page) => Promise<T>, options: { keep?: string } = {}): Promise<T> {
    // The name the page is kept under; none in a session that keeps no pages.
    const keepAs = this.keepPages ? options.keep : undefined;
    const launch = this.launch();
    let browser: Browser;
    try {
      browser = await launch.browser;
    } catch (error) {
      // Reported once: the next page tries a fresh launch.
      if (this.current === launch) this.current = undefined;
      throw error;
    }
    // A browser that dies does not always fail the calls in flight (puppeteer may wait 30 s for a target that
    // never comes): every step races the browser's own end.
    let onGone = () => undefined as void;
    const gone = new Promise<never>((_, reject) => {
      onGone = () => reject(new Error('Connection closed: the browser exited'));
      if (!browser.connected) onGone();
      else browser.once('disconnected', onGone);
    });
    gone.catch(() => undefined);
    const orGone = <U>(work: Promise<U>): Promise<U> => {
      work.catch(() => undefined);
      return Promise.race([work, gone]);
    };
    const waiting = keepAs === undefined ? undefined : launch.kept.get(keepAs);
    const reuse = waiting && !waiting.busy && !waiting.page.isClosed() ? waiting : undefined;
    let slot: KeptPage;
    if (reuse) {
      slot = reuse;
      slot.blocked = [];
    } else {
      let page: Page;
      try {
        page = await orGone(browser.newPage());
      } catch (error) {
        browser.off('disconnected', onGone);
        throw await this.failed(error);
      }
      slot = { page, busy: false, blocked: [], uses: 0 };
      const own = slot;
      try {
        page.setDefaultTimeout(this.timeoutMs);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const url = request.url();
          if (LOCAL_URL.test(url)) void request.continue().catch(() => undefined);
          else {
            own.blocked.push(url);
            this.blockedRequests.push(url);
            void request.abort('blockedbyclient').catch(() => undefined);
          }
        });
      } catch (error) {
        browser.off('disconnected', onGone);
        await within(page.close(), 1000).catch(() => undefined);
        throw await this.failed(error);
      }
      if (keepAs !== undefined && !waiting) launch.kept.set(keepAs, slot);
    }
    const { page } = slot;
    const keeping = keepAs !== undefined && launch.kept.get(keepAs) === slot;
    slot.busy = true;
    slot.uses++;
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    try {
      result = await orGone(fn(page));
    } catch (error) {
      failure = { error: await this.failed(error) };
    } finally {
      browser.off('disconnected', onGone);
      slot.busy = false;
      const close = !keeping || failure !== undefined || slot.blocked.length > 0 || this.current !== launch || slot.uses >= KEPT_PAGE_USES;
      if (close) {
        if (keeping) launch.kept.delete(keepAs);
        if (this.current) await within(page.close(), 1000).catch(() => undefined);
      }
    }
    if (slot.blocked.length) throw remoteRequestError(slot.blocked);
    if (failure) throw failure.error;
    return result as T;
  }

  /** A crash or a hang of the browser becomes a clear error, and the browser is put down so the next build starts a fresh one. */
  private async failed(error: unknown): Promise<unknown> {
    if (error instanceof PaparanError) return error;
    const text = (error as Error).message ?? String(error);
    const browserFault = /timed? ?out|Target closed|Session closed|Connection closed|Protocol error|crash|detached/i.test(text);
    if (!browserFault) return error;
    await this.close();
    return new PaparanError('browser', [
      new PaparanMessage('paparan', { line: 0, column: 0 }, 'browser-failed', `The browser crashed or stopped answering: ${text.split('\n')[0]}`, 'Run the build again; outputs from the last good build are kept. Set PAPARAN_BROWSER_TIMEOUT (seconds) for very large decks'),
    ]);
  }

  /** Closes the browser (killing it if it does not answer) and removes its profile folder. */
  async close(): Promise<void> {
    const launch = this.current;
    this.current = undefined;
    if (!launch) return;
    const browser = await launch.browser.catch(() => undefined);
    const proc = browser?.process();
    if (browser) await within(browser.close(), 3000).catch(() => undefined);
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await within(exited, 3000);
    }
    removeProfile(launch);
  }
}

/** Sets the page's HTML and waits until its fonts and images are ready; no idle timer. */
export async function loadPage(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => undefined))));
  });
}
