import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { loadTemplates } from '../../scripts/layouts.ts';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { slideLabel } from '../../scripts/outline/names.ts';
import { validateOutline } from '../../scripts/outline/validate.ts';
import { deckSource, outlineFrom, ROOT, tempDir } from '../helpers.ts';

/** Every message `check` gives for tests/fixtures/<name>/<name>.<ext>. */
async function checkFixture(name: string, ext = 'md'): Promise<PaparanMessage[]> {
  const { messages } = await check({ outlines: [join('tests', 'fixtures', name, `${name}.${ext}`)], root: ROOT, overflow: false });
  return messages;
}

/** The one message of a fixture that has one mistake, as [rule, line, column, message, hint]. */
async function only(name: string, ext = 'md') {
  const messages = await checkFixture(name, ext);
  expect(messages.map((m) => m.format())).toHaveLength(1);
  const [m] = messages;
  return [m!.rule, m!.position.line, m!.position.column, m!.message, m!.hint];
}

const errorsOf = (source: string, file = 'slides/test.md'): PaparanMessage[] => {
  try {
    outlineFrom(source, file);
  } catch (error) {
    if (error instanceof PaparanError) return error.messages;
    throw error;
  }
  return [];
};

describe('mistakes, explained by their cause (one fixture each)', () => {
  it('tabs for indentation', async () => {
    expect(await only('tabs-for-indentation')).toEqual(['yaml-tab', 7, 1, 'This line is indented with a tab', 'YAML does not allow tabs: indent with spaces']);
  });

  it('an unquoted bullet with a colon', async () => {
    expect(await only('bullet-with-colon')).toEqual([
      'bullet-colon',
      8,
      9,
      'The bullet `Catatan: penting` reads as a field `Catatan`',
      'this bullet reads as a field because of `: `; put it in quotes: - "Catatan: penting"',
    ]);
  });

  it("Word's curly quotes around a value", async () => {
    expect(await only('curly-quotes')).toEqual([
      'typographic-quotes',
      5,
      12,
      'The value starts with “, a typographic quote, so YAML does not read it as quoted text',
      'these are typographic quotes “…”; use straight quotes "…": title: "Rusia: kepentingan lama"',
    ]);
  });

  it('a .yaml outline that kept its `---` lines', async () => {
    expect(await only('yaml-with-fences', 'yaml')).toEqual([
      'yaml-fences',
      1,
      1,
      'This .yaml outline has `---` on lines 1 and 7, as the front matter of a .md outline has',
      'a .yaml outline has no `---` lines: remove them',
    ]);
  });

  it('a missing closing `---`, with a Markdown body after the slides', async () => {
    expect(await only('unclosed-front-matter')).toEqual([
      'front-matter-unclosed',
      7,
      1,
      'The front matter is not closed: the outline has no second `---` line',
      'the front matter is not closed: add `---` after the last slide (a line of its own after line 6)',
    ]);
  });

  it('sub-bullets without `text:`', async () => {
    expect(await only('sub-bullets-without-text')).toEqual([
      'nested-point',
      7,
      9,
      'The point `Ekonomi` has sub-points but no `text:`',
      'a point with sub-points is { text, points }: write - text: "Ekonomi" and under it points: ["minyak", "gas"]',
    ]);
  });

  it('Indonesian names for layouts and fields', async () => {
    const messages = await checkFixture('indonesian-names');
    expect(messages.map((m) => [m.rule, m.position.line, m.position.column, m.message, m.hint])).toEqual([
      ['layout-unknown', 4, 13, 'Unknown layout `kutipan` (layout names are English)', '`kutipan` is `quote`: write `layout: quote`'],
      ['layout-unknown', 8, 13, 'Unknown layout `gambar` (layout names are English)', '`gambar` is `image`: write `layout: image`'],
      ['layout-unknown', 10, 13, 'Unknown layout `bagian` (layout names are English)', '`bagian` is `section`: write `layout: section`'],
      ['layout-unknown', 12, 13, 'Unknown layout `penutup` (layout names are English)', '`penutup` is `closing`: write `layout: closing`'],
      // No "is missing `title`" and no "has no speaker notes" besides: they are written, under another name.
      ['field-unknown', 14, 5, 'Unknown field `judul` in layout `points` (field names are English)', '`judul` is `title`: write `title:` instead'],
      ['field-unknown', 16, 5, 'Unknown field `catatan` in layout `points` (field names are English)', '`catatan` is `notes`: write `notes:` instead'],
      ['field-unknown', 21, 5, 'Unknown field `keterangan` in layout `image` (field names are English)', '`keterangan` is `caption`: write `caption:` instead'],
    ]);
  });

  it('a Windows path as an image', async () => {
    expect(await only('windows-path')).toEqual([
      'image-outside-project',
      6,
      10,
      'Image `C:\\Users\\siti\\gambar.png` is a Windows path outside the project',
      'this is a Windows path outside the project: copy gambar.png into tests/fixtures/windows-path/windows-path/ and write `windows-path/gambar.png`',
    ]);
  });

  it('the wrong case or folder in an image path', async () => {
    const messages = await checkFixture('wrong-image-path');
    expect(messages.map((m) => [m.rule, m.position.line, m.position.column, m.message, m.hint])).toEqual([
      ['image-missing', 6, 10, 'Image `img/Kerangka.svg` does not exist', "did you mean `img/kerangka.svg`? upper and lower case must match the file's name exactly"],
      ['image-missing', 11, 10, 'Image `gambar/kerangka.svg` does not exist', 'did you mean `img/kerangka.svg`? `kerangka.svg` is in `img/`, not in `gambar/`'],
    ]);
  });
});

