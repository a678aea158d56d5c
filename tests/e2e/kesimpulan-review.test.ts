import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../scripts/build.ts';
import { countWords } from '../../scripts/outline/words.ts';
import { ROOT } from '../helpers.ts';

// What a supervisor reading the conclusion deck beside its seed asked for (issue 14, "The conclusion deck").
const deck = prepare(join(ROOT, 'slides', 'kesimpulan.md'), { root: ROOT });
const { outline } = deck;
const notes = outline.slides.map((s) => s.notes ?? '');
const bullets = outline.slides.flatMap((slide) =>
  Object.values(slide.fields).flatMap((value) => {
    const points = Array.isArray(value) ? value : value && typeof value === 'object' && 'points' in value ? value.points : [];
    return points.flatMap((p) => (typeof p === 'string' ? [p] : [p.text, ...p.points]));
  }),
);
const text = [...bullets, ...notes, ...deck.deck.slides.map((s) => s.title)].join('\n').replace(/\s+/g, ' ');

describe('the conclusion deck, as a supervisor reads it', () => {
  it('names the founding members as founding members, Russia and China among them', () => {
    const pendirian = outline.slides.find((s) => s.id === 'pendirian')!;
    const left = pendirian.fields.left as { heading: string; points: string[] };
    expect(left.heading).toBe('Anggota pendiri, 2001');
    expect(left.points.join(' ')).toMatch(/Rusia[\s\S]*RRT[\s\S]*Kazakhstan, Tajikistan, Uzbekistan, dan Kyrgyzstan/);
  });

  it('uses current usage: RRT/Tiongkok, "Setelah Uni Soviet bubar", "wilayah"', () => {
    expect(text).not.toMatch(/\bRRC\b|\bCina\b/);
    expect(text).toMatch(/Republik Rakyat Tiongkok/);
    expect(text).not.toMatch(/pasca[ -]bubarnya|pasca-Uni Soviet/i);
    expect(text).toMatch(/Setelah Uni Soviet bubar/);
    expect(text).not.toMatch(/wilayah teritorial/i);
  });

  it('lists terrorism, separatism and extremism in one order everywhere', () => {
    const lists = text.match(/(terorisme|separatisme|ekstremisme),( dan)? (terorisme|separatisme|ekstremisme)(,? dan (terorisme|separatisme|ekstremisme))?/gi) ?? [];
    expect(lists.length).toBeGreaterThanOrEqual(5);
    for (const list of lists) expect(list.toLowerCase()).toBe('terorisme, separatisme, dan ekstremisme');
  });

  it('says nothing the seed does not: no "deepest reason", SCO is one of Russia\'s strategies and does not itself guard its territory', () => {
    expect(text).not.toMatch(/alasan terdalam/i);
    const sentences = [...bullets, ...notes].flatMap((t) => t.replace(/\s+/g, ' ').split(/(?<=[.?!])\s/));
    for (const sentence of sentences) expect(sentence).not.toMatch(/\bSCO\b[^.?!]*\b(menjaga|melindungi)\b[^.?!]*\bwilayah/i);
    expect(text).toMatch(/Pembentukan SCO adalah salah satu strategi/);
    expect(text).toMatch(/Rusia ingin menjaga \**keutuhan wilayahnya/);
    // "Political" where the seed says it.
    expect(text).toMatch(/kepentingan politik dan keamanan/i);
    expect(text).toMatch(/ketidakstabilan politik/i);
    expect(bullets.find((b) => b.startsWith('Rusia aktif di SCO'))).toContain('**politik**');
  });

  it('makes every bullet a whole thought, not the tail of the one before', () => {
    for (const b of bullets) expect(b, b).not.toMatch(/^(dari|yang|dan|atau|serta|yaitu|untuk|datang|mereka|kawasan itu|konflik itu|strategi itu|ancaman itu|gangguan itu)\b/i);
    for (const b of bullets) expect(b.charAt(0), b).toMatch(/[\p{Lu}*]/u);
  });

  it('carries its key message on a standout slide, and titles every slide by its content', () => {
    const key = outline.slides.find((s) => s.id === 'chechnya-dagestan')!;
    expect(key.layout).toBe('standout');
    expect(key.fields.message).toMatch(/Chechnya dan Dagestan[\s\S]*ancaman nyata/);
    for (const s of deck.deck.slides) expect(s.title).not.toMatch(/^Bab V/);
    expect(outline.slides.some((s) => s.layout === 'quote')).toBe(false);
  });

  it('has notes that fill 85-100 % of `duration` at the deck\'s speaking rate, in short spoken sentences', () => {
    const { duration, speakingRate } = outline.deck;
    expect(duration).toBeGreaterThanOrEqual(7);
    const minutes = notes.reduce((sum, n) => sum + countWords(n), 0) / speakingRate;
    expect(minutes / duration!).toBeGreaterThanOrEqual(0.85);
    expect(minutes / duration!).toBeLessThanOrEqual(1);
    const sentences = notes.join(' ').replace(/\s+/g, ' ').split(/(?<=[.?!])\s+/).filter(Boolean);
    const lengths = sentences.map(countWords);
    expect(lengths.reduce((a, b) => a + b, 0) / lengths.length).toBeLessThanOrEqual(10);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(20);
    // First person and signposts: the speaker guides the room.
    expect(notes.join(' ')).toMatch(/\bsaya\b/i);
    expect(notes.join(' ')).toMatch(/bagian pertama[\s\S]*bagian kedua/i);
  });
});
