import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeChar, missingGlyphs } from '../scripts/glyphs.ts';
import { prepare } from '../scripts/prepare.ts';
import { tempProject } from './helpers.ts';

const TEN_SCRIPTS = [
  'Tiếng Việt: Xin chào thế giới', 'Русский: Привет, мир', 'Ελληνικά: Καλημέρα κόσμε', 'العربية: مرحبا بالعالم', 'עברית: שלום עולם',
  'हिन्दी: नमस्ते दुनिया', 'ภาษาไทย: สวัสดีชาวโลก', '中文: 你好，世界', '한국어: 안녕하세요 세계', '日本語: こんにちは カタカナ',
];

describe('missingGlyphs', () => {
  it('finds nothing missing in text of the ten supported scripts, Indonesian punctuation, or emoji', () => {
    for (const sample of TEN_SCRIPTS) expect(missingGlyphs(sample), sample).toEqual([]);
    expect(missingGlyphs('Ketidakstabilan — “kepentingan‑kepentingan” (2001–2014) … €5 ± 2 °C')).toEqual([]);
    expect(missingGlyphs('Peluncuran 🚀 dan 👩‍🔬 dan ❤️')).toEqual([]);
  });

  it('ignores spaces, controls, format characters and variation selectors', () => {
    expect(missingGlyphs('a\u200bb\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u00a0\u3000\t\u0007\ufe0f\u{E0100}c')).toEqual([]);
  });

  it('lists each character no face covers once, in order of first appearance', () => {
    // Runic, Georgian, Tamil: no embedded face has them.
    expect(missingGlyphs('ᚠ Latin ა ᚠ க ა')).toEqual(['ᚠ', 'ა', 'க']);
    expect(missingGlyphs('𝄞 musik')).toEqual(['𝄞']);
  });

  it('shows a character with its code point', () => {
    expect(describeChar('ᚠ')).toBe('ᚠ (U+16A0)');
    expect(describeChar('𝄞')).toBe('𝄞 (U+1D11E)');
  });
});

describe('glyph-missing in prepare', () => {
  const deck = [
    '---',
    'title: "Uji"',
    'author: "Penguji"',
    'slides:',
    '  - layout: points',
    '    title: "Futhark ᚠᚢᚦ"',
    '    points:',
    '      - "Biasa"',
    '      - "Dengan jeda\u200blebar-nol, 🚀, Ελληνικά dan 中文"',
    '    notes: |',
    '      Baris pertama.',
    '      Baris kedua dengan ა di sini.',
    '---',
    '',
    'Badan dengan க di sini.',
    '',
  ].join('\n');

  it('warns at the field that holds the characters, names them with their code points, and says what to do', () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'slides', 'runes.md'), deck);
    const { warnings } = prepare(join(dir, 'slides', 'runes.md'), { root: dir });
    const glyphs = warnings.filter((w) => w.rule === 'glyph-missing');
    expect(glyphs.map((w) => [w.position.line, w.position.column, w.severity])).toEqual([
      [6, 21, 'warning'],
      [12, 26, 'warning'],
      [15, 14, 'warning'],
    ]);
    expect(glyphs[0]!.message).toContain('ᚠ (U+16A0), ᚢ (U+16A2), ᚦ (U+16A6)');
    expect(glyphs[0]!.message).toMatch(/`title` on slide 1/);
    expect(glyphs[1]!.message).toContain('ა (U+10D0)');
    expect(glyphs[1]!.message).toMatch(/`notes` on slide 1/);
    expect(glyphs[2]!.message).toContain('க (U+0B95)');
    expect(glyphs[0]!.hint).toMatch(/no font for these characters: they print in whatever font the building computer has, or as empty boxes\. Remove them/);
    expect(glyphs[0]!.file.endsWith(join('slides', 'runes.md'))).toBe(true);
  });

  it('finds nothing to report in the ten-script fixture or the conclusion deck', () => {
    const dir = tempProject();
    const fixture = join(import.meta.dirname, 'fixtures', 'scripts', 'scripts.md');
    for (const file of [fixture, join(dir, 'slides', 'kesimpulan.md')]) {
      const { warnings } = prepare(file, { root: file === fixture ? join(import.meta.dirname, '..') : dir });
      expect(warnings.filter((w) => w.rule === 'glyph-missing')).toEqual([]);
    }
  });
});