describe('mistakes: other shapes of the same causes', () => {
  const slide = (points: string) => deckSource(`  - layout: points\n    title: "Kepentingan Rusia"\n    points:\n${points}    notes: "n"\n`);

  it('a tab deeper in the indentation, after spaces, is found at its column', () => {
    const [m] = errorsOf(slide('      - "a"\n  \t  - "b"\n'));
    expect([m?.rule, m?.position]).toEqual(['yaml-tab', { line: 10, column: 3 }]);
  });

  it('a tab inside a quoted value is text, not indentation', () => {
    expect(errorsOf(slide('      - "a\tb"\n'))).toEqual([]);
  });

  it('sub-bullets indented under a bullet are not folded into its text', () => {
    const [m, ...rest] = errorsOf(slide('      - Ekonomi\n        - minyak\n        - gas dan\n          listrik\n'));
    expect(rest).toEqual([]);
    expect([m?.rule, m?.position, m?.message]).toEqual(['nested-point', { line: 10, column: 9 }, 'The sub-bullets under `Ekonomi` are read as part of its text']);
    expect(m?.hint).toBe('a point with sub-points is { text, points }: write - text: "Ekonomi" and under it points: ["minyak", "gas dan listrik"]');
  });

  it('sub-points as a list or a `points:` item of their own take the bullet before them as text', () => {
    for (const points of ['      - Ekonomi\n      - - minyak\n        - gas\n', '      - Ekonomi\n      - points: [minyak, gas]\n']) {
      const [m] = errorsOf(slide(points));
      expect([m?.rule, m?.position]).toEqual(['nested-point', { line: 10, column: 9 }]);
      expect(m?.message).toMatch(/^`points` item 2 on slide 1 "Kepentingan Rusia" (is a list of sub-points|has sub-points) /);
      expect(m?.hint).toBe('a point with sub-points is { text, points }: write - text: "Ekonomi" and under it points: ["minyak", "gas"] (one item in place of the two)');
    }
  });

  it('a bullet with a colon whose text goes on to the next line', () => {
    const [m] = errorsOf(slide('      - Catatan: penting sekali\n        dan panjang\n'));
    expect([m?.rule, m?.position]).toEqual(['bullet-colon', { line: 9, column: 9 }]);
    expect(m?.hint).toBe('this bullet reads as a field because of `: `; put it in quotes: - "Catatan: penting sekali"');
  });

  it('a bullet in curly quotes with a colon in it', () => {
    const [m] = errorsOf(slide('      - “Catatan: penting”\n'));
    expect([m?.rule, m?.position]).toEqual(['typographic-quotes', { line: 9, column: 9 }]);
    expect(m?.hint).toBe('these are typographic quotes “…”; use straight quotes "…": - "Catatan: penting"');
  });

  it('real fields and `text:` points are not bullets with a colon', () => {
    expect(errorsOf(slide('      - text: "Ekonomi"\n        points: ["minyak"]\n'))).toEqual([]);
  });

  it('a .yaml outline may begin with one `---`; a body after the second needs a .md outline', () => {
    expect(loadOutline('---\ntitle: A\nslides: []\n', 'slides/x.yaml').data.title).toBe('A');
    const [m] = errorsOf('title: A\nslides: []\n---\n# Badan\n', 'slides/x.yaml');
    expect([m?.rule, m?.position]).toEqual(['yaml-fences', { line: 3, column: 1 }]);
    expect(m?.hint).toBe('a .yaml outline has no `---` lines: remove them (Markdown after line 3 belongs in a .md outline: rename the file to .md instead)');
  });

  it('a front matter that is never closed and has no body (it used to be accepted)', () => {
    const [m] = errorsOf('---\ntitle: A\nslides:\n  - layout: title\n    notes: "n"\n\n');
    expect([m?.rule, m?.position]).toEqual(['front-matter-unclosed', { line: 6, column: 1 }]);
  });

  it('a Windows path in double quotes: the backslash is the problem first', () => {
    const [m] = errorsOf(deckSource('  - layout: image\n    title: "Peta"\n    src: "C:\\Users\\siti\\peta.png"\n    alt: "Peta"\n'));
    expect(m?.rule).toBe('yaml-syntax');
    expect(m?.hint).toContain('write paths with `/`');
  });

  it('Windows paths with forward slashes and network shares, in fields and the body', () => {
    const source = deckSource('  - layout: image\n    title: "Peta"\n    src: "d:/foto/peta.png"\n    alt: "Peta"\n    notes: "n"\n').replace(/---\n$/, '---\n![peta](\\\\server\\foto\\peta.png)\n');
    expect(errorsOf(source).map((m) => [m.rule, m.message])).toEqual([
      ['image-outside-project', 'Image `d:/foto/peta.png` is a Windows path outside the project'],
      ['image-outside-project', 'Image `\\\\server\\foto\\peta.png` is a Windows path outside the project'],
    ]);
  });

  it('an image path with backslashes, or with another extension, finds the file that exists', () => {
    const root = tempDir();
    mkdirSync(join(root, 'slides', 'img'), { recursive: true });
    writeFileSync(join(root, 'slides', 'img', 'kerangka.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>');
    const hints = (src: string) => {
      try {
        validateOutline(loadOutline(deckSource(`  - layout: image\n    title: "K"\n    src: '${src}'\n    alt: "K"\n    notes: "n"\n`), join(root, 'slides', 'x.md')), loadTemplates(join(ROOT, 'templates')), { root });
      } catch (error) {
        return (error as PaparanError).messages.map((m) => m.hint);
      }
      return [];
    };
    expect(hints('img\\kerangka.svg')).toEqual(['did you mean `img/kerangka.svg`? paths are written with `/`, not `\\`']);
    expect(hints('img/kerangka.png')).toEqual(['did you mean `img/kerangka.svg`? the file is .svg, not .png']);
    expect(hints('img/kerngka.svg')).toEqual(['did you mean `img/kerangka.svg`? a file with a name this close exists']);
    expect(hints('img/peta.svg')).toEqual([expect.stringMatching(/^Check the path; it is relative to .*slides\/$/)]);
  });

  it('the synonym table names only layouts that exist, so a user may add, remove or rename layouts', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
    const validate = (layout: string) => {
      try {
        validateOutline(loadOutline(deckSource(`  - layout: ${layout}\n    text: "t"\n    source: "s"\n    notes: "n"\n`), 'slides/x.md'), loadTemplates(join(dir, 'templates')), { root: ROOT });
      } catch (error) {
        return (error as PaparanError).messages[0]!;
      }
      return undefined;
    };
    rmSync(join(dir, 'templates', 'layouts', 'quote.hbs'));
    expect(validate('kutipan')?.hint).not.toContain('quote');
    // A layout of the user's own, named in Indonesian, is simply a layout.
    cpSync(join(ROOT, 'templates', 'layouts', 'quote.hbs'), join(dir, 'templates', 'layouts', 'kutipan.hbs'));
    expect(validate('kutipan')).toBeUndefined();
    expect(validate('quotation')?.hint).toMatch(/^Use one of: .*kutipan/);
  });

  it('a field under another name in a column, at the deck, and for the layout itself', () => {
    const hint = (source: string) => errorsOf(source).map((m) => `${m.rule}: ${m.hint}`);
    expect(hint(deckSource('  - layout: two-column\n    title: "x"\n    kiri: { judul: "a", points: ["b"] }\n    right: { heading: "c", points: ["d"] }\n    notes: "n"\n'))).toEqual(['field-unknown: `kiri` is `left`: write `left:` instead']);
    expect(hint(deckSource('  - layout: two-column\n    title: "x"\n    left: { judul: "a", points: ["b"] }\n    right: { heading: "c", points: ["d"] }\n    notes: "n"\n'))).toEqual(['field-unknown: `judul` is `heading`: write `heading:` instead']);
    expect(hint('---\njudul: "Asia Tengah"\npenulis: "Siti"\nslides:\n  - layout: title\n    notes: "n"\n---\n')).toEqual(['field-unknown: `judul` is `title`: write `title:` instead', 'field-unknown: `penulis` is `author`: write `author:` instead']);
    expect(hint(deckSource('  - jenis: points\n    title: "x"\n'))).toEqual(['field-unknown: `jenis` is `layout`: write `layout:` instead']);
    expect(hint(deckSource('  - layout: points\n    heading: "x"\n    bullets: ["a"]\n    notes: "n"\n'))).toEqual(['field-unknown: paparan calls it `title`: write `title:` instead', 'field-unknown: paparan calls it `points`: write `points:` instead']);
  });
});

