import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../scripts/dev-page.ts';
import { REHEARSAL_URL, saveRehearsal } from '../../scripts/dev-rehearsal.ts';
import { findBrowser } from '../../scripts/export/browser.ts';
import { markdownToHtml } from '../export/html-helpers.ts';
import { paceData } from '../../scripts/export/presenter.ts';
import { readRehearsals, type RehearsalTake } from '../../scripts/rehearsal.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { ROOT, tempDir } from '../helpers.ts';

const puppeteer = (createRequire(import.meta.url)('puppeteer-core') as typeof import('puppeteer-core')).default;

const take = (slides: number, title = (i: number) => `Slide ${i}`): RehearsalTake => ({
  recordedAt: '2026-11-26T08:00:00.000Z',
  slides: Array.from({ length: slides }, (_, i) => ({ id: null, title: title(i), planned: 10, spoken: 12 })),
});
const fileOf = (...takes: RehearsalTake[]) => `${JSON.stringify({ paparan: 'rehearsals', version: 1, rehearsals: takes }, null, 2)}\n`;

/**
 * readRehearsals in a process of its own, on each file in turn, twice: a file that hangs the read or crashes Node
 * must fail this test, not take the test worker with it.
 */
function readInChild(files: string[]): { status: number | null; results: { line: number; column: number; message: string }[][] } {
  const script = join(tempDir(), 'read.ts');
  writeFileSync(
    script,
    `import { readRehearsals } from ${JSON.stringify(join(ROOT, 'scripts', 'rehearsal.ts'))};
const files = ${JSON.stringify(files)};
const results = [...files, ...files].map((f) => readRehearsals(f).messages.map((m) => ({ ...m.position, message: m.message })));
process.stdout.write(JSON.stringify(results));\n`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, results: r.status === 0 ? JSON.parse(r.stdout) : [] };
}

describe('a hostile rehearsal file', () => {
  it('nested thousands deep (a few kilobytes): a message at the place, and Node survives reading it twice', () => {
    // Regression: the yaml package recursed once per level; its stack overflow came back as "not valid JSON:
    // Maximum call stack size exceeded", and the second one in a process killed Node (dev mode, check then build).
    const dir = tempDir();
    const flow = join(dir, 'flow.rehearsal.json');
    writeFileSync(flow, `{"paparan": "rehearsals", "x": ${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`);
    const block = join(dir, 'block.rehearsal.json');
    writeFileSync(block, `${'- '.repeat(5000)}1\n`);
    const { status, results } = readInChild([flow, block]);
    expect(status).toBe(0);
    expect(results[0]).toEqual([{ line: 1, column: 107, message: 'The rehearsal file nests more than 16 levels deep; a rehearsal file has 5' }]);
    expect(results[1]).toEqual([{ line: 1, column: 2, message: 'The rehearsal file is not valid JSON: No number after minus sign' }]);
    expect(results.slice(2)).toEqual(results.slice(0, 2));
  });

  it('YAML anchors and aliases: not JSON, said with a position, never a thrown ReferenceError', () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    writeFileSync(file, `{"paparan": "rehearsals", "version": 1, "rehearsals": [&t {"recordedAt": "2026-11-26T08:00:00Z", "slides": []}, *t]}`);
    expect(readRehearsals(file).messages.map((m) => [m.rule, m.position, m.message])).toEqual([
      ['rehearsal-invalid', { line: 1, column: 56 }, "The rehearsal file is not valid JSON: Unexpected token '&'"],
    ]);
  });

  it('a FIFO, /dev/zero, a folder or /etc/passwd at its path: read promptly, refused, nothing of it echoed', () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo.rehearsal.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const zero = join(dir, 'zero.rehearsal.json');
    symlinkSync('/dev/zero', zero);
    const folder = join(dir, 'folder.rehearsal.json');
    mkdirSync(folder);
    const passwd = join(dir, 'passwd.rehearsal.json');
    symlinkSync('/etc/passwd', passwd);
    const { status, results } = readInChild([fifo, zero, folder, passwd]);
    expect(status).toBe(0);
    expect(results.slice(0, 4).map((r) => r.map((m) => m.message))).toEqual([
      ['Cannot read the rehearsal file: it is not a regular file (a device, a pipe or a socket)'],
      ['Cannot read the rehearsal file: it is not a regular file (a device, a pipe or a socket)'],
      ['Cannot read the rehearsal file: it is a folder, not a file'],
      ["The rehearsal file is not valid JSON: Unexpected token 'r'"],
    ]);
  });

  it('duplicate keys, __proto__, 1e308, NaN, broken UTF-8 and a byte-order mark', () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    const messageOf = (source: string | Buffer) => {
      writeFileSync(file, source);
      const { takes, messages } = readRehearsals(file);
      return messages.length ? `${messages[0]!.position.line}:${messages[0]!.position.column} ${messages[0]!.message}` : `${takes.length} takes`;
    };
    const good = fileOf(take(1));
    expect(messageOf(good.replace('"recordedAt"', '"recordedAt": "2026-01-01T00:00:00Z", "recordedAt"'))).toBe('6:45 The rehearsal file is not valid JSON: Map keys must be unique');
    expect(messageOf(good.replace('"recordedAt"', '"__proto__": {"polluted": true}, "recordedAt"'))).toBe('1 takes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(messageOf(good.replace('"spoken": 12', '"spoken": 1e308'))).toBe('12:21 Rehearsal 1: `spoken` must be a number of seconds from 0 to 86400');
    expect(messageOf(good.replace('"spoken": 12', '"spoken": NaN'))).toBe("12:21 The rehearsal file is not valid JSON: Unexpected token 'N'");
    // Bytes that are not UTF-8: in a title they read as U+FFFD; before the JSON they are an error at 1:1.
    expect(messageOf(Buffer.from(good.replace('Slide 0', 'Slide \u00ff'), 'latin1'))).toBe('1 takes');
    expect(messageOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good)]))).toMatch(/^1:1 The rehearsal file is not valid JSON: Unexpected token/);
    expect(messageOf(`\uFEFF${good}`)).toBe('1 takes');
  });
});

