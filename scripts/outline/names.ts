/**
 * How messages name places in an outline for people: slides by their number from 1 and their title
 * (`slide 4 "Awal baru di Asia Tengah"`), never by a list index such as `slides[3]`.
 */

type PathKey = string | number;

const MAX_TITLE = 50;

/** `slide 4 "Awal baru di Asia Tengah"`, or `slide 4` for a slide without a title of its own. */
export function slideLabel(index: number, title?: unknown): string {
  const text = typeof title === 'string' || typeof title === 'number' ? String(title) : '';
  // One line, no control characters: a title is a stranger's text printed in a terminal.
  const shown = text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
  if (!shown) return `slide ${index + 1}`;
  return `slide ${index + 1} "${shown.length > MAX_TITLE ? `${shown.slice(0, MAX_TITLE - 1).trimEnd()}…` : shown}"`;
}

/** The label of slide `index` of the outline's raw data (before validation). */
export function slideLabelIn(data: Record<string, unknown>, index: number): string {
  const slides = data.slides;
  const raw = Array.isArray(slides) ? (slides[index] as unknown) : undefined;
  const title = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).title : undefined;
  return slideLabel(index, title);
}

/**
 * A place in the front matter as a user would point to it: `` `subtitle` on slide 7 "Penutup" ``,
 * `` `left.points` item 3 on slide 4 "…" ``, or `` `handout.perPage` `` for deck fields. Items count from 1.
 */
export function placeName(path: readonly PathKey[], data: Record<string, unknown>): string {
  if (path[0] === 'slides' && typeof path[1] === 'number') {
    const slide = slideLabelIn(data, path[1]);
    const rest = path.slice(2);
    return rest.length ? `${fieldName(rest)} on ${slide}` : slide;
  }
  return fieldName(path);
}

/** `` `points` item 3 ``, `` `text` of `points` item 2 ``, `` `left.heading` ``. */
function fieldName(path: readonly PathKey[]): string {
  const parts: string[] = [];
  let names: string[] = [];
  for (const key of path) {
    if (typeof key === 'number') {
      parts.push(names.length ? `\`${names.join('.')}\` item ${key + 1}` : `item ${key + 1}`);
      names = [];
    } else names.push(key);
  }
  if (names.length) parts.push(`\`${names.join('.')}\``);
  return parts.reverse().join(' of ');
}
