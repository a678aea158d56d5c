import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../scripts/build.ts';
import { countWords } from '../../scripts/outline/words.ts';
import { ROOT } from '../helpers.ts';

const deck = prepare(join(ROOT, 'slides', 'kesimpulan.md'), { root: ROOT });
const seed = readFileSync(join(ROOT, 'tests', 'fixtures', 'seed-kesimpulan.txt'), 'utf8');
const all = deck.deck.markdown + deck.deck.slides.map((s) => s.notes).join('\n');
const flat = all.replace(/\s+/g, ' ');

describe('the conclusion deck', () => {
  it('has 10 to 16 slides, in Indonesian', () => {
    expect(deck.deck.slides.length).toBeGreaterThanOrEqual(10);
    expect(deck.deck.slides.length).toBeLessThanOrEqual(16);
    expect(deck.outline.deck.lang).toBe('id');
  });

  it.each([
    ['a new beginning in Central Asia', /awal (yang )?baru/i],
    ['regional integration', /integrasi regional/i],
    ['the shared threats', /terorisme, separatisme,? dan ekstremisme/i],
    ['founded by Russia and China', /inisiatif \**Rusia\** dan \**RRT/i],
    ['the four members', /Kazakhstan, Tajikistan, Uzbekistan,? dan Kyrgyzstan/],
    ['the basic purpose', /menghindari (terjadinya )?berbagai gangguan kekerasan/i],
    ["Russia's influence in Central Asia", /menjaga pengaruh/i],
    ['cooperation seen as positive', /dampak positif/i],
    ["the Caspian Sea's oil and gas", /Laut Kaspia[\s\S]*minyak dan gas alam/i],
    ['the pipelines', /pipa-pipa penyalur/i],
    ['instability after the Soviet breakup', /Uni Soviet bubar[\s\S]*ketidakstabilan politik/i],
    ['Chechnya and Dagestan', /Chechnya dan Dagestan/],
    ['assets, territorial integrity and people', /aset-aset berharga[\s\S]*keutuhan wilayah[\s\S]*masyarakat Rusia/i],
    ['the fear that secession spreads', /melepaskan diri dari Rusia[\s\S]*separatis lainnya/i],
  ])('states %s', (_claim, pattern) => {
    expect(flat).toMatch(pattern);
  });

  it('fixes the source\'s typos and keeps reduplication hyphens', () => {
    expect(seed).toMatch(/berusahan|mengamakan|Kyrgystan/);
    expect(all).not.toMatch(/berusahan|mengamakan|Kyrgystan|ekstrimisme/);
    expect(all).toContain('ancaman-ancaman');
    // Doubled spaces are the extraction's artefact; none may reach a slide or a note.
    const prose = deck.deck.slides.flatMap((s) => [s.title, s.notes]).join('\n') + JSON.stringify(deck.outline.slides.map((s) => s.fields));
    expect(prose).not.toMatch(/\S {2,}\S/);
  });

  it('keeps every bullet to 12 words or fewer', () => {
    for (const slide of deck.outline.slides) {
      for (const value of Object.values(slide.fields)) {
        const points = Array.isArray(value) ? value : value && typeof value === 'object' && 'points' in value ? value.points : [];
        for (const p of points) {
          const texts = typeof p === 'string' ? [p] : [p.text, ...p.points];
          for (const t of texts) expect(countWords(t), t).toBeLessThanOrEqual(12);
        }
      }
    }
  });
});