/** saveRehearsal behind a real server, as dev() mounts it; `page` (when given) is served at / with the session. */
async function serve(file: string, page?: string) {
  const lines: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === REHEARSAL_URL) return void saveRehearsal(req, res, { token: 'geheim', file, log: (l) => lines.push(l) });
    if (req.url?.startsWith('/') && page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(withClient(page, { saveUrl: REHEARSAL_URL, token: 'geheim' }));
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const post = (body: string) => fetch(`http://127.0.0.1:${port}${REHEARSAL_URL}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-paparan-token': 'geheim' }, body });
  return { port, url: `http://127.0.0.1:${port}/`, lines, post, close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))) };
}

describe('the dev endpoint, attacked', () => {
  it('saves that grow the file past what is read drop the oldest takes: the file stays readable', async () => {
    // Regression: takes of 1000 long-titled slides passed every check, and after four the file outgrew the
    // 1 MiB readRehearsals reads: the fifth save and every build after failed.
    const file = join(tempDir(), 'uji.rehearsal.json');
    const server = await serve(file);
    try {
      for (let n = 0; n < 5; n++) {
        const body = JSON.stringify(take(1000, (i) => `${n}-${i} ${'x'.repeat(140)}`));
        expect(body.length).toBeLessThan(256 * 1024);
        expect((await server.post(body)).status).toBe(200);
      }
      const { takes, messages } = readRehearsals(file);
      expect(messages).toEqual([]);
      expect(takes.length).toBeGreaterThan(1);
      expect(takes.at(-1)!.slides[0]!.title).toMatch(/^4-0 /);
    } finally {
      await server.close();
    }
  });

  it('a save while the file is broken: refused with where and what to do, the file left as it was', async () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    const broken = fileOf(take(1)).replace('"spoken": 12', '"spoken": -3');
    writeFileSync(file, broken);
    const server = await serve(file);
    try {
      const response = await server.post(JSON.stringify(take(1)));
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: string }).error).toMatch(/uji\.rehearsal\.json:12:21 Rehearsal 1: `spoken` must be a number/);
      expect(server.lines.join('\n')).toMatch(/uji\.rehearsal\.json:12:21 +error +Rehearsal 1: `spoken`[^\n]*rehearsal-invalid\n +hint: /);
      expect(readFileSync(file, 'utf8')).toBe(broken);
    } finally {
      await server.close();
    }
  });

  it('an enormous Content-Length is refused at once, before the body is sent', async () => {
    const server = await serve(join(tempDir(), 'uji.rehearsal.json'));
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () =>
          socket.write(`POST ${REHEARSAL_URL} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\ncontent-type: application/json\r\nx-paparan-token: geheim\r\ncontent-length: 1000000000000\r\n\r\n{"recordedAt"`),
        );
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    } finally {
      await server.close();
    }
  });

  it('concurrent saves all land, and the file stays whole', async () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    const server = await serve(file);
    try {
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, n) => server.post(JSON.stringify(take(50, (i) => `${n}/${i}`))).then((r) => r.status)));
      expect(statuses).toEqual(Array(20).fill(200));
      const { takes, messages } = readRehearsals(file);
      expect(messages).toEqual([]);
      expect(new Set(takes.map((t) => t.slides[0]!.title.split('/')[0])).size).toBe(20);
    } finally {
      await server.close();
    }
  });
});

