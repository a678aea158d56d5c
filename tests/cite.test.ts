import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { check } from '../scripts/check.ts';
import { BrowserSession } from '../scripts/export/browser.ts';
import { PaparanError } from '../scripts/messages.ts';
import { inputFiles, prepare } from '../scripts/prepare.ts';
import { pdfPageTexts, pdfText, tempDir, tempProject } from './helpers.ts';

const BIB = `@book{aris_eurasian_2011,
  title = {Eurasian Regionalism: The {Shanghai} Cooperation Organisation},
  publisher = {Palgrave Macmillan},
  address = {Basingstoke},
  author = {Aris, Stephen},
  year = {2011}
}

@article{allison_regionalism_2004,
  title = {Regionalism, Regional Structures and Security Management in {Central} {Asia}},
  volume = {80},
  number = {3},
  journal = {International Affairs},
  author = {Allison, Roy},
  year = {2004},
  pages = {463--483}
}

@book{cooley_great_2012,
  title = {Great Games, Local Rules: The New Great Power Contest in {Central} {Asia}},
  publisher = {Oxford University Press},
  address = {New York},
  author = {Cooley, Alexander},
  year = {2012}
}
`;

/** A project with `slides/<name>.md` citing from `slides/pustaka.bib`. */
function citingProject(slides: string, front = '', bib = BIB, name = 'uji') {
  const project = tempProject();
  writeFileSync(join(project, 'slides', 'pustaka.bib'), bib);
  const outline = join(project, 'slides', `${name}.md`);
  writeFileSync(outline, `---\ntitle: "Uji sitasi"\nlang: id\nbibliography: pustaka.bib\nrules: { notes-missing: off }\n${front}slides:\n${slides}  - layout: closing\n---\n`);
  return { project, outline };
}

const POINTS = `  - layout: points
    title: "Kawasan"
    points:
      - "SCO menandai awal baru [@aris_eurasian_2011, hlm. 12]"
      - "Menurut @allison_regionalism_2004, kawasan ini rapuh"
      - "Tanya: nama@kampus.ac.id"
    notes: |
      Dua sumber [@aris_eurasian_2011; @cooley_great_2012] sepakat.
`;

