import type { TemplateSet } from '../layouts.ts';
import type { Column, Outline, Point, Slide } from '../outline/types.ts';

/**
 * Splits each listed slide's splittable lists over `parts` continuation slides.
 * Titles of later parts get the language's "(lanjutan)"/"(continued)"; notes stay with the first part.
 */
export function splitSlides(outline: Outline, templates: TemplateSet, parts: Map<Slide, number>): Outline {
  const continued = templates.labels[outline.deck.lang]?.continued ?? '(continued)';
  const slides = outline.slides.flatMap((slide) => {
    const n = parts.get(slide);
    const layout = templates.layouts.get(slide.layout);
    if (!n || n < 2 || !layout || layout.splittable.length === 0) return [slide];
    return Array.from({ length: n }, (_, k) => {
      const fields = { ...slide.fields };
      for (const name of layout.splittable) {
        const value = fields[name];
        if (Array.isArray(value)) fields[name] = chunk(value, n)[k] ?? [];
        else if (value && typeof value === 'object' && 'points' in value) {
          const col = value as Column;
          fields[name] = { heading: col.heading, points: chunk(col.points, n)[k] ?? [] };
        }
      }
      const title = typeof slide.fields.title === 'string' ? slide.fields.title : '';
      if (k > 0 && title) fields.title = `${title.replace(` ${continued}`, '')} ${continued}`;
      const part: Slide = { ...slide, fields, notes: k === 0 ? slide.notes : undefined, continuation: k > 0 };
      return part;
    }).filter((s, k) => k === 0 || hasPoints(s, layout.splittable));
  });
  return { ...outline, slides };
}

function chunk(points: Point[], n: number): Point[][] {
  const size = Math.ceil(points.length / n);
  return Array.from({ length: n }, (_, k) => points.slice(k * size, (k + 1) * size));
}

function hasPoints(slide: Slide, names: string[]): boolean {
  return names.some((name) => {
    const v = slide.fields[name];
    return Array.isArray(v) ? v.length > 0 : !!v && typeof v === 'object' && 'points' in v && (v as Column).points.length > 0;
  });
}

/** How many points a slide's splittable lists hold, at most; a slide with one point cannot be split. */
export function splittablePoints(slide: Slide, templates: TemplateSet): number {
  const layout = templates.layouts.get(slide.layout);
  if (!layout) return 0;
  return Math.max(0, ...layout.splittable.map((name) => {
    const v = slide.fields[name];
    return Array.isArray(v) ? v.length : v && typeof v === 'object' && 'points' in v ? (v as Column).points.length : 0;
  }));
}

/**
 * The parts an earlier split made of the slide `part` belongs to, joined back into one slide, with how many parts
 * there were: a part that still overflows re-splits the whole list into one part more, evenly, rather than halving
 * itself (which leaves half-empty slides).
 */
export function joinParts(outline: Outline, templates: TemplateSet, part: Slide): { outline: Outline; joined: Slide; parts: number } {
  const layout = templates.layouts.get(part.layout);
  const start = outline.slides.findIndex((s) => s.index === part.index && s.layout === part.layout && !s.continuation);
  if (!layout || start < 0) return { outline, joined: part, parts: 1 };
  let end = start + 1;
  while (end < outline.slides.length && outline.slides[end]!.continuation && outline.slides[end]!.index === part.index) end++;
  const group = outline.slides.slice(start, end);
  if (group.length === 1) return { outline, joined: group[0]!, parts: 1 };
  const fields = { ...group[0]!.fields };
  for (const name of layout.splittable) {
    const lists = group.map((s) => s.fields[name]);
    if (lists.every(Array.isArray)) fields[name] = (lists as Point[][]).flat();
    else if (lists.every((v) => v && typeof v === 'object' && 'points' in v)) fields[name] = { heading: (lists[0] as Column).heading, points: (lists as Column[]).flatMap((c) => c.points) };
  }
  const joined: Slide = { ...group[0]!, fields };
  return { outline: { ...outline, slides: [...outline.slides.slice(0, start), joined, ...outline.slides.slice(end)] }, joined, parts: group.length };
}
