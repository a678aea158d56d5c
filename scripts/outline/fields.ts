import { COMMON_FIELDS, type FieldDeclaration } from '../layouts.ts';
import { capitalize, type SlideContext } from './context.ts';
import type { LoadedOutline, PathKey } from './load.ts';
import { checkPoints } from './points.ts';
import { describe, unknownField } from './report.ts';
import type { Column, FieldValue, ImageRef } from './types.ts';

export { IMAGE_EXTENSIONS, isInside } from './images.ts';
export type { SlideContext } from './context.ts';
export { checkPoints } from './points.ts';

export function checkField(value: unknown, decl: FieldDeclaration, path: PathKey[], ctx: SlideContext): FieldValue | undefined {
  const { messages, at, text } = ctx;
  const name = String(path[path.length - 1]);
  switch (decl.type) {
    case 'text':
      return text(path, value);
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const example = `${name}: ${/^(no|false|tidak|off)$/i.test(String(value)) ? 'false' : 'true'}`;
      messages.error(at(path), 'field-type', `${capitalize(ctx.place(path))} must be true or false, not ${describe(value)}`, `Write \`${example}\` (without quotes), or leave it out`);
      return undefined;
    }
    case 'points':
      return checkPoints(value, path, ctx);
    case 'column': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        messages.error(at(path), 'field-type', `${capitalize(ctx.place(path))} must be a mapping with \`heading\` and \`points\`, not ${describe(value)}`, `Write \`${name}:\` then, indented, \`heading: ...\` and \`points:\``);
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

/** A slide's `backup:` (a field every slide has): true puts it in the appendix; anything but true or false is an error. */
export function readBackup(entry: Record<string, unknown>, base: PathKey[], ctx: SlideContext): boolean {
  const value = entry.backup;
  if (value === undefined || value === null) return false;
  return checkField(value, COMMON_FIELDS.backup!, [...base, 'backup'], ctx) === true;
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
