import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../../scripts/build.ts';
import { marpFor } from '../../scripts/render/marp.ts';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { renderWithTheme, slidesDocument } from '../../scripts/export/slides.ts';
import { fitDeck } from '../../scripts/fit.ts';
import { pdfText, ROOT, tempDir } from '../helpers.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = new BrowserSession();
afterAll(() => browser.close());

const DECKS = ['slides/kesimpulan.md', 'tests/fixtures/standard-marp/standard-marp.md'];

async function axe(html: string, options: object = {}) {
  return browser.withPage(async (page) => {
    await page.setViewport({ width: 1280, height: 720 });
    await loadPage(page, html);
    await page.evaluate(AXE);
    return page.evaluate(async (o) => {
      const result = await (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, o);
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, options);
  });
}

describe('theme: accessibility', () => {
  it('axe-core finds no violation in the conclusion deck\'s HTML, and lang is set from the outline', async () => {
    const out = tempDir();
    await build({ outlines: [DECKS[0]!], root: ROOT, outDir: out, browser, formats: ['html'] });
    const html = readFileSync(join(out, 'kesimpulan', 'kesimpulan.html'), 'utf8');
    expect(html).toMatch(/<html lang="id"/);
    expect(await axe(html)).toEqual([]);
  });

  for (const theme of ['paparan', 'paparan-print', 'paparan-dark']) {
    it(`every slide of both decks meets WCAG AA contrast in ${theme}`, async () => {
      for (const file of DECKS) {
        const p = prepare(join(ROOT, file), { root: ROOT });
        const html = slidesDocument(renderWithTheme(marpFor(p.themes), p.deck.markdown, theme), p.outline.deck.lang, p.outline.deck.title);
        expect(await axe(html, { runOnly: ['color-contrast'] }), `${file} in ${theme}`).toEqual([]);
      }
    });
  }
});

describe('theme: overflow', () => {
  for (const file of DECKS) {
    it(`no slide of ${file} overflows`, async () => {
      const p = prepare(join(ROOT, file), { root: ROOT });
      const { messages } = await fitDeck(p, browser);
      expect(messages.map((m) => m.format())).toEqual([]);
    });
  }

  it('reports an overflowing slide at its outline entry, by how much', async () => {
    const p = prepare(join(ROOT, 'tests/fixtures/overflow/overflow.md'), { root: ROOT });
    const { messages } = await fitDeck(p, browser);
    // Both overflow: the long list, and the two columns (whose lists ran into the footer unseen until the columns
    // stopped shrinking below their content, design review of issue 14).
    expect(messages).toHaveLength(2);
    expect(messages[0]!.format()).toMatch(/^tests\/fixtures\/overflow\/overflow\.md:6:5 {2}warning {2}Slide 1 "Ketidakstabilan politik pasca-Uni Soviet" overflows its slide by \d+ px at the bottom {2}overflow/);
    expect(messages[1]!.format()).toMatch(/^tests\/fixtures\/overflow\/overflow\.md:23:5 {2}warning {2}Slide 2 "Dua kepentingan" overflows its slide by \d+ px/);
  });

  it('with auto-split, builds with no overflow and every bullet still in the PDF', async () => {
    const out = tempDir();
    const [result] = await build({ outlines: [join(ROOT, 'tests/fixtures/overflow/overflow.md')], root: ROOT, outDir: out, browser, autoSplit: true, formats: ['md', 'pdf'] });
    expect(result!.warnings.filter((w) => w.rule === 'overflow')).toEqual([]);
    expect(result!.slides).toBeGreaterThan(2);
    const text = (await pdfText(join(out, 'overflow', 'overflow.pdf'))).replace(/\s+/g, '');
    const source = readFileSync(join(ROOT, 'tests/fixtures/overflow/overflow.md'), 'utf8');
    const bullets = [...source.matchAll(/^\s+- (?:text: )?"([^"]+)"/gm), ...source.matchAll(/"([^"]+)"(?=[,\]])/g)].map((m) => m[1]!);
    expect(bullets.length).toBeGreaterThan(20);
    for (const b of bullets) expect(text).toContain(b.replace(/\s+/g, ''));
    expect(text).toContain('(lanjutan)');
  });
});
