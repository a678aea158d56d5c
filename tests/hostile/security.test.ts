import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { check } from '../../scripts/check.ts';
import { BrowserSession, findBrowser } from '../../scripts/export/browser.ts';
import { markdownToHtml } from '../export/html-helpers.ts';
import { loadThemes } from '../../scripts/themes.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

const puppeteer = (createRequire(import.meta.url)('puppeteer-core') as typeof import('puppeteer-core')).default;
const themes = loadThemes(join(ROOT, 'themes'));
const FRONT = '---\nmarp: true\ntheme: paparan\nmath: mathjax\n---\n\n';

/** Every way a Markdown body reached out or ran code before the final sanitizer (issue 11.2 and 11.5). */
const ATTACKS = {
  mathJs: '$\\href{javascript:alert(1)}{klik}$',
  mathRemote: '$\\href{http://198.51.100.7/m}{situs}$',
  mathStyle: '$\\style{background:url(http://198.51.100.7/s.png)}{x}$',
  referenceImage: '![peta][r]\n\n[r]: http://198.51.100.7/ref.png',
  rawImage: '<img src="http://198.51.100.7/raw.png">',
  rawHandler: '<img src="x" onerror="alert(2)">',
  styleImport: '<style>@import url(http://198.51.100.7/a.css);</style>',
  styleUrl: '<style>section { background: url(http://198.51.100.7/b.png); }</style>',
  fontFace: "<style>@font-face { font-family: x; src: url(http://198.51.100.7/f.woff2); }</style>",
  backgroundDirective: '<!-- _backgroundImage: url(http://198.51.100.7/bg.png) -->',
  singleQuoteTitle: "![a](http://198.51.100.7/q.png 'judul')",
  parenTitle: '![a](http://198.51.100.7/p.png (judul))',
  jsLink: '[klik](javascript:alert(3))',
  svgOnload: '<svg onload="alert(4)"><circle r="5"/></svg>',
};

/** Loads an HTML file as a viewer would (file://), counting every request but the file itself and every dialog. */
async function openAsViewer(browser: Browser, file: string, query = '') {
  const page = await browser.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith(`file://${file}`)) requests.push(url);
    void (url.startsWith('http') ? request.abort() : request.continue());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`file://${file}${query}`, { waitUntil: 'load' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
      scriptLinks: all.flatMap((el) => [...el.attributes].filter((a) => /^\s*(javascript|vbscript|data:text)/i.test(a.value)).map((a) => `${el.tagName} ${a.name}`)),
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    };
  });
  await page.close();
  return { requests, dialogs, ...dom };
}

