import { describe, expect, it } from 'vitest';
import { joinParts, splitSlides, splittablePoints } from '../../scripts/render/split.ts';
import { outlineFrom, templates } from '../helpers.ts';

const deck = (lang: string) =>
  outlineFrom(`---\ntitle: T\nlang: ${lang}\nrules: { too-many-bullets: off }\nslides:\n  - layout: points\n    title: "Poin"\n    points: ["a", "b", "c", "d", "e"]\n    notes: "Catatan"\n  - layout: two-column\n    title: "Dua"\n    left: { heading: "Kiri", points: ["1", "2", "3", "4"] }\n    right: { heading: "Kanan", points: ["5", "6"] }\n    notes: "N"\n  - layout: quote\n    text: "q"\n    source: "s"\n    notes: "Q"\n---\n`).outline;

describe('splitSlides', () => {
  it('splits points into continuation slides; notes stay with the first part', () => {
    const outline = deck('id');
    const split = splitSlides(outline, templates(), new Map([[outline.slides[0]!, 2]]));
    expect(split.slides.map((s) => s.fields.title)).toEqual(['Poin', 'Poin (lanjutan)', 'Dua', undefined]);
    expect(split.slides[0]!.fields.points).toEqual(['a', 'b', 'c']);
    expect(split.slides[1]!.fields.points).toEqual(['d', 'e']);
    expect(split.slides.map((s) => s.notes)).toEqual(['Catatan', undefined, 'N', 'Q']);
  });

  it('splits both columns alike, in English "(continued)"', () => {
    const outline = deck('en');
    const split = splitSlides(outline, templates(), new Map([[outline.slides[1]!, 2]]));
    expect(split.slides[2]!.fields.title).toBe('Dua (continued)');
    expect(split.slides[2]!.fields.left).toEqual({ heading: 'Kiri', points: ['3', '4'] });
    expect(split.slides[2]!.fields.right).toEqual({ heading: 'Kanan', points: ['6'] });
  });

  // Issue 16: a part that still overflowed was halved, leaving half-empty slides; now the whole list is re-split.
  it('joins the parts of a split slide back, to split the whole list into one part more', () => {
    const outline = deck('id');
    const split = splitSlides(outline, templates(), new Map([[outline.slides[0]!, 2]]));
    const again = joinParts(split, templates(), split.slides[1]!);
    expect(again.parts).toBe(2);
    expect(again.joined.fields.points).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(again.joined.fields.title).toBe('Poin');
    const three = splitSlides(again.outline, templates(), new Map([[again.joined, again.parts + 1]]));
    expect(three.slides.map((s) => s.fields.points)).toEqual([['a', 'b'], ['c', 'd'], ['e'], undefined, undefined]);
  });

  it('never splits a layout without lists', () => {
    const outline = deck('id');
    expect(splittablePoints(outline.slides[2]!, templates())).toBe(0);
    expect(splitSlides(outline, templates(), new Map([[outline.slides[2]!, 3]])).slides).toHaveLength(3);
  });
});