describe('slides are named for people', () => {
  it('by number from 1 and title, one line, cut when long', () => {
    expect(slideLabel(3, 'Awal baru di Asia Tengah')).toBe('slide 4 "Awal baru di Asia Tengah"');
    expect(slideLabel(0, undefined)).toBe('slide 1');
    expect(slideLabel(1, 42)).toBe('slide 2 "42"');
    expect(slideLabel(2, 'Dua\nbaris\u0007')).toBe('slide 3 "Dua baris"');
    expect(slideLabel(0, 'x'.repeat(80))).toBe(`slide 1 "${'x'.repeat(49)}…"`);
  });

  it('in every message of the outline modules, with the place inside the slide', () => {
    const messages = errorsOf(deckSource('  - layout: two-column\n    title: "Awal baru"\n    left: "kiri"\n    right: { heading: [1], points: ["d"] }\n    notes: "n"\n  - 42\n'));
    expect(messages.map((m) => m.message)).toEqual([
      '`left` on slide 1 "Awal baru" must be a mapping with `heading` and `points`, not string `kiri`',
      '`right.heading` on slide 1 "Awal baru" must be text, not a list',
      'Slide 2 must be a mapping with a `layout`, not number `42`',
    ]);
    expect(messages.every((m) => !/slides\[/.test(m.message))).toBe(true);
  });
});

// Newcomer review: these mistakes are valid YAML, so nothing said a word while the slide came out wrong.
describe('valid YAML that does not say what was meant', () => {
  it('` #` in unquoted text cuts it: a warning at the `#`, with the quoted form', () => {
    const { messages } = outlineFrom('---\ntitle: Ancaman #1 bagi Rusia\nslides:\n  - layout: title\n    notes: "n"\n  - layout: points\n    title: "x"\n    points:\n      - biasa # a real comment\n    notes: "n"\n---\n');
    const found = messages.items.filter((m) => m.rule === 'yaml-comment');
    expect(found.map((m) => `${m.position.line}:${m.position.column}`)).toEqual(['2:16']);
    expect(found[0]!.hint).toBe('Put the whole text in quotes: "Ancaman #1 bagi Rusia"');
  });

  it('a value wrapped in Word\'s curly quotes: a warning that they will show, with the straight form', () => {
    const { messages } = outlineFrom('---\ntitle: "x"\nauthor: “Siti Rahma”\nslides:\n  - layout: title\n    notes: "n"\n---\n');
    const found = messages.items.filter((m) => m.rule === 'typographic-quotes');
    expect(found.map((m) => `${m.position.line}:${m.position.column} ${m.severity}`)).toEqual(['3:9 warning']);
    expect(found[0]!.hint).toContain('"Siti Rahma"');
  });
});

describe('sub-bullets in the starter\'s quoted style', () => {
  it('a quoted bullet with a quoted sub-bullet indented under it: nested-point with the user\'s words', () => {
    let error: unknown;
    try {
      outlineFrom('---\ntitle: "x"\nslides:\n  - layout: points\n    title: "A"\n    points:\n      - "Anggota dari Asia Tengah"\n        - "Kazakhstan"\n    notes: "n"\n---\n');
    } catch (e) {
      error = e;
    }
    const m = (error as PaparanError).messages[0]!;
    expect(`${m.position.line}:${m.position.column} ${m.rule}`).toBe('8:9 nested-point');
    expect(m.hint).toBe('a point with sub-points is { text, points }: write - text: "Anggota dari Asia Tengah" and, indented under it, points: ["Kazakhstan"]');
  });
});

describe('slips the newcomer review found, said in the student\'s words', () => {
  const firstError = (source: string) => {
    try {
      outlineFrom(source);
    } catch (error) {
      return (error as PaparanError).messages[0]!;
    }
    throw new Error('accepted');
  };
  const deck = (slide: string) => `---\ntitle: "x"\nslides:\n  - layout: points\n    title: "A"\n${slide}\n---\n`;

  it('no space after the dash of a bullet', () => {
    expect(firstError(deck('    points:\n      -"Didirikan oleh Rusia"\n    notes: "n"')).hint).toContain('Put a space after each `-`');
  });

  it('notes text not indented under `notes: |`', () => {
    const m = firstError(deck('    points: ["a"]\n    notes: |\n    Ada dua bagian dalam kesimpulan ini.'));
    expect(m.hint).toBe('Indent the text under `notes: |` by two more spaces than `notes:`, every line of it');
  });

  it('`: ` inside an unquoted value', () => {
    const m = firstError(deck('    points: ["a"]\n    notes: Ada dua bagian: pertama SCO, kedua Rusia.'));
    expect(m.hint).toContain('notes: "Ada dua bagian: pertama SCO, kedua Rusia."');
  });
});
