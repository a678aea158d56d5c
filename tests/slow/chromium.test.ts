// Unpacking the bundled Chromium (2 s or more a time), in the `slow` project.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BrowserSession, browserTimeoutMs, loadPage } from '../../scripts/export/browser.ts';
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

/** Renders a page in a fresh process whose temp folder is `tmp` (no CHROME_PATH): the bundled Chromium, unpacked there. */
function renderInChild(tmp: string): Promise<{ status: number | null; stderr: string; result?: { path: string; text: string }; error?: { kind: string; rule: string; message: string } }> {
  const script = join(tmp, 'render.mts');
  writeFileSync(
    script,
    `import { BrowserSession, findBrowser, loadPage } from ${JSON.stringify(join(ROOT, 'scripts', 'export', 'browser.ts'))};
const session = new BrowserSession();
try {
  const text = await session.withPage(async (page) => { await loadPage(page, '<p>rendered</p>'); return page.evaluate(() => document.body.textContent); });
  console.log(JSON.stringify({ result: { path: await findBrowser(), text } }));
} catch (error) {
  console.log(JSON.stringify({ error: { kind: error.kind, rule: error.messages?.[0]?.rule, message: error.messages?.[0]?.message ?? String(error) } }));
  process.exitCode = 1;
} finally {
  await session.close();
}`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.CHROME_PATH;
  delete env.PAPARAN_BROWSER_TIMEOUT;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) =>
    child.once('close', (status) => {
      const last = stdout.trim().split('\n').pop();
      resolve({ status, stderr, ...(last?.startsWith('{') ? (JSON.parse(last) as object) : {}) });
    }),
  );
}

/** What a finished run may leave in its temp folder: the unpacked browser (and tsx's cache), no temp folders. */
const leftovers = (tmp: string) => readdirSync(tmp).filter((n) => /^paparan-(unpack|trash|profile)-/.test(n));

describe.skipIf(systemBrowser)('the bundled Chromium (no system browser installed)', () => {
  it('is unpacked once, and the next launch repairs a truncated or damaged copy by itself; a page renders each time', async () => {
    const tmp = scratch();
    const first = await renderInChild(tmp);
    expect(first.status, first.stderr).toBe(0);
    expect(first.result!.text).toBe('rendered');
    const chromium = first.result!.path;
    expect(relative(tmp, chromium)).toMatch(/^paparan-chromium-[\w.-]+\/chromium$/);
    const size = statSync(chromium).size;
    expect(size).toBeGreaterThan(50_000_000);
    expect(leftovers(tmp)).toEqual([]);

    // A Ctrl-C or a full disk during an unpack by an older paparan: a truncated binary.
    const unpacked = statSync(chromium).ino;
    truncateSync(chromium, 1_000_000);
    const second = await renderInChild(tmp);
    expect(second.status, second.stderr).toBe(0);
    expect(second.result).toEqual({ path: chromium, text: 'rendered' });
    expect(statSync(chromium).size).toBe(size);
    const repaired = statSync(chromium).ino;
    expect(repaired).not.toBe(unpacked);

    // Damage the cheap checks cannot see (same size, date and inode): the launch fails, and is retried on a fresh unpack.
    const { mtime, atime } = statSync(chromium);
    const fd = openSync(chromium, 'r+');
    writeSync(fd, Buffer.alloc(60), 0, 60, 4);
    closeSync(fd);
    utimesSync(chromium, atime, mtime);
    const third = await renderInChild(tmp);
    expect(third.status, third.stderr).toBe(0);
    expect(third.result).toEqual({ path: chromium, text: 'rendered' });
    expect(readFileSync(chromium).subarray(4, 64).equals(Buffer.alloc(60))).toBe(false);
    expect(statSync(chromium).ino).not.toBe(repaired);
    expect(leftovers(tmp)).toEqual([]);
  });

  it('two processes unpacking at the same time both end with a working browser', async () => {
    const tmp = scratch();
    const [a, b] = await Promise.all([renderInChild(tmp), renderInChild(tmp)]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(a.result).toEqual({ path: a.result!.path, text: 'rendered' });
    expect(b.result).toEqual(a.result);
    expect(readdirSync(tmp).filter((n) => n.startsWith('paparan-'))).toEqual([basename(join(a.result!.path, '..'))]);
  });
});

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
const canMount = (() => {
  const dir = scratch();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status !== 0) return false;
  mounts.push(dir);
  return true;
})();

describe.skipIf(systemBrowser || !canMount)('the bundled Chromium on a full disk', () => {
  it('the first unpack fails with a clear error and leaves nothing behind; with room, the next run works', async () => {
    const tmp = scratch();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=120m', 'tmpfs', tmp]).status).toBe(0);
    mounts.push(tmp);
    const full = await renderInChild(tmp);
    expect(full.status).toBe(1);
    expect(full.error).toMatchObject({ kind: 'browser', rule: 'no-browser' });
    expect(full.error!.message).toMatch(/no space left/i);
    expect(readdirSync(tmp).filter((n) => n.startsWith('paparan-'))).toEqual([]);
    expect(spawnSync('mount', ['-o', 'remount,size=400m', tmp]).status).toBe(0);
    const roomy = await renderInChild(tmp);
    expect(roomy.status, roomy.stderr).toBe(0);
    expect(roomy.result!.text).toBe('rendered');
  });
});

