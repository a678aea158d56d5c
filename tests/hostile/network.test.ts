import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

describe('hostile: no network', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('counts and refuses every request a page attempts, and fails the work naming the URL', async () => {
    const probe = new BrowserSession();
    const attempt = probe.withPage((page) => loadPage(page, '<img src="http://192.0.2.1/x.png"><link rel="stylesheet" href="https://fonts.invalid/a.css">'));
    await expect(attempt).rejects.toMatchObject({ kind: 'input', messages: [{ rule: 'remote-request', message: expect.stringContaining('http://192.0.2.1/x.png') }] });
    await probe.close();
    expect(probe.blockedRequests.sort()).toEqual(['http://192.0.2.1/x.png', 'https://fonts.invalid/a.css']);
  });

  it('a full build of both decks attempts zero requests', async () => {
    const out = tempDir();
    const results = await build({
      outlines: [join(ROOT, 'slides', 'kesimpulan.md'), join(ROOT, 'tests', 'fixtures', 'standard-marp', 'standard-marp.md')],
      root: ROOT,
      outDir: out,
      browser,
    });
    expect(results.flatMap((r) => r.outputs).filter((o) => o.status === 'written')).toHaveLength(12);
    expect(browser.blockedRequests).toEqual([]);
    // Both outlines were exported side by side into one manifest: a second build skips all of them.
    const again = await build({ outlines: [join(ROOT, 'slides', 'kesimpulan.md'), join(ROOT, 'tests', 'fixtures', 'standard-marp', 'standard-marp.md')], root: ROOT, outDir: out, browser });
    expect(again.flatMap((r) => r.outputs).map((o) => o.status)).toEqual(Array(12).fill('skipped'));
  });
});

