import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { FALLBACK_FAMILY, fontFaceCss } from '../../scripts/fonts.ts';
import { pdfFonts, pdfText, ROOT, tempDir, tempProject } from '../helpers.ts';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'scripts', 'scripts.md');

/** Each @font-face of a stylesheet: its family, weight and unicode-range. */
function faces(css: string): { family: string; weight: string; range: string }[] {
  return css
    .split('@font-face')
    .slice(1)
    .map((rule) => ({
      family: /font-family: '([^']+)'/.exec(rule)?.[1] ?? '',
      weight: /font-weight: (\d+)/.exec(rule)?.[1] ?? '',
      range: /unicode-range: ([^;]+);/.exec(rule)?.[1] ?? '',
    }));
}
const TEXT_FAMILIES = ['Source Sans 3', 'Source Serif 4', 'JetBrains Mono'];
const fallbacks = (css: string) => faces(css).filter((f) => f.family === FALLBACK_FAMILY);

describe('fontFaceCss: only the subsets the text uses', () => {
  it('a Latin deck does not grow: the same CSS, byte for byte in length, as before other scripts were added', () => {
    // Lengths measured with the previous fonts.ts (b75b6ab), which embedded Latin and Latin Extended only.
    expect(fontFaceCss('Kesimpulan: SCO dan Rusia').length).toBe(218_771);
    expect(fontFaceCss('Kesimpulan — “SCO” café').length).toBe(218_771);
    expect(fontFaceCss('Kesimpulan — “SCO” café ă Łódź').length).toBe(507_709);
    expect(fontFaceCss().length).toBe(507_709);
    const kesimpulan = readFileSync(join(ROOT, 'slides', 'kesimpulan.md'), 'utf8');
    expect(new Set(faces(fontFaceCss(kesimpulan)).map((f) => f.family))).toEqual(new Set(TEXT_FAMILIES));
  });

  it('Cyrillic, Greek and Vietnamese come from the text fonts themselves, with no fallback', () => {
    for (const [text, range] of [['Привет', 'U+0301,U+0400-045F'], ['Καλημέρα', 'U+0370-0377'], ['Tiếng Việt', 'U+1EA0-1EF9'], ['ἀρχή', 'U+1F00-1FFF']] as const) {
      const css = fontFaceCss(text);
      expect(fallbacks(css), text).toEqual([]);
      const added = faces(css).filter((f) => f.range.includes(range));
      expect(added.length, text).toBeGreaterThan(0);
      expect(added.some((f) => f.family === 'Source Sans 3'), text).toBe(true);
    }
  });

  it('each other script adds its Noto subset in 400 and 700 under the fallback family, and nothing else', () => {
    const cases = [
      ['مرحبا', 'U+0600-06FF'],
      ['שלום', 'U+0590-05FF'],
      ['नमस्ते', 'U+0900-097F'],
      ['สวัสดี', 'U+0E01-0E5B'],
    ] as const;
    for (const [text, range] of cases) {
      const added = fallbacks(fontFaceCss(text));
      expect(added.map((f) => f.weight), text).toEqual(['400', '700']);
      expect(added.every((f) => f.range.toUpperCase().includes(range)), text).toBe(true);
    }
    // Han and kana from a few of Noto Sans SC's ~100 subsets; Hangul from KR's, none of SC's.
    const han = fallbacks(fontFaceCss('你好，世界 こんにちは'));
    expect(han.length).toBeGreaterThan(0);
    expect(han.length).toBeLessThanOrEqual(8);
    const hangul = fallbacks(fontFaceCss('안녕하세요'));
    expect(hangul.length).toBeGreaterThan(0);
    expect(hangul.length).toBeLessThanOrEqual(10);
    expect(hangul.filter((f) => f.weight === '700').length).toBe(hangul.length / 2);
  });

  it('emoji stay one 400 face in a Latin deck, and gain their 700 face beside a script fallback', () => {
    // As long as before (b75b6ab): the text faces and the emoji subsets holding 🚀, in 400 only.
    expect(fontFaceCss('Kesimpulan 🚀').length).toBe(373_925);
    const emoji = fallbacks(fontFaceCss('Kesimpulan 🚀'));
    expect(emoji.length).toBeGreaterThan(0);
    expect(emoji.every((f) => f.weight === '400' && /1f680/i.test(f.range))).toBe(true);
    const mixed = fallbacks(fontFaceCss('Kesimpulan 🚀 שלום'));
    expect(mixed.filter((f) => /1f680/i.test(f.range)).map((f) => f.weight).sort()).toEqual([...emoji.map(() => '400'), ...emoji.map(() => '700')]);
    expect(mixed.filter((f) => f.range.includes('U+0590-05FF')).map((f) => f.weight)).toEqual(['400', '700']);
  });

  it('reads a font file only when a document needs it, and once per process', () => {
    const script = join(ROOT, 'tests', 'fixtures', 'scripts', 'font-reads.mts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, 'Kesimpulan', '中文 你好', '中文 你好', 'Привет'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [latin, han, again, cyrillic] = JSON.parse(run.stdout) as string[][];
    // Basic Latin in the 9 text faces (5 Source Sans 3, 2 Source Serif 4, 2 JetBrains Mono): nothing of the ~1800 CJK files.
    expect(latin).toHaveLength(9);
    expect(latin!.every((f) => f.includes('-latin-'))).toBe(true);
    expect(han!.length).toBeGreaterThan(0);
    expect(han!.every((f) => /^noto-sans-sc-\d+-(400|700)-normal\.woff2$/.test(f))).toBe(true);
    expect(again).toEqual([]);
    expect(cyrillic!.every((f) => f.includes('-cyrillic-'))).toBe(true);
    // Files are read in the order their rules are declared: Korean's before Chinese's, so that the browser, which
    // tries the last rule first, draws the Han both hold from SC, and Hangul (SC has none of these) from KR.
    const [korean] = JSON.parse(spawnSync(process.execPath, ['--import', 'tsx', script, '한국어 世界'], { cwd: ROOT, encoding: 'utf8' }).stdout) as string[][];
    const kinds = korean!.map((f) => /^noto-sans-(sc|kr)-/.exec(f)?.[1]);
    expect(kinds).toContain('kr');
    expect(kinds.lastIndexOf('kr')).toBeLessThan(kinds.indexOf('sc'));
  });
});

describe('check without the browser', () => {
  it('reads no font file: the embedded fonts are read when something renders or the inputs are hashed', () => {
    const script = join(ROOT, 'tests', 'fixtures', 'scripts', 'check-reads.mts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, tempProject()], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ reads: [], problems: 0 });
  });
});

describe('a deck in ten scripts, printed in Chromium', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());
  let built: Promise<{ pdf: string; html: string }> | undefined;
  const buildOnce = () =>
    (built ??= (async () => {
      const dir = tempProject();
      cpSync(FIXTURE, join(dir, 'slides', 'scripts.md'));
      const out = tempDir();
      await build({ outlines: [join(dir, 'slides', 'scripts.md')], root: dir, outDir: out, browser, formats: ['html', 'pdf'] });
      return { pdf: join(out, 'scripts', 'scripts.pdf'), html: join(out, 'scripts', 'scripts.html') };
    })());

  it('embeds only our fonts: a Noto face for each script Source Sans 3 lacks, and no system font', async () => {
    const fonts = await pdfFonts((await buildOnce()).pdf);
    const names = fonts.map((f) => f.name.replace(/^\/?[A-Z]{6}\+/, ''));
    for (const f of fonts) {
      expect(f.name).toMatch(/^\/?[A-Z]{6}\+(SourceSans3|SourceSerif4|JetBrainsMono|NotoEmoji|NotoSans(Arabic|Hebrew|Devanagari|Thai|SC|KR))/);
      expect(f.embedded, f.name).toBe(true);
    }
    for (const script of ['Arabic', 'Hebrew', 'Devanagari', 'Thai', 'SC', 'KR']) {
      expect(names.some((n) => n.startsWith(`NotoSans${script}`)), script).toBe(true);
    }
    // Bold (titles, headings, **strong**) from the Noto bold faces, not synthesized from the regular ones.
    expect(names.some((n) => /^NotoSansHebrew.*-Bold$/.test(n))).toBe(true);
    expect(names.some((n) => /^NotoSansArabic.*-Bold$/.test(n))).toBe(true);
  });

  it('gives each script\'s text back', async () => {
    const text = await pdfText((await buildOnce()).pdf);
    // pdf.js returns these as written; Hebrew runs come back in visual order, so its words are looked for one by one.
    for (const sample of ['Tiếng Việt: Xin chào thế giới', 'Привет, мир', 'Καλημέρα κόσμε', 'สวัสดีชาวโลก', '你好，世界', '안녕하세요 세계', 'こんにちは カタカナ', 'שלום', 'עולם']) {
      expect(text.normalize('NFC'), sample).toContain(sample.normalize('NFC'));
    }
  });

  const poppler = spawnSync('pdftotext', ['-v']).status === 0;
  it.skipIf(!poppler)('gives Arabic and Devanagari back through pdftotext (pdf.js loses their ligatures)', async () => {
    const text = execFileSync('pdftotext', [(await buildOnce()).pdf, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '');
    for (const sample of ['مرحبا بالعالم', 'नमस्ते दुनिया', 'हिन्दी', 'שלום עולם']) expect(text, sample).toContain(sample);
  });

  it('keeps the HTML to the subsets used', async () => {
    const { html } = await buildOnce();
    // Every subset of Noto Sans SC and KR in two weights would be over 10 MB as base64.
    expect(statSync(html).size).toBeLessThan(2_500_000);
    const css = readFileSync(html, 'utf8');
    expect(css).toContain(`font-family: '${FALLBACK_FAMILY}'`);
  });
});
