import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCitations, parseLocator } from '../../scripts/citations/syntax.ts';

const keys = (text: string) => findCitations(text).map((r) => r.items.map((i) => (i.suppressAuthor ? '-' : '') + i.key).join(';'));

describe('findCitations', () => {
  it('reads bracketed citations with locators, prefixes and several keys', () => {
    const text = 'Lihat [@aris2011, hlm. 12] dan [see @a, p. 3 and *passim*; -@b, bab 2].';
    const refs = findCitations(text);
    expect(refs.map((r) => text.slice(r.start, r.end))).toEqual(['[@aris2011, hlm. 12]', '[see @a, p. 3 and *passim*; -@b, bab 2]']);
    expect(refs[0]!.items).toEqual([{ key: 'aris2011', locator: 'hlm. 12', suppressAuthor: false }]);
    expect(refs[1]).toMatchObject({ narrative: false, items: [
      { key: 'a', prefix: 'see', locator: 'p. 3', suffix: 'and *passim*', suppressAuthor: false },
      { key: 'b', locator: 'bab 2', suppressAuthor: true },
    ] });
  });

  it('reads narrative citations, with an optional bracketed locator after them', () => {
    const text = 'Menurut @aris2011 [hlm. 4], dan @doe:99.';
    const refs = findCitations(text);
    expect(refs.map((r) => [text.slice(r.start, r.end), r.narrative])).toEqual([['@aris2011 [hlm. 4]', true], ['@doe:99', true]]);
    expect(refs[0]!.items[0]).toEqual({ key: 'aris2011', locator: 'hlm. 4', suppressAuthor: false });
  });

  it('keeps Pandoc key characters and drops trailing punctuation', () => {
    expect(keys('@a.b-c_d:e/f+g?h<i>j~k#l$m%n&o. Then @x--y, @{odd key}!')).toEqual(['a.b-c_d:e/f+g?h<i>j~k#l$m%n&o', 'x--y', 'odd key']);
  });

  it('takes a bare number as a page locator and keeps other text as a suffix', () => {
    expect(findCitations('[@a, 12, 15-17]')[0]!.items[0]).toMatchObject({ locator: '12, 15-17' });
    expect(findCitations('[@a, and elsewhere]')[0]!.items[0]).toEqual({ key: 'a', suffix: ', and elsewhere', suppressAuthor: false });
    expect(findCitations('[@a, {pp. iv, vi-xi} dan lain]')[0]!.items[0]).toMatchObject({ locator: 'pp. iv, vi-xi', suffix: 'dan lain' });
  });

  it('leaves e-mails, handles in code, escaped @, URLs and links alone', () => {
    for (const text of ['Surel: nama@kampus.ac.id', 'Tulis `@handle` di kode', 'Bukan \\@sitasi', 'https://medium.com/@penulis/x', '```\n@a\n```', '<!-- @a -->', 'a@b [x@y.z]']) {
      expect(findCitations(text), text).toEqual([]);
    }
    expect(keys('[teks @a](https://x.org) dan [@b]')).toEqual(['a', 'b']);
  });

  it('is not a bracketed citation when one part has no key', () => {
    expect(findCitations('[@a; catatan saja]').map((r) => r.narrative)).toEqual([true]);
  });
});

describe('parseLocator', () => {
  it('maps Indonesian and English labels to CSL labels', () => {
    expect(parseLocator('hlm. 12')).toEqual({ label: 'page', value: '12' });
    expect(parseLocator('hal. 3-5')).toEqual({ label: 'page', value: '3-5' });
    expect(parseLocator('pp. 3')).toEqual({ label: 'page', value: '3' });
    expect(parseLocator('bab 2')).toEqual({ label: 'chapter', value: '2' });
    expect(parseLocator('chapter 4')).toEqual({ label: 'chapter', value: '4' });
    expect(parseLocator('12')).toEqual({ label: 'page', value: '12' });
  });
});

describe('findCitations (properties)', () => {
  const seed = 20261126;
  it('finds nothing in text without @', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'ab1 _-[];,.`\\{}()<>*éř\n'.split('')), maxLength: 200 }), (text) => findCitations(text).length === 0), { seed, numRuns: 500 });
  });

  it('cuts the text at citation boundaries, in order, and a cut re-reads as the same citation', () => {
    const unit = fc.constantFrom(...'ab1 _-@@[];,.`\\{}pl:x\n'.split(''), '[@k]', '@key', ' [-@a, p. 3]', 'x@y.z', '[see @b; @c]');
    fc.assert(fc.property(fc.array(unit, { maxLength: 60 }).map((parts) => parts.join('')), (text) => {
      let last = 0;
      for (const ref of findCitations(text)) {
        expect(ref.start).toBeGreaterThanOrEqual(last);
        expect(ref.end).toBeGreaterThan(ref.start);
        last = ref.end;
        const cut = text.slice(ref.start, ref.end);
        expect(cut[0] === '[' || cut[0] === '@').toBe(true);
        const again = findCitations(cut);
        expect(again).toEqual([{ ...ref, start: 0, end: cut.length }]);
      }
    }), { seed, numRuns: 500 });
  });

  it('finds exactly the citations placed between plain words', () => {
    const citation = fc.constantFrom('[@aris2011]', '[@a, hlm. 12]', '[-@b]', '[see @c; @d]', '@e');
    const word = fc.constantFrom('kata', 'surel nama@kampus.ac.id', '`@kode`', 'dan', '(lihat)');
    fc.assert(fc.property(fc.array(fc.tuple(word, citation), { maxLength: 8 }), (pairs) => {
      let text = '';
      const spans: [number, number][] = [];
      for (const [w, c] of pairs) {
        text += `${w} `;
        spans.push([text.length, text.length + c.length]);
        text += `${c} `;
      }
      expect(findCitations(text).map((r) => [r.start, r.end])).toEqual(spans);
    }), { seed, numRuns: 300 });
  });
});
