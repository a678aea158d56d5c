import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulletOf, shorten } from '../../scripts/draft/bullets.ts';
import { draftSlides } from '../../scripts/draft/outline.ts';
import { planSlides } from '../../scripts/draft/plan.ts';
import { readChapter } from '../../scripts/draft/read.ts';
import { TermIndex } from '../../scripts/draft/terms.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { ROOT } from '../helpers.ts';

const SEED = readChapter(readFileSync(join(ROOT, 'tests/fixtures/draft/seed.txt'), 'utf8'));
const seedSentences = SEED.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.sentences : []));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('key terms', () => {
  it('reads names of two to four capitalised words as one term, never across a bracket or comma', () => {
    const index = new TermIndex(seedSentences);
    const terms = new Set(index.sentenceTerms.flat());
    for (const name of ['shanghai cooperation organization', 'asia tengah', 'laut kaspia', 'uni soviet']) expect(terms, name).toContain(name);
    // "Organization (SCO)": the acronym in brackets is its own term.
    expect([...terms].some((t) => t.includes('organization sco'))).toBe(false);
    expect(terms).toContain('sco');
    // A sentence's first word joins a name only when the text never writes it in lower case.
    expect(terms).not.toContain('munculnya sco');
    expect(index.show('asia tengah')).toBe('Asia Tengah');
  });

  it('never pairs a verb into a two-word term', () => {
    const index = new TermIndex(['Rusia memikirkan cara baru.', 'Rusia memikirkan cara lain.', 'Gas alam mengalir.', 'Pipa gas alam baru.']);
    const terms = new Set(index.sentenceTerms.flat());
    expect(terms).not.toContain('rusia memikirkan');
    expect(terms).toContain('gas alam');
  });
});

describe('slide titles', () => {
  it('names each slide by two key terms that do not overlap, never the same pair twice', () => {
    const { slides } = draftSlides(SEED, 'id');
    const titles = slides.flatMap((s) => ('title' in s && s.layout === 'points' && s.title !== 'Ringkasan' ? [s.title] : []));
    expect(titles.length).toBeGreaterThan(5);
    const pairs = titles.map((t) => t.toLowerCase().split(' dan ').sort().join('|'));
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const title of titles) {
      expect(words(title)).toBeLessThanOrEqual(8);
      // No comma lists, no name cut in two ("Shanghai, Cooperation Organization"), no "Asia" beside "Asia Tengah".
      expect(title).not.toContain(',');
      const [first, second] = title.toLowerCase().split(' dan ');
      if (second) expect(first!.split(' ').some((w) => second.split(' ').includes(w)), title).toBe(false);
    }
    expect(titles).toContain('Shanghai Cooperation Organization dan RRC');
  });
});

describe('bullets', () => {
  it('keeps a name whole at the end of a sentence ("Asia Tengah", though "tengah" is a stop word)', () => {
    expect(shorten('Munculnya SCO membuat awal yang baru di Asia Tengah.')).toBe('Munculnya SCO membuat awal yang baru di Asia Tengah');
    expect(shorten('Rusia tertarik mengembangkan kerjasama dengan negara-negara Asia Tengah, karena SCO merupakan salah satu forum kerjasama yang dianggap membawa dampak positif.')).toBe('Rusia tertarik mengembangkan kerjasama dengan negara-negara Asia Tengah');
  });

  it('leaves out a short relative clause before the verb rather than ending on a verb that needs its object', () => {
    const bullet = shorten('Pasca bubarnya Uni Soviet, konflik-konflik kepentingan yang terjadi dalam tubuh pemerintahan menyebabkan ketidakstabilan politik di Rusia dalam jangka waktu yang cukup lama.');
    expect(bullet).toBe('Pasca bubarnya Uni Soviet, konflik-konflik kepentingan menyebabkan ketidakstabilan politik di Rusia');
    // Never a cut that ends on "menyebabkan", "memikirkan", "merupakan" or "is".
    for (const sentence of seedSentences) expect(shorten(sentence), sentence).not.toMatch(/\b(me\p{L}+kan|merupakan|adalah|meliputi)$/u);
    expect(shorten('The pipeline is the main route of gas exports from the region to the markets of Europe and Asia.')).not.toMatch(/\b(is|the|of|to)$/);
  });

  it('does not drop a clause that holds another "yang" (that would change what the sentence says)', () => {
    const bullet = shorten('Kerjasama keamanan yang dilakukan antar anggota SCO yang mempunyai kekhawatiran yang sama, yaitu negara-negara tersebut mempunyai ancaman kekerasan.');
    expect(bullet.startsWith('Kerjasama keamanan yang dilakukan')).toBe(true);
  });

  it('brings back the verb that leads into a list when the cut took it off', () => {
    const bullet = bulletOf('Shanghai Cooperation Organization (SCO) merupakan organisasi yang regional yang didirikan atas inisiatif yang dimiliki oleh Rusia dan RRC yang beranggotakan Kazakhstan, Tajikistan, Uzbekistan dan Kyrgystan.');
    expect(bullet.text).toMatch(/… beranggotakan:$/);
    expect(words(bullet.text)).toBeLessThanOrEqual(12);
    expect(bullet.points).toEqual(['Kazakhstan', 'Tajikistan', 'Uzbekistan', 'Kyrgystan']);
  });
});

