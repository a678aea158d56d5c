import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../scripts/build.ts';
import { exportHtml } from '../../scripts/export/html.ts';
import { bespokeHtml, markdownToHtml } from './html-helpers.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { contentSecurityPolicy } from '../../scripts/export/csp.ts';
import { deckPace } from '../../scripts/export/pace.ts';
import { renderWithTheme } from '../../scripts/export/slides.ts';
import { screenMarpFor } from '../../scripts/render/marp.ts';
import { NOTES_MARK } from '../../scripts/render/engine.mjs';
import { loadThemes } from '../../scripts/themes.ts';
import { ROOT, tempDir } from '../helpers.ts';

const themes = loadThemes(join(ROOT, 'themes'));
const ENGINE = join(ROOT, 'scripts', 'render', 'engine.mjs');

/** marp-cli's own bespoke page for the same Markdown, engine and themes, as paparan made it until stop 24. */
async function marpCliHtml(markdown: string): Promise<string> {
  const dir = tempDir('paparan-bespoke-');
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'deck.md'), markdown);
  const { marpCli } = createRequire(import.meta.url)('@marp-team/marp-cli') as typeof import('@marp-team/marp-cli');
  const code = await marpCli([join(dir, 'deck.md'), '--no-config-file', '--engine', ENGINE, '--theme-set', themes.dir, '--template', 'bespoke', '--no-bespoke.progress', '-o', join(dir, 'out', 'deck.html')]);
  expect(code).toBe(0);
  const page = readFileSync(join(dir, 'out', 'deck.html'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return page;
}

/** Marpit names each scoped style with a random key (in either case): each becomes KEY<n>. */
function sameKeys(html: string): string {
  const keys = [...new Set([...html.matchAll(/data-marpit-scope-([a-z0-9]{8})/g)].map((m) => m[1]!))];
  return keys.reduce((page, key, n) => page.replace(new RegExp(key, 'gi'), `KEY${n}`), html);
}
const ours = (markdown: string) => sameKeys(bespokeHtml(markdown, themes));
const theirs = async (markdown: string) => sameKeys(await marpCliHtml(markdown));

const front = (extra = '') => `---\nmarp: true\ntheme: paparan\nlang: id\n${extra}---\n\n`;

const DECKS: Record<string, string> = {
  // Every directive that fills the head, with characters Pug escapes.
  head: `${front('title: "A & B <c> \\"d\\""\nauthor: "Nama & Co"\ndescription: "Ringkasan <singkat>"\nkeywords: "SCO, Rusia, SCO, Asia Tengah"\nurl: "https://example.org/a?b=1&c=2"\nimage: "https://example.org/og.png"\n')}# Satu\n\n<!--\n${NOTES_MARK}\nCatatan <b>tebal</b> & "kutip"\n-->\n\n---\n\n# Dua\n`,
  // No title: the highest heading gives it; one keyword is not written; an invalid url is dropped.
  detected: `${front('keywords: "satu"\nurl: "bukan url"\n')}## Kedua\n\n# Judul yang *ditemukan*\n\n---\n\n# Lain\n`,
  // Built-in transitions, a duration, a scoped style's own keyframes, and a name that is not built in.
  transitions: `${front()}<!-- transition: fade -->\n\n# Satu\n\n---\n\n<!-- transition: clockwise 2s -->\n\n# Dua\n\n---\n\n<style scoped>@keyframes marp-incoming-transition-zoom{from{opacity:0}to{opacity:1}}</style>\n<!-- transition: zoom -->\n\n# Tiga\n\n---\n\n<!-- transition: buatan 1s -->\n\n# Empat\n\n---\n\n# Lima\n`,
  // A byte-order mark, and notes on some slides only.
  bom: `\uFEFF${front('title: Judul\n')}# Satu\n\n<!--\n${NOTES_MARK}\nHanya di sini.\n-->\n\n---\n\n# Dua\n\n---\n\n# Tiga\n\n<!--\n${NOTES_MARK}\nDan di sini.\n-->\n`,
};

// Stop 24: the HTML was marp-cli's bespoke template run in-process (loading marp-cli and rendering the deck a
// second time); paparan now writes the same page itself. Byte for byte the same as marp-cli's, also after upgrading it.
describe('the bespoke page equals marp-cli’s', () => {
  const savedLang = process.env.LC_ALL;
  beforeAll(() => {
    // marp-cli falls back on the system's locale for a deck that names no language; every deck here names one.
    process.env.LC_ALL = 'en_US.UTF-8';
  });
  afterAll(() => {
    if (savedLang === undefined) delete process.env.LC_ALL;
    else process.env.LC_ALL = savedLang;
  });

  for (const [name, markdown] of Object.entries(DECKS)) {
    it(`for the ${name} deck`, async () => {
      const page = ours(markdown);
      if (name === 'transitions') expect(page).toMatch(/__builtin__fade[\s\S]*zoom-KEY0/);
      expect(page).toBe(await theirs(markdown));
    });
  }

  it('for the conclusion and the standard Marp fixture', async () => {
    for (const file of ['slides/kesimpulan.md', 'tests/fixtures/standard-marp/standard-marp.md']) {
      const { markdown } = prepare(join(ROOT, file), { root: ROOT }).deck;
      const page = ours(markdown);
      expect(page.length).toBeGreaterThan(50_000);
      expect(page).toBe(await theirs(markdown));
    }
  });

  // On purpose: marp-cli looks the name up in a plain object, and wrote `function Object() { [native code] }` as a
  // style for `transition: constructor`; paparan takes only the built-in transitions' own names.
  it('except for transition names that are not built-in ones but Object’s own properties', async () => {
    const markdown = `${front()}<!-- transition: constructor -->\n\n# Satu\n\n---\n\n<!-- transition: __proto__ -->\n\n# Dua\n`;
    const page = ours(markdown);
    expect(await theirs(markdown)).toContain('native code');
    expect(page).not.toContain('native code');
    expect(page).not.toContain('[object Object]');
    expect(page).toContain('data-transition="{&quot;name&quot;:&quot;constructor&quot;}"');
  });

  it('for a deck with no language, where both use en-US', async () => {
    const markdown = '---\nmarp: true\ntheme: paparan\n---\n\n# Satu\n';
    const page = ours(markdown);
    expect(page).toContain('<html lang="en-US">');
    expect(page).toBe(await theirs(markdown));
  });
});

interface Node {
  nodeName: string;
  childNodes?: Node[];
  value?: string;
}

/** Every inline script of a page, as the browser reads it (parse5, as the policy was made until stop 24). */
function inlineScripts(html: string): string[] {
  const parse5 = createRequire(import.meta.url)('parse5') as typeof import('parse5');
  const scripts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === 'script') scripts.push((node.childNodes ?? []).map((c) => c.value ?? '').join(''));
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(parse5.parse(html) as unknown as Node);
  return scripts;
}

