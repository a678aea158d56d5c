import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBibliography } from '../../scripts/citations/bibliography.ts';
import { CITATION_TEMPLATES, citationJs, LOCALES } from '../../scripts/citations/citation-js.ts';
import { BUNDLED_STYLES, createFormatter, engineItem } from '../../scripts/citations/format.ts';
import { htmlToMarkdown } from '../../scripts/citations/markdown.ts';
import { findCitations } from '../../scripts/citations/syntax.ts';
import type { BibEntry } from '../../scripts/citations/types.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { tempDir } from '../helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const { entries } = loadBibliography(['zotero.bib', 'mendeley.bib'].map((name) => ({ path: join(FIXTURES, name), display: name })));
const SAMPLE = { book: 'aris_eurasian_2011', 'article-journal': 'aris_shanghai_2009', chapter: 'cooley_great_2012', report: 'weitz_shanghai_2014', webpage: 'kemlu_sco_2023', thesis: 'wicaksana_peran_2019' };

/** Each citation of `text`, formatted in order. */
const citeAll = (f: ReturnType<typeof createFormatter>, text: string) => findCitations(text).map((ref) => f.cite(ref));

function bibOf(text: string): Map<string, BibEntry> {
  const path = join(tempDir(), 'refs.bib');
  writeFileSync(path, text);
  return loadBibliography([{ path, display: 'refs.bib' }]).entries;
}

