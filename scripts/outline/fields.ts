import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { FieldDeclaration, TemplateSet } from '../layouts.ts';
import type { MessageList, Position } from '../messages.ts';
import type { LoadedOutline, PathKey } from './load.ts';
import type { Column, FieldValue, Point } from './types.ts';

export const IMAGE_EXTENSIONS = ['.svg', '.png', '.jpg', '.jpeg'];

export interface SlideContext {
  loaded: LoadedOutline;
  templates: TemplateSet;
  messages: MessageList;
  at: (path: PathKey[]) => Position;
  keyAt: (path: PathKey[]) => Position;
  text: (path: PathKey[], value: unknown) => string | undefined;
  warn: (position: Position, rule: string, message: string, hint?: string) => void;
  root: string;
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

/** Matches `![alt](src "title")` in the Markdown body. */
export const BODY_IMAGE = /!\[([^\]]*)\]\(\s*(<[^>]*>|[^\s)]+)((?:\s+"[^"]*")?)\s*\)/g;

export function checkBodyImages(loaded: LoadedOutline, ctx: SlideContext): Record<string, string> {
  const images: Record<string, string> = {};
  for (const m of loaded.body.matchAll(BODY_IMAGE)) {
    const src = m[2]!.replace(/^<|>$/g, '');
    if (/^data:image\//i.test(src) || images[src]) continue;
    const before = loaded.body.slice(0, m.index);
    const line = loaded.bodyLine + before.split('\n').length - 1;
    const column = m.index - before.lastIndexOf('\n');
    const checked = checkImage(src, [], ctx, { line, column });
    if (checked && 'path' in (checked as object)) images[src] = (checked as { path: string }).path;
  }
  return images;
}

export function checkImage(src: string, path: PathKey[], ctx: SlideContext, at?: Position): FieldValue | undefined {
  const { messages, loaded, root } = ctx;
  const position = at ?? ctx.at(path);
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    messages.error(position, 'remote-url', `Image \`${src}\` is a URL; paparan builds offline and never fetches anything`, 'Download the image into the project (e.g. slides/img/) and give its relative path');
    return undefined;
  }
  const absolute = resolve(dirname(resolve(loaded.file)), src);
  const outside = () => messages.error(position, 'image-outside-project', `Image \`${src}\` is outside the project`, 'Copy the image into the project folder and point to the copy');
  if (!isInside(resolve(root), absolute)) {
    outside();
    return undefined;
  }
  if (!IMAGE_EXTENSIONS.includes(extname(absolute).toLowerCase())) {
    messages.error(position, 'image-type', `Image \`${src}\` is not SVG, PNG or JPEG`, `Convert it to one of: ${IMAGE_EXTENSIONS.join(', ')}`);
    return undefined;
  }
  if (!existsSync(absolute)) {
    messages.error(position, 'image-missing', `Image \`${src}\` does not exist`, `Check the path; it is relative to ${relative(process.cwd(), dirname(resolve(loaded.file))) || '.'}/`);
    return undefined;
  }
  const real = realpathSync(absolute);
  // A symlink inside the project may still point outside it.
  if (!isInside(realpathSync(root), real)) {
    outside();
    return undefined;
  }
  return { src, path: real };
}

export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
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