describe('the presenter view, attacked', () => {
  const themes = loadThemes(join(ROOT, 'themes'));
  // Marp gives headings ids from their text: these titles name paparan's own elements.
  const TITLES = ['Paparan Pace', 'Paparan Dev', '</script><img src=x onerror=alert(1)>', '<!-- \u2028 komentar', 'Cadangan'];
  const pace = paceData({ lang: 'id', duration: 1, slides: TITLES.map((title, i) => ({ id: `s${i}`, title, budget: 10, backup: i >= 2 })), rehearsals: [], rehearsalFile: 'slides/uji.rehearsal.json' });
  let viewer: Browser;
  let html: string;
  let file: string;
  beforeAll(async () => {
    viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const markdown = `---\nmarp: true\ntheme: paparan\nlang: id\n---\n\n${TITLES.map((t) => `# ${t.replace(/</g, '&lt;')}\n`).join('\n---\n\n')}`;
    html = await markdownToHtml(markdown, themes, pace);
    file = join(tempDir(), 'deck.html');
    writeFileSync(file, html);
  }, 60_000);
  afterAll(() => viewer?.close());

  async function open(url: string, stored?: unknown): Promise<{ page: Page; problems: string[] }> {
    const page = await viewer.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => (problems.push(`dialog ${d.message()}`), void d.dismiss()));
    if (stored !== undefined) {
      await page.evaluateOnNewDocument((key, value) => localStorage.setItem(key, value), `paparan-pace:${pace.key}`, JSON.stringify(stored));
    }
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems };
  }

  it('titles that name its elements, close the script or hold HTML: the panel is there, titles shown as text', async () => {
    // Regression: a slide titled "Paparan Pace" is <h1 id="paparan-pace">, found before the data: no panel at all.
    const { page, problems } = await open(`file://${file}?view=presenter`);
    await page.waitForSelector('.paparan-pace', { timeout: 10_000 });
    expect(await page.$$eval('.paparan-backups button', (b) => b.map((e) => e.textContent))).toEqual(['3. </script><img src=x onerror=alert(1)>', '4. <!-- \u2028 komentar', '5. Cadangan']);
    await page.click('[data-action=finish]');
    expect(await page.$$eval('.paparan-pace-report tbody tr > td:nth-child(2)', (c) => c.map((e) => e.textContent))).toEqual(['Paparan Pace', 'Paparan Dev']);
    expect(await page.$$('img[src=x]')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('saves under dev despite a slide titled "Paparan Dev", and says why when the file refuses', async () => {
    const rehearsals = join(tempDir(), 'uji.rehearsal.json');
    const server = await serve(rehearsals, html);
    try {
      const { page, problems } = await open(`${server.url}?view=presenter`, { startedAt: Date.now() - 20_000, elapsedBefore: 0, visits: [{ slide: 0, at: 0 }] });
      await page.waitForSelector('.paparan-pace');
      await page.click('[data-action=finish]');
      await page.click('[data-action=save]');
      await page.waitForFunction(() => document.querySelector('.paparan-pace-saved')?.textContent);
      expect(await page.$eval('.paparan-pace-saved', (e) => e.textContent)).toBe('Tersimpan di slides/uji.rehearsal.json');
      expect(readRehearsals(rehearsals).takes).toHaveLength(1);
      writeFileSync(rehearsals, '{"paparan": "rehearsals", "version": 1, "rehearsals": [}');
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('.paparan-pace');
      await page.click('[data-action=finish]');
      await page.click('[data-action=save]');
      await page.waitForFunction(() => document.querySelector('.paparan-pace-saved')?.textContent);
      expect(await page.$eval('.paparan-pace-saved', (e) => e.textContent)).toMatch(/^Gagal menyimpan \(409\): .*uji\.rehearsal\.json:1:56 The rehearsal file is not valid JSON: Unexpected token '}'$/);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('a timer state tampered with in localStorage: no error, no NaN, the panel keeps running', async () => {
    // Regression: a string start showed NaN:NaN, a null visit threw on every redraw (the panel froze).
    const visits = Array.from({ length: 200_000 }, (_, i) => ({ slide: i % 2, at: i }));
    for (const stored of [
      { startedAt: 'kemarin', elapsedBefore: 0, visits: [] },
      { startedAt: null, elapsedBefore: 5000, visits: [null, 7, { slide: '__proto__', at: 'x' }] },
      { startedAt: {}, elapsedBefore: 1e308, visits: [] },
      { startedAt: Date.now() + 3_600_000, elapsedBefore: -5000, visits: [] },
      { startedAt: null, elapsedBefore: 1000, visits },
    ]) {
      const { page, problems } = await open(`file://${file}?view=presenter`, stored);
      await page.waitForSelector('.paparan-pace');
      await page.click('[data-action=toggle]');
      await new Promise((resolve) => setTimeout(resolve, 400));
      const shown = await page.$eval('.paparan-pace', (e) => e.textContent ?? '');
      expect(shown, JSON.stringify(stored).slice(0, 80)).not.toMatch(/NaN|Infinity|e\+/);
      expect(await page.$eval('.paparan-pace-elapsed strong', (e) => e.textContent)).toMatch(/^\d+:\d\d$/);
      expect(problems).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