describe('createFormatter: reference lists against the CSL processor', () => {
  it('samples every entry type the tests need', () => {
    for (const [type, key] of Object.entries(SAMPLE)) expect(entries.get(key)!.csl.type, key).toBe(type);
  });

  for (const style of BUNDLED_STYLES) {
    for (const lang of ['id', 'en'] as const) {
      it(`formats book, article, chapter, report, webpage and thesis like citation-js does (${style}, ${lang})`, () => {
        const keys = Object.values(SAMPLE);
        const { Cite } = citationJs();
        const items = keys.map((key) => engineItem(entries.get(key)!, lang));
        const reference = new Cite(items, { forceType: '@csl/list+object' }).format('bibliography', { format: 'html', template: style, lang: LOCALES[lang], hyperlinks: true, asEntryArray: true }) as unknown as [string, string][];
        const ours = createFormatter(entries, style, lang).bibliography(keys);
        expect(ours).toEqual(reference.map(([, html]) => htmlToMarkdown(html)));
        expect(ours).toHaveLength(6);
        expect(ours.join('\n')).not.toMatch(/<|&#|NO_PRINTED_FORM/);
      });
    }
  }

  it('writes italics, escapes, and links DOIs and URLs', () => {
    const apa = createFormatter(entries, 'apa', 'id').bibliography([SAMPLE.book, SAMPLE.webpage]);
    expect(apa).toEqual([
      'Aris, S. (2011). *Eurasian Regionalism: The Shanghai Cooperation Organisation*. Palgrave Macmillan. [https://doi.org/10.1057/9780230305533](https://doi.org/10.1057/9780230305533)',
      'Kementerian Luar Negeri Republik Indonesia. (t.t.). *Shanghai Cooperation Organization (SCO)*. Diambil 4 Juli 2023, dari [https://kemlu.go.id/portal/id/read/sco?lang=id&page=1](https://kemlu.go.id/portal/id/read/sco?lang=id&page=1)',
    ]);
    const ieee = createFormatter(entries, 'ieee', 'en').bibliography([SAMPLE.book]);
    expect(ieee).toEqual(['\\[1\\] S. Aris, *Eurasian Regionalism: The Shanghai Cooperation Organisation*. Basingstoke: Palgrave Macmillan, 2011. doi: [10.1057/9780230305533](https://doi.org/10.1057/9780230305533).']);
  });

  it('escapes Markdown in the data and never links anything but http(s)', () => {
    const path = join(tempDir(), 'refs.json');
    writeFileSync(path, JSON.stringify([{ id: 'x', type: 'webpage', author: [{ family: 'Star*_x', given: 'Ab' }], title: '[Click] `me` <script>alert(1)</script> \\', URL: 'javascript:alert(1)', issued: { 'date-parts': [[2020]] } }]));
    const hostile = loadBibliography([{ path, display: 'refs.json' }]).entries;
    for (const style of BUNDLED_STYLES) {
      const [entry] = createFormatter(hostile, style, 'en').bibliography(['x']);
      expect(entry).toContain('Star\\*\\_x');
      expect(entry!.toLowerCase()).toContain('\\[click\\] \\`me\\` \\<script>alert(1)\\</script> \\\\');
      expect(entry).not.toMatch(/\]\((?!https:)/);
    }
  });
});

describe('createFormatter: in-text citations', () => {
  const text = '[@weitz_shanghai_2014, hlm. 12] [see @aris_eurasian_2011, p. 3] [-@aris_eurasian_2011] @aris_eurasian_2011 [@aris_shanghai_2009; @aris_eurasian_2011] @Hidayat2020 [hlm. 50] [@kemlu_sco_2023]';

  it('APA: locator, prefix, suppressed author, narrative, two works, et al. and no date (id and en)', () => {
    expect(citeAll(createFormatter(entries, 'apa', 'id'), text)).toEqual([
      '(Weitz, 2014, hlm. 12)', '(see Aris, 2011, hlm. 3)', '(2011)', 'Aris (2011)', '(Aris, 2009, 2011)', 'Hidayat dkk. (2020, hlm. 50)', '(Kementerian Luar Negeri Republik Indonesia, t.t.)',
    ]);
    expect(citeAll(createFormatter(entries, 'apa', 'en'), text)).toEqual([
      '(Weitz, 2014, p. 12)', '(see Aris, 2011, p. 3)', '(2011)', 'Aris (2011)', '(Aris, 2009, 2011)', 'Hidayat et al. (2020, p. 50)', '(Kementerian Luar Negeri Republik Indonesia, n.d.)',
    ]);
  });

  it('IEEE: numbers in order of first citation, used again by the reference list', () => {
    const f = createFormatter(entries, 'ieee', 'id');
    expect(citeAll(f, text)).toEqual(['\\[1, hlm. 12\\]', 'see \\[2, hlm. 3\\]', '\\[2\\]', 'Aris \\[2\\]', '\\[2\\], \\[3\\]', 'Hidayat dkk. \\[4, hlm. 50\\]', '\\[5\\]']);
    const list = f.bibliography([SAMPLE.webpage, 'Hidayat2020', SAMPLE.book, SAMPLE.report, SAMPLE['article-journal']]);
    expect(list.map((entry) => entry.slice(0, 14))).toEqual(['\\[1\\] R. Weitz', '\\[2\\] S. Aris,', '\\[3\\] S. Aris,', '\\[4\\] R. Hiday', '\\[5\\] Kementer']);
    expect(list[3]).toContain('T. M. Siregar, dan Abdurrahman Wahid');
    expect(citeAll(createFormatter(entries, 'ieee', 'en'), '[@Hidayat2020, p. 3]')).toEqual(['\\[1, p. 3\\]']);
  });

  it('Indonesian terms: dkk., hlm., t.t., dan; English ones for en', () => {
    const id = createFormatter(entries, 'chicago-author-date', 'id');
    expect(citeAll(id, '[@Hidayat2020, hlm. 3; @kemlu_sco_2023]')).toEqual(['(Hidayat dkk. 2020, 3; Kementerian Luar Negeri Republik Indonesia, t.t.)']);
    expect(id.bibliography(['muller_geschichte_2001'])[0]).toContain('Zoé Émile, dan Jan van der Berg');
    expect(createFormatter(entries, 'harvard', 'id').bibliography([SAMPLE.webpage])[0]).toContain('(t.t.)');
    expect(createFormatter(entries, 'harvard', 'en').bibliography([SAMPLE.webpage])[0]).toContain('(no date)');
  });

  it('keeps Markdown in prefixes and suffixes as written', () => {
    expect(citeAll(createFormatter(entries, 'apa', 'id'), '[lihat *juga* @weitz_shanghai_2014, hlm. 2 dan **seterusnya**]')).toEqual(['(lihat *juga* Weitz, 2014, hlm. 2 dan **seterusnya**)']);
  });

  it('marks unknown keys the way Pandoc does', () => {
    expect(citeAll(createFormatter(entries, 'apa', 'en'), '[@nope] [@weitz_shanghai_2014; @nope]')).toEqual(['**nope?**', '(Weitz, 2014) **nope?**']);
  });

  it('disambiguates the same author and year (2011a/2011b) once the deck is registered', () => {
    const twins = bibOf('@book{a, author={Aris, S.}, title={Alpha}, publisher={P}, year=2011}\n@book{b, author={Aris, S.}, title={Beta}, publisher={P}, year=2011}');
    const deck = '[@a] lalu [@b]';
    const f = createFormatter(twins, 'apa', 'id');
    f.register(findCitations(deck));
    expect(citeAll(f, deck)).toEqual(['(Aris, 2011a)', '(Aris, 2011b)']);
    expect(f.bibliography(['a', 'b']).map((e) => e.slice(0, 17))).toEqual(['Aris, S. (2011a).', 'Aris, S. (2011b).']);
  });

  it('keeps each deck its own numbering when two formatters share an engine', () => {
    const a = createFormatter(entries, 'ieee', 'en');
    const b = createFormatter(entries, 'ieee', 'en');
    expect(citeAll(a, '[@aris_eurasian_2011]')).toEqual(['\\[1\\]']);
    expect(citeAll(b, '[@weitz_shanghai_2014] [@aris_eurasian_2011]')).toEqual(['\\[1\\]', '\\[2\\]']);
    expect(citeAll(a, '[@weitz_shanghai_2014] [@aris_eurasian_2011]')).toEqual(['\\[2\\]', '\\[1\\]']);
    expect(a.bibliography([SAMPLE.book, SAMPLE.report]).map((e) => e.slice(0, 12))).toEqual(['\\[1\\] S. Ari', '\\[2\\] R. Wei']);
  });
});

describe('createFormatter: styles and fields', () => {
  it('accepts a project .csl file', () => {
    const path = join(tempDir(), 'gaya.csl');
    cpSync(join(CITATION_TEMPLATES, 'ieee.csl'), path);
    expect(citeAll(createFormatter(entries, path, 'en'), '[@weitz_shanghai_2014]')).toEqual(['\\[1\\]']);
  });

  it('refuses a file that is not a CSL style, at its line, with a hint', () => {
    const dir = tempDir();
    const cases: [string, string, number][] = [
      ['html.csl', '<?xml version="1.0"?>\n<!-- saved from the web -->\n<html><body>Not found</body></html>', 3],
      ['dependent.csl', '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n  <info>\n    <link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>\n  </info>\n</style>', 4],
      ['nons.csl', '\n<style version="1.0"><citation><layout/></citation></style>', 2],
    ];
    for (const [name, xml, line] of cases) {
      writeFileSync(join(dir, name), xml);
      try {
        createFormatter(entries, join(dir, name), 'en');
        expect.unreachable(name);
      } catch (e) {
        expect(e, name).toBeInstanceOf(PaparanError);
        const [m] = (e as PaparanError).messages;
        expect([m!.rule, m!.position.line], name).toEqual(['csl-invalid', line]);
        expect(m!.hint).toBeTruthy();
      }
    }
    expect(() => createFormatter(entries, 'apa7', 'en')).toThrow(/no bundled citation style "apa7"/);
    expect(() => createFormatter(entries, join(dir, 'missing.csl'), 'en')).toThrow(PaparanError);
  });

  it('lists the fields the style needs that an entry lacks', () => {
    const thin = bibOf('@article{a, title={T}}\n@book{b, author={X, Y}, title={T}, year=2001}\n@online{c, title={T}, url={https://x.org}}\n@incollection{d, editor={E, F}, title={T}, booktitle={B}, publisher={P}, year=2001}');
    const f = createFormatter(thin, 'apa', 'id');
    expect(['a', 'b', 'c', 'd', 'zz'].map((key) => f.missingFields(key))).toEqual([['author', 'issued', 'container-title'], ['publisher'], ['author'], [], []]);
    expect(createFormatter(entries, 'apa', 'id').missingFields(SAMPLE.book)).toEqual([]);
  });
});
