import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BrowserSession, browserTimeoutMs, KEPT_PAGE_USES, loadPage } from '../../scripts/export/browser.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { ROOT, tempDir } from '../helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const scratch = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};

const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge'].map((n) => `/usr/bin/${n}`);
const systemBrowser = SYSTEM_BROWSERS.some((p) => existsSync(p));

describe('CHROME_PATH that is not a browser', () => {
  const saved = process.env.CHROME_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
  });

  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a folder', (dir) => dir, /is a folder/],
    ['a missing file', (dir) => join(dir, 'no-such-chrome'), /does not exist/],
    ['a file without x permission', (dir) => file(dir, 'chrome', '\x7fELF', 0o644), /not executable/],
    ['an executable that is no program', (dir) => file(dir, 'chrome', 'just text\n', 0o755), /not a program/],
    ['a script whose interpreter is missing', (dir) => file(dir, 'chrome', '#!/no/such/sh\n', 0o755), /script for \/no\/such\/sh, which does not exist/],
    ['a program that exits at once', (dir) => file(dir, 'chrome', '#!/bin/sh\nexit 1\n', 0o755), /did not start/],
  ];
  for (const [what, make, problem] of cases) {
    it(`${what}: a browser error naming the path, with a hint, and no unhandled error`, async () => {
      const path = make(scratch());
      process.env.CHROME_PATH = path;
      const error = await new BrowserSession().withPage(async () => 'never').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PaparanError);
      const { kind, messages } = error as PaparanError;
      expect(kind).toBe('browser');
      expect(messages[0]!.rule).toBe('no-browser');
      expect(messages[0]!.message).toContain(path);
      expect(messages[0]!.message).toMatch(problem);
      expect(messages[0]!.hint).toMatch(/CHROME_PATH/);
    });
  }

  it('a relative CHROME_PATH is taken from the working folder', async () => {
    process.env.CHROME_PATH = 'no-such-chrome-here';
    const error = (await new BrowserSession().withPage(async () => 'never').catch((e: unknown) => e)) as PaparanError;
    expect(error.messages[0]!.message).toContain(join(process.cwd(), 'no-such-chrome-here'));
  });

  it('a failed warm() start is reported once, by the first page, and never as an unhandled rejection', async () => {
    process.env.CHROME_PATH = scratch();
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const session = new BrowserSession();
      session.warm();
      await new Promise((r) => setTimeout(r, 100));
      expect(await session.pid()).toBeUndefined();
      const [a, b] = await Promise.allSettled([session.withPage(async () => 1), session.withPage(async () => 2)]);
      expect(a.status).toBe('rejected');
      expect(b.status).toBe('rejected');
      // Both pages waited on the one failed start, so they report the same error...
      expect((a as PromiseRejectedResult).reason).toBe((b as PromiseRejectedResult).reason);
      // ...and the next page tries again.
      const again = await session.withPage(async () => 3).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(PaparanError);
      expect(again).not.toBe((a as PromiseRejectedResult).reason);
      await session.close();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(unhandled).toEqual([]);
  });
});