describe('hostile: data never runs as code or reaches the network', () => {
  let viewer: Browser;
  beforeAll(async () => {
    viewer = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(() => viewer?.close());

  it.each(Object.entries(ATTACKS))('a body with %s renders to nothing that runs or loads', async (_name, attack) => {
    const { createMarp } = await import('../../scripts/render/marp.ts');
    const { html, css } = createMarp(themes).render(`${FRONT}# Uji\n\n${attack}\n`);
    expect(html).not.toMatch(/<[^>]*(\son[a-z]+\s*=|javascript:|198\.51\.100\.7)/i);
    expect(css).not.toContain('198.51.100.7');
  });

  it('the HTML of a deck with every attack, opened as a viewer would (and its presenter view), runs nothing and fetches nothing', async () => {
    const body = Object.values(ATTACKS).map((attack, i) => `# Serangan ${i + 1}\n\n${attack}\n`).join('\n---\n\n');
    const html = await markdownToHtml(`${FRONT}${body}`, themes);
    const file = join(tempDir(), 'deck.html');
    writeFileSync(file, html);
    for (const view of ['', '?view=presenter']) {
      const result = await openAsViewer(viewer, file, view);
      expect(result.requests, view).toEqual([]);
      expect(result.dialogs, view).toEqual([]);
      expect(result.handlers, view).toEqual([]);
      expect(result.scriptLinks, view).toEqual([]);
      expect(result.links.filter((href) => !/^(https?:|mailto:|#)/.test(href ?? '')), view).toEqual([]);
    }
    expect(html).not.toContain('198.51.100.7');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  // Issue 14 (first part): Marp's blue progress bar ran along the top beside ours and shrank the slide.
  it('the deck shows one progress indicator (ours) and fills a 16:9 window', async () => {
    const html = await markdownToHtml(`${FRONT}# Uji\n\n---\n\n# Dua\n`, themes);
    const file = join(tempDir(), 'deck.html');
    writeFileSync(file, html);
    const page = await viewer.newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const layout = await page.evaluate(() => ({
      bars: document.querySelectorAll('.bespoke-progress-parent').length,
      slide: (() => {
        const box = document.querySelector('svg[data-marpit-svg]')!.getBoundingClientRect();
        return [Math.round(box.width), Math.round(box.height)];
      })(),
    }));
    await page.close();
    expect(layout).toEqual({ bars: 0, slide: [1280, 720] });
  });

  it('the policy stops a script even if one got past the sanitizer', async () => {
    const html = (await markdownToHtml(`${FRONT}# Uji\n`, themes)).replace('</body>', '<img src="x" onerror="alert(5)"><script>alert(6)</script></body>');
    const file = join(tempDir(), 'deck.html');
    writeFileSync(file, html);
    expect((await openAsViewer(viewer, file)).dialogs).toEqual([]);
  });

  // Regressions (issue 11.3 and 11.4), in the page a viewer opens: notes and alt text are text, nothing else.
  it('notes written as directives and alt text written as Markdown change nothing in the opened deck', async () => {
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'img'));
    writeFileSync(join(project, 'slides', 'img', 'peta.png'), readFileSync(join(ROOT, 'tests', 'fixtures', 'standard-marp', 'peta.png')));
    const outline = join(project, 'slides', 'serangan.md');
    const notes = ['{ _class: lead, _header: "HACKED", style: "@import url(http://198.51.100.7/n.css);" }', '? _footer\n: HACKED', 'backgroundImage: url(http://198.51.100.7/n.png)\n_color: red'];
    const slides = notes.map((n) => `  - layout: points\n    title: "Poin"\n    points: ["satu"]\n    notes: ${JSON.stringify(n)}`);
    slides.push('  - layout: image\n    title: "Peta"\n    src: img/peta.png\n    alt: "Peta](http://198.51.100.7/alt.png) ![bg w:20px sepia"\n    notes: "n"');
    writeFileSync(outline, `---\ntitle: "Uji"\nlang: id\nslides:\n${slides.join('\n')}\n---\n`);
    const out = tempDir();
    await build({ outlines: [outline], root: project, outDir: out, formats: ['html'] });
    const file = join(out, 'serangan', 'serangan.html');
    const result = await openAsViewer(viewer, file);
    expect(result.requests).toEqual([]);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<header[^>]*>[^<]*HACKED|<footer[^>]*>[^<]*HACKED|class="lead"|<[^>]*data-marpit-advanced-background=/);
    for (const n of notes) expect(html).toContain(n.split('\n')[0]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(html).toContain('alt="Peta](http://198.51.100.7/alt.png) ![bg w:20px sepia"');
  });

  it('check names every remote reference in the body at its line, with the rule and a fix', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'serangan.md');
    const body = Object.values(ATTACKS).join('\n\n');
    const front = '---\ntitle: "Uji"\nlang: id\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n';
    writeFileSync(outline, `${front}# Serangan\n\n${body}\n`);
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    const lineOf = (snippet: string) => `${front}# Serangan\n\n${body}`.split('\n').findIndex((l) => l.includes(snippet)) + 1;
    const found = messages.map((m) => `${m.position.line} ${m.rule}`);
    for (const [snippet, rule] of [
      ['[r]: http://198.51.100.7/ref.png', 'remote-url'],
      ['raw.png', 'remote-url'],
      ['a.css', 'remote-url'],
      ['b.png', 'remote-url'],
      ['f.woff2', 'remote-url'],
      ['bg.png', 'remote-url'],
      ['q.png', 'remote-url'],
      ['p.png', 'remote-url'],
      ['\\href{javascript', 'math-link'],
    ] as const) {
      expect(found, `${snippet} → ${rule}: ${found.join(', ')}`).toContain(`${lineOf(snippet)} ${rule}`);
    }
    expect(messages.filter((m) => m.rule === 'remote-url').every((m) => m.hint?.includes('Download'))).toBe(true);
    // build refuses the same outline, before writing anything.
    const out = tempDir();
    await expect(build({ outlines: [outline], root: project, outDir: out })).rejects.toMatchObject({ kind: 'input' });
  });

  // Regression (stranger review): an image in the notes was fetched by the handout's page; the build failed late
  // with a remote-request error that named no slide.
  it('an image in the notes is text in the handout and the script, and fetches nothing', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'catatan.md');
    writeFileSync(outline, `---\ntitle: "Uji"\nlang: id\nslides:\n  - layout: title\n    notes: |\n      Lihat ![peta](http://198.51.100.7/notes.png) dan ![r][x]\n\n      [x]: //198.51.100.7/ref.png\n---\n`);
    const out = tempDir();
    const browser = new BrowserSession();
    try {
      await build({ outlines: [outline], root: project, outDir: out, browser, formats: ['handout', 'notes'], handout: { mode: 'notes' } });
      expect(browser.blockedRequests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  // Regression (stranger review): page-info directives in the body wrote `javascript:` and remote URLs into the
  // page head, and overrode the outline's language.
  it('the page head takes its title, language and links from the outline only', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'kepala.md');
    const body = '<!-- url: "javascript:alert(1)" -->\n<!-- image: "http://198.51.100.7/og.png" -->\n<!-- lang: "en" -->\n<!-- title: "Bukan judul" -->\n';
    writeFileSync(outline, `---\ntitle: "Judul asli"\nlang: id\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n${body}`);
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    expect(messages.map((m) => `${m.position.line} ${m.rule}`)).toEqual(['8 directive-ignored', '9 directive-ignored', '10 directive-ignored', '11 directive-ignored']);
    const out = tempDir();
    await build({ outlines: [outline], root: project, outDir: out, formats: ['html'] });
    const html = readFileSync(join(out, 'kepala', 'kepala.html'), 'utf8');
    expect(html).not.toMatch(/javascript:|198\.51\.100\.7|Bukan judul|rel="canonical"|og:image/);
    expect(html).toMatch(/<html lang="id"/);
    expect(html).toContain('<title>Judul asli</title>');
  });

  // Stranger review: an SVG full of script and references was embedded without a word.
  it('check warns about an SVG that holds script or references, at its field', async () => {
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'img'));
    writeFileSync(join(project, 'slides', 'img', 'aktif.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>fetch("http://198.51.100.7/")</script><image href="http://198.51.100.7/x.png"/></svg>');
    const outline = join(project, 'slides', 'svg.md');
    writeFileSync(outline, '---\ntitle: "Uji"\nlang: id\nrules: { notes-missing: off }\nslides:\n  - layout: image\n    title: "Gambar"\n    src: img/aktif.svg\n    alt: "Gambar"\n---\n');
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    expect(messages.map((m) => `${m.position.line}:${m.position.column} ${m.rule} ${m.severity}`)).toEqual(['8:10 image-svg-active warning']);
    expect(messages[0]!.message).toContain('a script');
  });

  it('math cannot put a link into the PDF either', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'rumus.md');
    writeFileSync(outline, `---\ntitle: "Uji"\nlang: id\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n# Rumus\n\n${ATTACKS.mathJs} ${ATTACKS.mathRemote}\n\n[tautan biasa](https://example.org/)\n`);
    const out = tempDir();
    const browser = new BrowserSession();
    try {
      await build({ outlines: [outline], root: project, outDir: out, browser, formats: ['pdf', 'handout'] });
    } finally {
      await browser.close();
    }
    for (const file of ['rumus.pdf', 'rumus-handout.pdf']) {
      const pdf = await PDFDocument.load(readFileSync(join(out, 'rumus', file)));
      const uris = pdf.getPages().flatMap((page) =>
        (page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []).flatMap((ref) => {
          const action = pdf.context.lookupMaybe(ref, PDFDict)?.lookupMaybe(PDFName.of('A'), PDFDict);
          const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString);
          return uri ? [uri.decodeText()] : [];
        }),
      );
      expect(uris, file).toEqual(['https://example.org/']);
    }
  });

  it('property: bodies mixing these constructs never yield a handler, a script URL or a request in the browser', async () => {
    const session = new BrowserSession();
    const { createMarp } = await import('../../scripts/render/marp.ts');
    const marp = createMarp(themes);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...Object.values(ATTACKS)), fc.constantFrom('# Judul', 'teks **tebal**', '---', '- butir', '<div>', '</div>', '"', "'", '<!--', '-->')), { minLength: 1, maxLength: 6 }), async (parts) => {
          const { html, css } = marp.render(`${FRONT}${parts.join('\n\n')}\n`);
          // Escaped text may show these words; no tag may hold them.
          expect(html).not.toMatch(/<[^>]*(\son[a-z]+\s*=|javascript:|198\.51\.100\.7)/i);
          expect(css).not.toContain('198.51.100.7');
          await session.withPage(async (page) => {
            page.on('dialog', () => {
              throw new Error('a dialog opened');
            });
            await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body>${html}</body></html>`, { waitUntil: 'load' });
            const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => /^on/i.test(a.name))));
            expect(handlers).toBe(false);
          });
        }),
        { numRuns: 25, seed: 20261126 },
      );
      expect(session.blockedRequests).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