describe('--slides N', () => {
  const count = (n?: number) => draftSlides(SEED, 'id', { slides: n }).slides;
  const sentencesIn = (slides: ReturnType<typeof count>) => slides.flatMap((s) => s.notes ?? []);

  it('merges or splits paragraphs to reach the number asked for, every sentence still in the notes', () => {
    for (const wanted of [7, 9, 12, 16, 20]) {
      const slides = count(wanted);
      expect(slides.length, `--slides ${wanted}`).toBe(wanted);
      const notes = sentencesIn(slides);
      for (const sentence of seedSentences) expect(notes, sentence).toContain(sentence);
      for (const slide of slides) if (slide.layout === 'points') expect(slide.points.length).toBeLessThanOrEqual(6);
    }
  });

  it('drops the summary, then the agenda, before it refuses; below one slide per part it says how many are needed', () => {
    const seven = count(7);
    expect(seven.map((s) => s.layout)).toEqual(['title', 'agenda', 'section', 'points', 'section', 'points', 'closing']);
    expect(count(6).map((s) => s.layout)).toEqual(['title', 'section', 'points', 'section', 'points', 'closing']);
    let error: unknown;
    try {
      count(5);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PaparanError);
    const message = (error as PaparanError).messages[0]!;
    expect(message.rule).toBe('draft-slides');
    expect(message.hint).toContain('--slides 6');
  });

  it('stops splitting when every slide holds one sentence (a short chapter cannot fill 40 slides)', () => {
    const plan = planSlides([[[0, 1, 2]], [[3, 4]]], () => 10, { sections: true, summary: true, slides: 40 });
    expect(plan.chunks).toEqual([[[0], [1], [2]], [[3], [4]]]);
  });
});

describe('reading (regressions found by the English fixtures)', () => {
  it('"U.S." before a capital ends no sentence', async () => {
    const { splitSentences } = await import('../../scripts/draft/sentences.ts');
    expect(splitSentences('The U.S. Department of Energy estimated the reserves. The U.S. Congress agreed.')).toEqual(['The U.S. Department of Energy estimated the reserves.', 'The U.S. Congress agreed.']);
  });

  it('a line that ends in a dash or slash joins the next without a space ("Baku–Tbilisi–Ceyhan", "1991–1999")', () => {
    const chapter = readChapter('The Baku–\nTbilisi–Ceyhan pipeline opened in 2006, after the wars of 1991–\n1999 had ended.\n');
    const paragraph = chapter.blocks.find((b) => b.kind === 'paragraph');
    expect(paragraph && paragraph.kind === 'paragraph' && paragraph.text).toBe('The Baku–Tbilisi–Ceyhan pipeline opened in 2006, after the wars of 1991–1999 had ended.');
  });
});

describe('key terms (regression)', () => {
  it('never takes an abbreviation ("Dr", "dkk", "et al.") as a key term', () => {
    const index = new TermIndex(['Menurut Dr. Ivanov dkk. Dagestan penting.', 'Dr. Ivanov menulis tentang Dagestan.', 'Rahman et al. found the same in Dagestan.']);
    const terms = new Set(index.sentenceTerms.flat());
    for (const abbreviation of ['dr', 'dkk', 'al', 'et']) expect(terms).not.toContain(abbreviation);
    expect(terms).toContain('dagestan');
  });
});

describe('English bullets', () => {
  it('leaves out a restatement after "i.e." and bracketed asides before it cuts; keeps an "e.g." list', () => {
    expect(shorten('If one republic broke away, i.e. left the Russian Federation, other separatist groups would follow.')).toBe('If one republic broke away, other separatist groups would follow');
    expect(shorten('Dr. Ivanov and his colleagues describe this fear as a domino effect (Ivanov et al. 2015, p. 45).')).toBe('Dr. Ivanov and his colleagues describe this fear as a domino effect');
    expect(shorten('Great powers, e.g. China, the European Union and the United States, compete for access to them.')).toContain('e.g. China');
  });

  it('never ends a cut on a preposition ("are among"), and a list after "a fear of" gets a colon', () => {
    expect(shorten('The oil and gas reserves of the Caspian Sea are among the largest outside the Middle East.')).not.toMatch(/\b(among|are)$/);
    expect(bulletOf('The member states share a fear of terrorism, separatism, and extremism, which they call the three evils.')).toEqual({ text: 'The member states share a fear of:', points: ['Terrorism', 'Separatism', 'Extremism'] });
  });
});

describe('summary slide (regression)', () => {
  it('holds whole shortened sentences, never a list lead-in left hanging without its list', () => {
    const summary = draftSlides(SEED, 'id').slides.find((s) => s.layout === 'points' && s.title === 'Ringkasan');
    expect(summary && 'points' in summary).toBe(true);
    for (const point of summary && 'points' in summary ? summary.points : []) {
      expect(point.points).toBeUndefined();
      expect(point.text, point.text).not.toMatch(/[:…]$/);
    }
  });
});