function file(dir: string, name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('PAPARAN_BROWSER_TIMEOUT', () => {
  it('takes seconds, from a fraction up to an hour; unset or empty is 60 s', () => {
    expect(browserTimeoutMs(undefined)).toBe(60_000);
    expect(browserTimeoutMs('')).toBe(60_000);
    expect(browserTimeoutMs('90')).toBe(90_000);
    expect(browserTimeoutMs(' 2.5 ')).toBe(2_500);
    expect(browserTimeoutMs('3600')).toBe(3_600_000);
  });

  it('anything else is a usage error with a hint, never a silently disabled timeout', () => {
    for (const value of ['abc', '0', '-5', '3601', '1e3', 'Infinity', 'NaN', '60s', '0x10']) {
      const error = (() => {
        try {
          browserTimeoutMs(value);
        } catch (e) {
          return e;
        }
      })() as PaparanError;
      expect(error, value).toBeInstanceOf(PaparanError);
      expect(error.kind).toBe('usage');
      expect(error.messages[0]!.rule).toBe('env-value');
      expect(error.messages[0]!.message).toContain('PAPARAN_BROWSER_TIMEOUT');
      expect(error.messages[0]!.hint).toMatch(/seconds/);
    }
  });

  it('an invalid value does not throw from the constructor: the first page reports it', async () => {
    const saved = process.env.PAPARAN_BROWSER_TIMEOUT;
    process.env.PAPARAN_BROWSER_TIMEOUT = 'abc';
    try {
      const session = new BrowserSession();
      const error = (await session.withPage(async () => 'never').catch((e: unknown) => e)) as PaparanError;
      expect(error).toBeInstanceOf(PaparanError);
      expect(error.kind).toBe('usage');
      expect(error.messages[0]!.rule).toBe('env-value');
      await session.close();
    } finally {
      if (saved === undefined) delete process.env.PAPARAN_BROWSER_TIMEOUT;
      else process.env.PAPARAN_BROWSER_TIMEOUT = saved;
    }
  });
});

describe('pages', () => {
  const session = new BrowserSession({ keepPages: true });
  afterAll(() => session.close());

  it('a page that loads only local data renders and returns its result', async () => {
    const html = `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p>ok</p><script>
      const url = URL.createObjectURL(new Blob(['from a blob'])); fetch(url).then((r) => r.text()).then((t) => (document.title = t));</script>`;
    const title = await session.withPage(async (page) => {
      await loadPage(page, html);
      await page.waitForFunction(() => document.title !== '');
      return page.title();
    });
    expect(title).toBe('from a blob');
  });

  it('a page that asked for a remote URL fails with an input error naming it (three shown, then a count)', async () => {
    const before = session.blockedRequests.length;
    const urls = ['http://192.0.2.1/a.png', 'https://fonts.invalid/b.css', 'https://cdn.invalid/c.js', 'http://192.0.2.1/d.png', 'https://other.invalid/e.svg'];
    const html = `<img src="${urls[0]}"><link rel="stylesheet" href="${urls[1]}"><script src="${urls[2]}"></script><img src="${urls[3]}"><img src="${urls[4]}">`;
    const error = (await session.withPage((page) => loadPage(page, html)).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.kind).toBe('input');
    const [message] = error.messages;
    expect(message!.rule).toBe('remote-request');
    expect(message!.message).toMatch(/^The deck tried to load /);
    expect(message!.message).toContain(' and 2 more');
    expect(urls.filter((u) => message!.message.includes(u))).toHaveLength(3);
    expect(message!.hint).toMatch(/never fetches anything/);
    expect(session.blockedRequests.slice(before).sort()).toEqual([...urls].sort());
  });

  it('one remote request is named on its own; it wins over the page function failing', async () => {
    const error = (await session
      .withPage(async (page) => {
        await loadPage(page, '<img src="https://example.invalid/logo.png">');
        throw new Error('the page function failed too');
      })
      .catch((e: unknown) => e)) as PaparanError;
    expect(error.messages[0]!.rule).toBe('remote-request');
    expect(error.messages[0]!.message).toBe('The deck tried to load https://example.invalid/logo.png (refused)');
  });

  it('a kept page serves the next job of its name; a remote request still fails and drops it; a busy one is not shared', async () => {
    const pages: unknown[] = [];
    const run = (html: string) => session.withPage(async (page) => {
      pages.push(page);
      await loadPage(page, html);
      return page.evaluate(() => document.body.textContent);
    }, { keep: 'test-kept' });
    expect(await run('<p>satu</p>')).toBe('satu');
    expect(await run('<p>dua</p>')).toBe('dua');
    expect(pages[1]).toBe(pages[0]);
    // Nothing of the first document is left in the second.
    expect(await run('<p>tiga</p>')).toBe('tiga');
    // Two jobs at once: the second gets a page of its own, closed after it.
    const both = await Promise.all([run('<p>a</p>'), run('<p>b</p>')]);
    expect(both).toEqual(['a', 'b']);
    expect(pages[4]).not.toBe(pages[3]);
    expect((pages[4] as { isClosed(): boolean }).isClosed()).toBe(true);
    // A remote request fails the job even in a kept page, and the page is not used again.
    const error = (await run('<img src="https://example.invalid/kept.png">').catch((e: unknown) => e)) as PaparanError;
    expect(error.messages[0]!.rule).toBe('remote-request');
    expect((pages[5] as { isClosed(): boolean }).isClosed()).toBe(true);
    expect(await run('<p>lagi</p>')).toBe('lagi');
    expect(pages[6]).not.toBe(pages[5]);
  });

  it('a session that does not keep pages (a build) closes every page after its job, and no tab of its own stays open', async () => {
    const build = new BrowserSession();
    try {
      const pages: { isClosed(): boolean }[] = [];
      for (let i = 0; i < 2; i++) await build.withPage(async (page) => void pages.push(page), { keep: 'slides-pdf' });
      expect(pages[1]).not.toBe(pages[0]);
      expect(pages.every((page) => page.isClosed())).toBe(true);
      // Chromium's start-up tab is closed too: no renderer is left between jobs (each page has its own).
      expect(await build.openPages()).toBe(0);
    } finally {
      await build.close();
    }
  });

  it(`a kept page is closed after ${KEPT_PAGE_USES} jobs, and a fresh one takes its place`, async () => {
    const pages: { isClosed(): boolean }[] = [];
    for (let i = 0; i <= KEPT_PAGE_USES; i++) await session.withPage(async (page) => void pages.push(page), { keep: 'test-recycle' });
    expect(new Set(pages.slice(0, KEPT_PAGE_USES)).size).toBe(1);
    expect(pages[0]!.isClosed()).toBe(true);
    expect(pages[KEPT_PAGE_USES]).not.toBe(pages[0]);
    expect(pages[KEPT_PAGE_USES]!.isClosed()).toBe(false);
  });

  it('a PDF printed in a kept page is the same, byte for byte, as one printed in a fresh page', async () => {
    const { printPdf } = await import('../../scripts/export/pdf.ts');
    const html = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>t</title></head><body><h1>Judul</h1><p>Isi halaman.</p></body></html>';
    const meta = { title: 't', lang: 'id', date: new Date(0), bookmarks: [{ title: '1. Judul', page: 0 }] };
    const size = { width: '1280px', height: '720px' };
    const fresh = await session.withPage((page) => printPdf(page, html, size, meta));
    await session.withPage((page) => printPdf(page, '<p>sebelumnya</p>', size, meta), { keep: 'test-pdf' });
    const kept = await session.withPage((page) => printPdf(page, html, size, meta), { keep: 'test-pdf' });
    expect(Buffer.from(kept).equals(Buffer.from(fresh))).toBe(true);
  });

  // Stop 24: a PDF held its page, and its place among the pages at work, while pdf-lib finished it (~0.1–0.4 s).
  it('a PDF is finished after its page is closed, the same as one finished in it', async () => {
    const { printPdf, printUnfinished } = await import('../../scripts/export/pdf.ts');
    const html = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>t</title></head><body><h1>Judul</h1><p>Isi.</p></body></html>';
    const meta = { title: 't', lang: 'id', date: new Date(0), bookmarks: [{ title: '1. Judul', page: 0 }] };
    const size = { width: '1280px', height: '720px' };
    let used: { isClosed(): boolean } | undefined;
    const printed = await session.withPage((page) => ((used = page), printUnfinished(page, html, size, meta)));
    expect(used!.isClosed()).toBe(true);
    const finished = await printed.finish();
    const inPage = await session.withPage((page) => printPdf(page, html, size, meta));
    expect(Buffer.from(finished).equals(Buffer.from(inPage))).toBe(true);
    expect(Buffer.from(finished).toString('latin1')).toContain('/Producer');
  });

  it('the browser runs in its own paparan-profile-<pid>- folder, removed on close()', async () => {
    const own = new BrowserSession();
    await own.withPage(async () => undefined);
    const pid = (await own.pid())!;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    expect(basename(profile)).toMatch(new RegExp(`^paparan-profile-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(existsSync(profile)).toBe(true);
    await own.close();
    expect(existsSync(profile)).toBe(false);
  });
});