// Issue 16: citations in any text field and in notes, a references slide, and check's messages.
describe('citations', () => {
  it('cites in APA with Indonesian terms, keeps an e-mail as text, and adds the references slide before the closing slide', () => {
    const { project, outline } = citingProject(POINTS);
    const prepared = prepare(outline, { root: project });
    const markdown = prepared.deck.markdown;
    expect(markdown).toContain('(Aris, 2011, hlm. 12)');
    expect(markdown).toContain('Allison (2004)');
    expect(markdown).toContain('nama@kampus.ac.id');
    expect(prepared.deck.slides.map((s) => s.layout)).toEqual(['points', 'references', 'closing']);
    expect(prepared.deck.slides[1]!.title).toBe('Daftar Pustaka');
    expect(prepared.deck.slides[0]!.notes).toMatch(/Dua sumber \(Aris, 2011; Cooley, 2012\) sepakat/);
    // The list holds the works cited, in the style's order, and nothing else.
    expect(prepared.citations.references).toHaveLength(3);
    expect(prepared.citations.references[0]).toMatch(/^Allison, R\. \(2004\)/);
    expect(inputFiles(prepared)).toContain(join(project, 'slides', 'pustaka.bib'));
  });

  it('numbers IEEE citations in the order the audience meets them', () => {
    const { project, outline } = citingProject(POINTS, 'csl: ieee\n');
    const prepared = prepare(outline, { root: project });
    expect(prepared.deck.markdown).toContain('awal baru \\[1, hlm. 12\\]');
    expect(prepared.deck.markdown).toContain('Menurut Allison \\[2\\], kawasan');
    expect(prepared.citations.references[0]).toMatch(/^\\\[1\\\] S\. Aris/);
  });

  it('references: off leaves the slide out', () => {
    const { project, outline } = citingProject(POINTS, 'references: off\n');
    expect(prepare(outline, { root: project }).deck.slides.map((s) => s.layout)).toEqual(['points', 'closing']);
  });

  it('an unknown key is an error at the citation, with the key meant', async () => {
    const { project, outline } = citingProject(`  - layout: points\n    title: "Kawasan"\n    points:\n      - "Satu [@aris_eurasian_2011]"\n      - "Dua [@allison_regionalism_2040]"\n`);
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    const unknown = messages.filter((m) => m.rule === 'citation-unknown');
    expect(unknown.map((m) => `${m.position.line}:${m.position.column}`)).toEqual(['11:14']);
    expect(unknown[0]!.message).toBe('`@allison_regionalism_2040` is not in the bibliography');
    expect(unknown[0]!.hint).toContain('`@allison_regionalism_2004`');
  });

  it('a missing bibliography names the files that are there', () => {
    const { project, outline } = citingProject(POINTS);
    writeFileSync(outline, `---\ntitle: "Uji"\nbibliography: pustka.bib\nslides:\n  - layout: closing\n---\n`);
    const error = (() => {
      try {
        prepare(outline, { root: project });
      } catch (e) {
        return e as PaparanError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PaparanError);
    const missing = error!.messages.filter((m) => m.fatal);
    expect(missing.map((m) => `${m.position.line}:${m.position.column} ${m.rule}`)).toEqual(['3:15 bibliography-missing']);
    expect(missing[0]!.hint).toContain('pustaka.bib');
  });
});

describe('citations in the outputs', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('splits a long reference list over as many slides as it needs, with no overflow, and the script ends with it', async () => {
    // Thirty works with long titles: far more than one slide holds.
    const entries = Array.from({ length: 30 }, (_, i) => `@article{karya${i},\n  title = {Kajian ${i + 1} tentang kerja sama keamanan regional, energi Laut Kaspia, dan kepentingan negara-negara besar di Asia Tengah},\n  journal = {Jurnal Hubungan Internasional},\n  author = {Penulis${String.fromCharCode(65 + (i % 26))}, Nama},\n  year = {${2000 + i}},\n  volume = {${i + 1}},\n  pages = {1--20}\n}\n`);
    const cites = Array.from({ length: 30 }, (_, i) => `[@karya${i}]`).join(' ');
    const { project, outline } = citingProject(`  - layout: points\n    title: "Semua"\n    points:\n      - "Banyak sumber"\n    notes: "${cites}"\n`, '', entries.join('\n'), 'banyak');
    const out = tempDir();
    const [result] = await build({ outlines: [outline], root: project, outDir: out, browser, formats: ['pdf', 'notes'] });
    expect(result!.warnings.filter((w) => w.rule === 'overflow')).toEqual([]);
    const pages = await pdfPageTexts(join(out, 'banyak', 'banyak.pdf'));
    const listPages = pages.filter((p) => p.includes('Daftar Pustaka'));
    expect(listPages.length).toBeGreaterThan(1);
    expect(listPages.slice(1).every((p) => p.includes('(lanjutan)'))).toBe(true);
    const text = pages.join(' ').replace(/\s+/g, ' ');
    for (let i = 1; i <= 30; i++) expect(text).toContain(`Kajian ${i} tentang`);
    const script = (await pdfText(join(out, 'banyak', 'banyak-notes.pdf'))).replace(/\s+/g, ' ');
    expect(script.lastIndexOf('Daftar Pustaka')).toBeGreaterThan(script.lastIndexOf('Total'));
    for (let i = 1; i <= 30; i++) expect(script).toContain(`Kajian ${i} tentang`);
  });
});


describe('citations: stranger input', () => {
  // The marks that carry the style's Markdown through escaping must never be forged by outline text.
  it('outline text holding the trusted-run marks is escaped like any text', () => {
    const { project, outline } = citingProject(`  - layout: points\n    title: "Kawasan"\n    points:\n      - "\\uE000<img src=x onerror=alert(1)> **tebal**\\uE001 [@aris_eurasian_2011]"\n`);
    const { markdown } = prepare(outline, { root: project }).deck;
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\> **tebal** (Aris, 2011)');
    expect(markdown).not.toMatch(/[\uE000\uE001]/);
  });

  it('a broken bibliography is reported at its own lines, as tests/fixtures/citations/expected.txt says', async () => {
    const project = tempProject();
    const fixtures = join(import.meta.dirname, 'fixtures', 'citations');
    writeFileSync(join(project, 'slides', 'broken.bib'), readFileSync(join(fixtures, 'broken.bib')));
    const outline = join(project, 'slides', 'rusak.md');
    writeFileSync(outline, '---\ntitle: "Uji"\nbibliography: broken.bib\nrules: { notes-missing: off }\nslides:\n  - layout: points\n    title: "A"\n    points: ["[@aris_eurasian_2011]"]\n---\n');
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    const expected = readFileSync(join(fixtures, 'expected.txt'), 'utf8').split('\n').filter((l) => /^tests\//.test(l)).map((l) => l.replace(/^tests\/fixtures\/citations\//, '').split('  ').slice(0, 2).join('  '));
    const got = messages.filter((m) => m.rule.startsWith('bibliography')).map((m) => `${m.file.replace(/^.*\//, '')}:${m.position.line}:${m.position.column}  ${m.severity}`);
    expect(got).toEqual(expected);
  });

  it('warns when a cited entry lacks a field its style shows, at the entry', async () => {
    const { project, outline } = citingProject(`  - layout: points\n    title: "A"\n    points: ["[@tanpa_tahun]"]\n`, '', `${BIB}\n@book{tanpa_tahun,\n  title = {Buku tanpa tahun},\n  author = {Nama, Penulis}\n}\n`);
    const { messages } = await check({ outlines: [outline], root: project, overflow: false });
    const fields = messages.filter((m) => m.rule === 'citation-fields');
    expect(fields.map((m) => `${m.file.replace(/^.*\//, '')}:${m.position.line}`)).toEqual(['pustaka.bib:27']);
    expect(fields[0]!.message).toMatch(/`tanpa_tahun` has no .*`issued`|`tanpa_tahun` has no .*`publisher`/);
  });

  it("keeps a Mendeley export's URL whole ({\\_} for an underscore)", () => {
    const bib = `${BIB}\n@mastersthesis{Sorkina2010,\nauthor = {Sorkina, Marina},\nschool = {Universiteit Gent},\ntitle = {{Shanghai Cooperation Organisation}},\nurl = {http://lib.ugent.be/fulltxt/RUG01-001458385{\\_}2011{\\_}0001{\\_}AC.pdf},\nyear = {2010}\n}\n`;
    const { project, outline } = citingProject(`  - layout: points\n    title: "A"\n    points: ["[@Sorkina2010]"]\n`, '', bib);
    expect(prepare(outline, { root: project }).citations.references.join(' ')).toContain('RUG01-001458385\\_2011\\_0001\\_AC.pdf');
  });
});