// Stop 24: the policy's hashes come from the scripts paparan writes, no longer from parsing the finished page.
describe('the page’s policy', () => {
  it('allows every script in the page, in order, and nothing else', async () => {
    const prepared = prepare(join(ROOT, 'slides/kesimpulan.md'), { root: ROOT });
    const pace = deckPace(prepared);
    expect(pace).toBeDefined();
    const html = exportHtml(renderWithTheme(screenMarpFor(prepared.themes), prepared.deck.markdown), pace);
    const { createHash } = await import('node:crypto');
    const hashes = inlineScripts(html).map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(hashes.length).toBe(5);
    const policy = /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src ([^;]*);/.exec(html)![1]!;
    expect(policy).toBe(hashes.join(' '));
  });
});

// Stop 24 (review): the policy hashed a script's text as written, the browser as parsed (CR LF read as LF); and
// paparan's styles went in before the first `</head>`, which a deck's CSS could hold.
describe('the page in a browser', () => {
  const session = new BrowserSession();
  afterAll(() => session.close());

  it('runs a script written with CRLF line endings, which its hash allows', async () => {
    const script = 'window.ran = 1;\r\nwindow.ranToo = 2;\rwindow.ranThree = 3;';
    const html = `<!DOCTYPE html><html><head>${contentSecurityPolicy([script])}</head><body><script>${script}</script></body></html>`;
    const ran = await session.withPage(async (page) => {
      await page.setContent(html);
      return page.evaluate(() => [(window as never as Record<string, number>).ran, (window as never as Record<string, number>).ranThree]);
    });
    expect(ran).toEqual([1, 3]);
  });

  it('keeps its fonts and presenter styles in <head> when the deck’s CSS holds `</head>`', async () => {
    const html = markdownToHtml(`${front()}<style>section::before{content:"</head>"}</style>\n\n# Satu\n`, themes);
    const found = await session.withPage(async (page) => {
      await page.setContent(html);
      return page.evaluate(() => ({
        fonts: document.head.querySelector('style#paparan-fonts') !== null,
        presenter: document.head.querySelector('style#paparan-presenter') !== null,
        policy: document.head.firstElementChild?.getAttribute('http-equiv'),
        strayText: [...document.body.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== ''),
      }));
    });
    expect(found).toEqual({ fonts: true, presenter: true, policy: 'Content-Security-Policy', strayText: false });
  });
});
