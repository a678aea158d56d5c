import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { dev } from '../../scripts/dev.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { pdfPageTexts, pdfText, ROOT, tempDir, tempProject } from '../helpers.ts';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'citations');
const BIB = readFileSync(join(FIXTURES, 'zotero.bib'), 'utf8');
const KEYS = [...BIB.matchAll(/^@\w+\{([^,\s]+),/gm)].map((m) => m[1]!);

/** The 25-work deck in a project of its own, with its style and language set. */
function project(csl: string, lang: 'id' | 'en') {
  const dir = tempProject();
  copyFileSync(join(FIXTURES, 'zotero.bib'), join(dir, 'slides', 'zotero.bib'));
  const outline = join(dir, 'slides', 'kutipan.md');
  writeFileSync(outline, readFileSync(join(FIXTURES, 'kutipan-25.md'), 'utf8').replace(/^csl: .*$/m, `csl: ${csl}`).replace(/^lang: .*$/m, `lang: ${lang}`));
  return { dir, outline };
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

// Issue 16, done when: 25 works from a Zotero export, APA and IEEE, id and en, the list split with no overflow.
describe('a deck citing 25 works', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('has 25 works in its bibliography, each cited', () => {
    expect(KEYS).toHaveLength(25);
    const deck = readFileSync(join(FIXTURES, 'kutipan-25.md'), 'utf8');
    for (const key of KEYS) expect(deck, key).toContain(`@${key}`);
  });

  it.each([
    ['apa', 'id', /\(Aris, 2011[a-z]?[,;)]/, 'Daftar Pustaka', '(lanjutan)'],
    ['apa', 'en', /\(Aris, 2011[a-z]?[,;)]/, 'References', '(continued)'],
    ['ieee', 'id', /\[\d+(, hlm\. \d+)?\]/, 'Daftar Pustaka', '(lanjutan)'],
    ['ieee', 'en', /\[\d+(, p\. \d+)?\]/, 'References', '(continued)'],
  ] as const)('builds in %s (%s): in-text citations, every work listed, the list split with no overflow', async (csl, lang, inText, heading, continued) => {
    const { dir, outline } = project(csl, lang);
    const out = tempDir();
    const [result] = await build({ outlines: [outline], root: dir, outDir: out, browser, formats: ['pdf', 'notes'] });
    expect(result!.warnings.filter((w) => w.rule === 'overflow' || w.rule === 'citation-unknown')).toEqual([]);
    const pages = await pdfPageTexts(join(out, 'kutipan', 'kutipan.pdf'));
    const text = squash(pages.join(' '));
    expect(text).toMatch(inText);
    expect(text).toContain('nama@kampus.ac.id');
    expect(text).not.toMatch(/\[@|@aris_/);
    const listPages = pages.filter((page) => page.includes(heading));
    expect(listPages.length).toBeGreaterThan(1);
    expect(listPages.slice(1).every((page) => page.includes(continued))).toBe(true);
    const list = squash(listPages.join(' '));
    // Every work in the list: its year (or n.d.) and the first word of its title, as the PDF gives them back.
    const titles = [...BIB.matchAll(/^\s*title = \{+([^{}\s]+)/gm)].map((m) => m[1]!.replace(/[{}\\]/g, ''));
    expect(titles).toHaveLength(25);
    for (const word of titles) expect(list, word).toContain(word);
    const script = squash(await pdfText(join(out, 'kutipan', 'kutipan-notes.pdf')));
    expect(script.lastIndexOf(heading)).toBeGreaterThan(script.lastIndexOf('Total'));
  }, 60_000);

  const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;
  it.skipIf(!canUnshare)('builds with no network at all (a fresh network namespace), the same bytes as online', () => {
    const { dir } = project('apa', 'id');
    const run = (args: string[], out: string) => spawnSync(args[0]!, [...args.slice(1), join(ROOT, 'bin', 'paparan.mjs'), 'build', 'slides/kutipan.md', '--format', 'md,pdf', '--out', out], { cwd: dir, encoding: 'utf8' });
    const online = run([process.execPath], 'online');
    expect(online.status, online.stderr).toBe(0);
    const offline = run(['unshare', '-n', process.execPath], 'offline');
    expect(offline.status, offline.stderr).toBe(0);
    for (const file of ['kutipan.md', 'kutipan.pdf']) expect(readFileSync(join(dir, 'offline', 'kutipan', file)).equals(readFileSync(join(dir, 'online', 'kutipan', file))), file).toBe(true);
  }, 120_000);

  it('dev mode rebuilds when the bibliography changes', async () => {
    const { dir, outline } = project('apa', 'id');
    const server = await dev({ outline, root: dir, outDir: tempDir(), port: 0 });
    const nextHtml = () => new Promise<void>((resolve) => server.events.addEventListener('html', () => resolve(), { once: true }));
    try {
      await nextHtml();
      expect(await (await fetch(server.url)).text()).toContain('Eurasian Regionalism');
      const bibFile = join(dir, 'slides', 'zotero.bib');
      writeFileSync(bibFile, readFileSync(bibFile, 'utf8').replace('title = {Eurasian {{Regionalism}}', 'title = {Regionalisme {{Eurasia}}'));
      // Waited for by what the page serves, not by events: the first build may still report its own.
      let html = '';
      for (let tries = 0; tries < 300 && !html.includes('Regionalisme Eurasia'); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        html = await (await fetch(server.url)).text();
      }
      expect(html.includes('Regionalisme Eurasia')).toBe(true);
      expect(html.includes('Eurasian Regionalism')).toBe(false);
    } finally {
      await server.close();
    }
  }, 120_000);
});
