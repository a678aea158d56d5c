import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIBLIOGRAPHY_MAX_BYTES, loadBibliography } from '../../scripts/citations/bibliography.ts';
import { tempDir } from '../helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function load(name: string, text: string) {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return loadBibliography([{ path, display: name }]);
}
const brief = (r: ReturnType<typeof load>) => r.messages.map((m) => `${m.position.line}:${m.position.column} ${m.severity} ${m.rule}`);

describe('loadBibliography: BibTeX/BibLaTeX', () => {
  it('reads a Zotero BibLaTeX and a Mendeley BibTeX export, with each entry at its own line', () => {
    const { entries, messages } = loadBibliography([
      { path: join(FIXTURES, 'zotero.bib'), display: 'zotero.bib' },
      { path: join(FIXTURES, 'mendeley.bib'), display: 'mendeley.bib' },
    ]);
    expect(messages).toEqual([]);
    expect(entries.size).toBe(12);
    const at = (key: string) => `${entries.get(key)!.file}:${entries.get(key)!.position.line}:${entries.get(key)!.position.column}`;
    expect([at('aris_eurasian_2011'), at('muller_geschichte_2001'), at('Ambrosio2008'), at('Lestari2017')]).toEqual(['zotero.bib:2:1', 'zotero.bib:84:1', 'mendeley.bib:6:1', 'mendeley.bib:31:1']);
    const csl = (key: string) => entries.get(key)!.csl;
    expect(csl('cooley_great_2012').type).toBe('chapter');
    expect(csl('kemlu_sco_2023')).toMatchObject({ type: 'webpage', URL: 'https://kemlu.go.id/portal/id/read/sco?lang=id&page=1', accessed: { 'date-parts': [[2023, 7, 4]] }, title: 'Shanghai Cooperation Organization (SCO)', author: [{ family: 'Kementerian Luar Negeri Republik Indonesia' }] });
    expect(csl('aris_eurasian_2011')).toMatchObject({ DOI: '10.1057/9780230305533', language: 'english', title: 'Eurasian Regionalism: The Shanghai Cooperation Organisation' });
    expect(csl('muller_geschichte_2001')).toMatchObject({
      title: 'Geschichte Zentralasiens: Über Études und Cafés',
      author: [{ family: 'Müller', given: 'Jörg' }, { family: 'Émile', given: 'Zoé' }, { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }],
    });
    expect(csl('soekarno_dibawah_1964').author).toEqual([{ family: 'Soekarno' }]);
    expect(csl('Hidayat2020').author).toContainEqual({ family: 'Abdurrahman Wahid' });
    expect(csl('Ambrosio2008').title).toBe('Catching the ‘Shanghai Spirit\': How the Shanghai Cooperation Organization Promotes Authoritarian Norms in Central Asia');
    expect(csl('Lestari2017')).toMatchObject({ type: 'thesis', publisher: 'Universitas Indonesia' });
    expect(csl('aris_eurasian_2011')).not.toHaveProperty('_graph');
  });

  it('reports an unclosed entry at its own line, not at the next entry', () => {
    const r = load('refs.bib', '@book{a, title={A}, year=2001}\n\n@book{b, title={B}, year=2002\n\n@book{c, title={C}, year=2003}\n');
    expect(brief(r)).toEqual(['3:1 error bibliography-syntax']);
    expect(r.messages[0]!.message).toContain('"b"');
    expect([...r.entries.keys()]).toEqual(['a', 'c']);
  });

  it('reports a broken field at its line and column', () => {
    const r = load('refs.bib', '@book{a, title={A}}\n@article{b,\n  title {B},\n  year = 2002}\n@book{c, title={C}}\n');
    expect(brief(r)).toEqual(['3:9 error bibliography-syntax']);
    expect([...r.entries.keys()]).toEqual(['a', 'c']);
  });

  it('uses @string macros when parsing entry by entry', () => {
    const r = load('refs.bib', '@string{pub = "Gramedia"}\n@book{a, publisher = pub, title={A}}\n@book{b, title={B}\n');
    expect(brief(r)).toEqual(['3:1 error bibliography-syntax']);
    expect(r.entries.get('a')!.csl.publisher).toBe('Gramedia');
  });

  it('warns about a duplicate key at the second entry and keeps the first', () => {
    const r = load('refs.bib', '@book{a, title={First}}\n\n@book{a, title={Second}}\n');
    expect(brief(r)).toEqual(['3:1 warning bibliography-duplicate']);
    expect(r.messages[0]!.message).toContain('line 1');
    expect(r.entries.get('a')!.csl.title).toBe('First');
  });

  it('reports a missing file, a folder, a file too large, an unknown extension and an empty file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.bib'), Buffer.alloc(BIBLIOGRAPHY_MAX_BYTES + 1, 32));
    writeFileSync(join(dir, 'refs.txt'), '@book{a, title={A}}');
    writeFileSync(join(dir, 'empty.bib'), '% nothing here\n');
    const r = loadBibliography(['nope.bib', '.', 'big.bib', 'refs.txt', 'empty.bib'].map((name) => ({ path: join(dir, name === '.' ? 'sub.bib' : name), display: name })));
    expect(r.messages.map((m) => `${m.file} ${m.rule}`)).toEqual(['nope.bib bibliography-missing', '. bibliography-missing', 'big.bib bibliography-too-large', 'refs.txt bibliography-format', 'empty.bib bibliography-empty']);
    expect(r.messages.every((m) => m.hint)).toBe(true);
  });
});

describe('loadBibliography: CSL-JSON', () => {
  it('reads items with the line of each object', () => {
    const json = '[\n  {"id": "a", "type": "book", "title": "A"},\n  {\n    "id": 7, "type": "article-journal", "title": "B"\n  }\n]\n';
    const r = load('refs.json', json);
    expect(r.messages).toEqual([]);
    expect([...r.entries.values()].map((e) => `${e.key} ${e.position.line}:${e.position.column}`)).toEqual(['a 2:3', '7 3:3']);
  });

  it('reports invalid JSON at its position and items without id or type at their line', () => {
    expect(brief(load('refs.json', '[\n  {"id": "a",, "type": "book"}\n]'))).toEqual(['2:14 error bibliography-syntax']);
    const r = load('refs.json', '[\n  {"type": "book"},\n  {"id": "b"},\n  {"id": "c", "type": "book"}\n]');
    expect(brief(r)).toEqual(['2:3 error bibliography-syntax', '3:3 error bibliography-syntax']);
    expect([...r.entries.keys()]).toEqual(['c']);
  });
});
