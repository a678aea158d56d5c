import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer-core';
import { PaparanError, PaparanMessage } from '../messages.ts';

// Heavy packages load through require(): their CommonJS builds skip the ESM loader hooks tsx installs, which
// roughly halves their start-up cost.
const require = createRequire(import.meta.url);
const puppeteer = (require('puppeteer-core') as typeof import('puppeteer-core')).default;

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

// Without these, Chromium phones home at start-up; the build must never touch the network.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--font-render-hinting=none',
  // Fewer processes: no zygotes, GPU and network in the browser process, at most two renderers.
  '--no-zygote',
  '--in-process-gpu',
  '--enable-features=NetworkServiceInProcess2',
  '--renderer-process-limit=2',
];

export const NO_BROWSER_HINT =
  'Run `npm install` (it brings @sparticuz/chromium), install Chromium (`apt-get install chromium`), or set CHROME_PATH=/path/to/chrome';

/** Finds a browser: CHROME_PATH, then an installed Chrome/Chromium/Edge, then the one shipped in @sparticuz/chromium. */
export async function findBrowser(): Promise<string> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv !== undefined) {
    if (fromEnv && existsSync(fromEnv)) return fromEnv;
    throw noBrowser(`CHROME_PATH points to ${fromEnv || 'nothing'}, which does not exist`);
  }
  for (const candidate of SYSTEM_BROWSERS) if (existsSync(candidate)) return candidate;
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    return await chromium.executablePath();
  } catch (error) {
    throw noBrowser(`No Chrome, Chromium or Edge found, and @sparticuz/chromium failed: ${(error as Error).message}`);
  }
}

function noBrowser(message: string): PaparanError {
  return new PaparanError('browser', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-browser', message, NO_BROWSER_HINT)]);
}

/** One Chromium for the whole process; pages are handed out and every remote request is refused and counted. */
export class BrowserSession {
  private browser?: Promise<Browser>;
  /** Requests a page tried to make outside data: and about: URLs (always refused). */
  blockedRequests: string[] = [];

  constructor(private readonly timeoutMs = Number(process.env.PAPARAN_BROWSER_TIMEOUT ?? 60) * 1000) {}

  private launch(): Promise<Browser> {
    this.browser ??= (async () => {
      const executablePath = await findBrowser();
      try {
        return await puppeteer.launch({
          executablePath,
          headless: true,
          args: ARGS,
          // Over a pipe, Chromium exits by itself when paparan dies, even by SIGKILL: no orphans.
          pipe: true,
          protocolTimeout: this.timeoutMs,
          timeout: this.timeoutMs,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
      } catch (error) {
        this.browser = undefined;
        throw noBrowser(`The browser at ${executablePath} did not start: ${(error as Error).message.split('\n')[0]}`);
      }
    })();
    return this.browser;
  }

  /** Starts Chromium now, in the background; a failure is reported by the first page that needs it. */
  warm(): void {
    this.launch().catch(() => undefined);
  }

  /** The browser process id, once launched. */
  async pid(): Promise<number | undefined> {
    return (await this.browser)?.process()?.pid;
  }

  /** Runs `fn` in a fresh page that is closed afterwards, whatever happens. */
  async withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    const browser = await this.launch();
    let page: Page;
    try {
      page = await browser.newPage();
    } catch (error) {
      throw await this.failed(error);
    }
    page.setDefaultTimeout(this.timeoutMs);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url.startsWith('about:')) void request.continue();
      else {
        this.blockedRequests.push(url);
        void request.abort('blockedbyclient');
      }
    });
    try {
      return await fn(page);
    } catch (error) {
      throw await this.failed(error);
    } finally {
      if (this.browser) await Promise.race([page.close(), new Promise((r) => setTimeout(r, 1000))]).catch(() => undefined);
    }
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

  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    if (!pending) return;
    const browser = await pending.catch(() => undefined);
    if (!browser) return;
    const proc = browser.process();
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 3000))]).catch(() => undefined);
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
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
