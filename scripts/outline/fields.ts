import { closest } from 'fastest-levenshtein';
import type { FieldDeclaration, TemplateSet } from '../layouts.ts';
import type { MessageList, Position } from '../messages.ts';
import type { LoadedOutline, PathKey } from './load.ts';
import type { ImageStore } from './images.ts';
import type { Column, FieldValue, ImageRef, Point } from './types.ts';

export { IMAGE_EXTENSIONS, isInside } from './images.ts';

export interface SlideContext {
  loaded: LoadedOutline;
  templates: TemplateSet;
  messages: MessageList;
  at: (path: PathKey[]) => Position;
  keyAt: (path: PathKey[]) => Position;
  text: (path: PathKey[], value: unknown) => string | undefined;
  warn: (position: Position, rule: string, message: string, hint?: string) => void;
  /** Checks and reads images, each file once per outline. */
  images: ImageStore;
}

export function checkField(value: unknown, decl: FieldDeclaration, path: PathKey[], ctx: SlideContext): FieldValue | undefined {
  const { messages, at, text } = ctx;
  const name = String(path[path.length - 1]);
  switch (decl.type) {
    case 'text':
      return text(path, value);
    case 'points':
      return checkPoints(value, path, ctx);
    case 'column': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        messages.error(at(path), 'field-type', `\`${name}\` must be a mapping with \`heading\` and \`points\`, not ${describe(value)}`, `Write \`${name}:\` then, indented, \`heading: ...\` and \`points:\``);
        return undefined;
      }
      const col = value as Record<string, unknown>;
      for (const key of Object.keys(col)) {
        if (key !== 'heading' && key !== 'points') unknownField(messages, ctx.keyAt([...path, key]), key, ['heading', 'points'], `\`${name}\``);
      }
      const points = col.points === undefined ? [] : checkPoints(col.points, [...path, 'points'], ctx);
      const heading = text([...path, 'heading'], col.heading);
      return points ? ({ heading, points } satisfies Column) : undefined;
    }
    case 'image': {
      const src = text(path, value);
      if (src === undefined) return undefined;
      return checkImage(src, path, ctx);
    }
  }
}

export function checkPoints(value: unknown, path: PathKey[], ctx: SlideContext): Point[] | undefined {
  const { messages, at, text } = ctx;
  if (!Array.isArray(value)) {
    messages.error(at(path), 'field-type', `\`${pathName(path)}\` must be a list, not ${describe(value)}`, 'Write each point on its own line starting with `- `');
    return undefined;
  }
  const points: Point[] = [];
  value.forEach((item, i) => {
    const itemPath = [...path, i];
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const entry = item as Record<string, unknown>;
      for (const key of Object.keys(entry)) {
        if (key !== 'text' && key !== 'points') unknownField(messages, ctx.keyAt([...itemPath, key]), key, ['text', 'points'], 'a nested point');
      }
      const t = text([...itemPath, 'text'], entry.text);
      if (t === undefined) {
        messages.error(at(itemPath), 'field-missing', 'A nested point needs `text`', 'Write `- text: "..."` and, below it, `points:` with the sub-points');
        return;
      }
      const sub = entry.points === undefined ? [] : entry.points;
      if (!Array.isArray(sub) || sub.some((s) => typeof s === 'object' && s !== null)) {
        messages.error(at([...itemPath, 'points']), 'field-type', 'Sub-points must be a list of text (one level of nesting only)', 'Write each sub-point as `- "..."`');
        return;
      }
      points.push({ text: t, points: sub.map((s, j) => text([...itemPath, 'points', j], s) ?? '') });
    } else {
      const t = text(itemPath, item);
      if (t !== undefined) points.push(t);
    }
  });
  return points;
}

/**
 * Matches `![alt](src "title")` in the Markdown body. Each part stops at a character that starts the next
 * match (`[`, `<`, `(`), so a stranger's body is scanned in linear time, never quadratic.
 */
export const BODY_IMAGE = /!\[([^[\]]*)\]\(\s*(<[^<>\n]*>|[^\s()<>]+)((?:\s+"[^"]*")?)\s*\)/g;

/** Checks and reads every local image of the body, once per distinct path as written. */
export function checkBodyImages(loaded: LoadedOutline, ctx: SlideContext): Record<string, ImageRef> {
  const images: Record<string, ImageRef> = Object.create(null);
  const seen = new Set<string>();
  const body = loaded.body;
  let line = loaded.bodyLine;
  let lineStart = 0;
  let nextNewline = body.indexOf('\n');
  for (const m of body.matchAll(BODY_IMAGE)) {
    const src = m[2]!.replace(/^<|>$/g, '');
    if (/^data:image\//i.test(src) || seen.has(src)) continue;
    seen.add(src);
    // Lines are counted as the matches go, so a body with many images stays linear.
    while (nextNewline !== -1 && nextNewline < m.index) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = body.indexOf('\n', lineStart);
    }
    const image = ctx.images.check(src, { line, column: m.index - lineStart + 1 });
    if (image) images[src] = image;
  }
  return images;
}

export function checkImage(src: string, path: PathKey[], ctx: SlideContext): ImageRef | undefined {
  return ctx.images.check(src, ctx.at(path));
}

export function unknownField(messages: MessageList, position: Position, key: string, known: string[], where: string): void {
  const hint = known.length ? `did you mean \`${closest(key, known)}\`? Fields of ${where}: ${known.join(', ')}` : `${where} takes no fields`;
  messages.error(position, 'field-unknown', `Unknown field \`${key}\` in ${where}`, hint);
}

/** `slides[3].left.points[2]`, as a user would point to it. */
export function pathName(path: readonly PathKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} \`${String(value)}\``;
}
