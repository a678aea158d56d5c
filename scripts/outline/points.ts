import { capitalize, type SlideContext } from './context.ts';
import { describe, short, unknownField } from './report.ts';
import type { PathKey } from './load.ts';
import type { Point } from './types.ts';
import { quoteYaml } from './yaml-mistakes.ts';

const POINT_FIELDS = ['text', 'points'];
const TYPOGRAPHIC_OPEN = /^[“‘„‚«‹”’]/;
const TYPOGRAPHIC_CLOSE = /[”’“‘»›]$/;

/**
 * Checks a list of bullets: text, or `{ text, points }` with one level of sub-points. The shapes YAML makes
 * of bullets written another way (`- Catatan: penting`, sub-bullets without `text:`) are told by their cause.
 */
export function checkPoints(value: unknown, path: PathKey[], ctx: SlideContext): Point[] | undefined {
  const { messages, at, text, place } = ctx;
  if (!Array.isArray(value)) {
    // `-"text"` (no space after the dash) reads as one piece of text, not as a list.
    const noSpace = typeof value === 'string' && /^-\S/.test(value);
    messages.error(at(path), 'field-type', `${capitalize(place(path))} must be a list, not ${describe(value)}`, noSpace ? 'Put a space after each `-`: `- "…"`; without it YAML reads the line as text, not as a list item' : 'Write each point on its own line starting with `- `');
    return undefined;
  }
  const points: Point[] = [];
  const before = (i: number) => (typeof value[i - 1] === 'string' ? (value[i - 1] as string) : undefined);
  value.forEach((item, i) => {
    const itemPath = [...path, i];
    if (Array.isArray(item)) {
      // `- Ekonomi` then `- - minyak`: sub-points as a list of their own.
      messages.error(at(itemPath), 'nested-point', `${capitalize(place(itemPath))} is a list of sub-points with no \`text:\` above it`, shapeHint(before(i), item, true));
      return;
    }
    if (item && typeof item === 'object') {
      const point = checkNested(item as Record<string, unknown>, itemPath, before(i), ctx);
      if (point) points.push(point);
      return;
    }
    if (foldedSubBullets(itemPath, ctx)) return;
    const t = text(itemPath, item);
    if (t !== undefined) points.push(t);
  });
  return points;
}

function checkNested(entry: Record<string, unknown>, itemPath: PathKey[], previous: string | undefined, ctx: SlideContext): Point | undefined {
  const { messages, at, keyAt, text, place } = ctx;
  const keys = Object.keys(entry);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only !== undefined && !POINT_FIELDS.includes(only)) {
    const value = entry[only];
    if (Array.isArray(value)) {
      // `- Ekonomi:` with sub-bullets under it.
      messages.error(keyAt([...itemPath, only]), 'nested-point', `The point \`${only}\` has sub-points but no \`text:\``, shapeHint(only, value, false));
      return undefined;
    }
    if (value === null || typeof value !== 'object') {
      bulletRead(only, value, itemPath, ctx);
      return undefined;
    }
  }
  for (const key of keys) {
    if (!POINT_FIELDS.includes(key)) unknownField(messages, keyAt([...itemPath, key]), key, POINT_FIELDS, 'a nested point');
  }
  const t = text([...itemPath, 'text'], entry.text);
  if (t === undefined) {
    const subs = Array.isArray(entry.points) ? entry.points : [];
    messages.error(at(itemPath), 'nested-point', `${capitalize(place(itemPath))} has sub-points but no \`text:\``, shapeHint(previous, subs, previous !== undefined));
    return undefined;
  }
  const sub = entry.points === undefined ? [] : entry.points;
  if (!Array.isArray(sub) || sub.some((s) => typeof s === 'object' && s !== null)) {
    messages.error(at([...itemPath, 'points']), 'field-type', 'Sub-points must be a list of text (one level of nesting only)', 'Write each sub-point as `- "..."`');
    return undefined;
  }
  return { text: t, points: sub.map((s, j) => text([...itemPath, 'points', j], s) ?? '') };
}

/** `- Catatan: penting` (or `- “Catatan: penting”`): a bullet YAML reads as a field because of its `: `. */
function bulletRead(key: string, value: unknown, itemPath: PathKey[], ctx: SlideContext): void {
  const source = ctx.loaded.sourceOf(itemPath)?.text.trim();
  const written = source && !source.includes('\n') ? source : `${key}: ${value === null || value === undefined ? '' : String(value)}`.trim();
  const position = ctx.keyAt([...itemPath, key]);
  if (TYPOGRAPHIC_OPEN.test(written)) {
    const inner = written.slice(1).replace(TYPOGRAPHIC_CLOSE, '');
    ctx.messages.error(position, 'typographic-quotes', `The bullet starts with ${written[0]}, a typographic quote, so YAML does not read \`${short(written)}\` as quoted text`, `these are typographic quotes “…”; use straight quotes "…": - ${quoteYaml(inner)}`);
    return;
  }
  ctx.messages.error(position, 'bullet-colon', `The bullet \`${short(written)}\` reads as a field \`${key}\``, `this bullet reads as a field because of \`: \`; put it in quotes: - ${quoteYaml(written)}`);
}

/**
 * `- Ekonomi` with `- minyak` indented under it: YAML folds the lines into one text, "Ekonomi - minyak".
 * Reported at the first folded `-`; true when found.
 */
function foldedSubBullets(itemPath: PathKey[], ctx: SlideContext): boolean {
  const source = ctx.loaded.sourceOf(itemPath);
  if (!source?.plain) return false;
  const lines = source.text.split('\n');
  const first = lines.findIndex((line, i) => i > 0 && /^[ \t]*-[ \t]/.test(line));
  if (first === -1) return false;
  const subs: string[] = [];
  for (const line of lines.slice(first)) {
    const dash = /^[ \t]*-[ \t]+(.*)$/.exec(line);
    if (dash) subs.push(dash[1]!.trim());
    else if (line.trim() && subs.length) subs[subs.length - 1] += ` ${line.trim()}`;
  }
  const head = lines.slice(0, first).map((line) => line.trim()).join(' ');
  const position = { line: source.start.line + first, column: lines[first]!.indexOf('-') + 1 };
  ctx.messages.error(position, 'nested-point', `The sub-bullets under \`${short(head)}\` are read as part of its text`, shapeHint(head, subs, false));
  return true;
}

/** The `{ text, points }` shape, written with the user's own words. */
function shapeHint(text: string | undefined, subs: unknown[], merge: boolean): string {
  const shown = subs.slice(0, 4).map((s) => (s !== null && typeof s === 'object' ? '…' : quoteYaml(String(s ?? ''))));
  if (subs.length > 4) shown.push('…');
  const write = `- text: ${text === undefined ? '"…"' : quoteYaml(text)} and under it points: [${shown.join(', ')}]`;
  return `a point with sub-points is { text, points }: write ${write}${merge ? ' (one item in place of the two)' : ''}`;
}
