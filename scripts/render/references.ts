import { dirname, resolve } from 'node:path';
import { isInside } from '../outline/fields.ts';
import type { Outline } from '../outline/types.ts';
import { PaparanMessage, type Position } from '../messages.ts';
import type { ThemeSet } from '../themes.ts';
import { embedBodyImages } from './deck.ts';
import { marpFor } from './marp.ts';
import type { Removal } from './sanitize.mjs';

const REMOTE = /^(?:(?:https?|ftp|wss?):|\/\/)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Line and column of `offset` in `text`, shifted to start at `firstLine`. */
function positionIn(text: string, offset: number, firstLine: number): Position {
  const before = text.slice(0, offset);
  return { line: firstLine + before.split('\n').length - 1, column: offset - before.lastIndexOf('\n') };
}

/**
 * Everything the final sanitizer would take out of the Markdown body, as messages at the body's own lines: remote
 * references in any form (reference-style images, raw `<img>`, `<style>` with `@import`/`url()`, a
 * `backgroundImage` directive, titles in quotes or parentheses), local files it would not embed, and links or
 * handlers that could run code. The sanitizer removes them all anyway; `check` and `build` say where and why.
 */
export function bodyReferences(outline: Outline, themes: ThemeSet, root: string): PaparanMessage[] {
  if (!outline.body.trim()) return [];
  const marp = marpFor(themes) as ReturnType<typeof marpFor> & { paparanRemoved?: Removal[] };
  marp.render(`---\nmarp: true\ntheme: ${outline.deck.theme}\nmath: mathjax\n---\n\n${embedBodyImages(outline)}`);
  const messages = new Map<string, PaparanMessage>();
  for (const removal of marp.paparanRemoved ?? []) {
    const at = locate(outline.body, removal);
    const position = at < 0 ? { line: outline.bodyLine, column: 1 } : positionIn(outline.body, at, outline.bodyLine);
    const message = describe(removal, outline, root, position);
    messages.set(`${position.line}:${position.column}:${message.rule}`, message);
  }
  return [...messages.values()];
}

/** Where in the body a removed thing was written: the most specific spelling found first. */
function locate(body: string, removal: Removal): number {
  const { name, url } = removal;
  if (removal.kind === 'directive') {
    const at = body.search(new RegExp(`(^|[\\s{,])${name}\\s*:`, 'm'));
    return at < 0 ? -1 : body.indexOf(name, at);
  }
  const spellings = url ? [`${name}="${url}"`, `${name}='${url}'`, `${name}=${url}`, `(${url}`, `: ${url}`, `{${url}}`, url] : [`${name}=`, `<${name}`, name];
  for (const spelling of spellings) {
    const at = body.indexOf(spelling);
    if (at >= 0) return at + spelling.indexOf(url ?? name);
  }
  return -1;
}

function describe(removal: Removal, outline: Outline, root: string, position: Position): PaparanMessage {
  const file = outline.file;
  const url = removal.url;
  if (removal.kind === 'directive') {
    return new PaparanMessage(file, position, 'directive-ignored', `The \`${removal.name}\` directive is ignored here: the deck's title, author, language and page links come from the outline`, 'Set `title`, `author` or `lang` in the outline\'s front matter instead', 'warning');
  }
  if (removal.kind === 'element' && removal.name === 'a') {
    return new PaparanMessage(file, position, 'math-link', `A link inside math is removed: math cannot make links${url ? ` (\`${url}\`)` : ''}`, 'Put the link in the text next to the formula', 'warning');
  }
  if (url && REMOTE.test(url.trim())) {
    return new PaparanMessage(file, position, 'remote-url', `\`${url}\` would be fetched from the network; paparan builds offline and never fetches anything`, 'Download the file into the project, beside the outline (e.g. slides/<name>/), and write it as ![description](<name>/file.png)');
  }
  if (url && SCHEME.test(url.trim())) {
    return new PaparanMessage(file, position, 'unsafe-url', `\`${url.slice(0, 80)}\` is not allowed: links may be http(s), mailto or #, and images embedded files`, 'Remove it; paparan keeps decks free of anything that could run code');
  }
  if (url) {
    const outside = !isInside(resolve(root), resolve(dirname(resolve(outline.file)), url.split(/[?#]/)[0]!));
    return outside
      ? new PaparanMessage(file, position, 'image-outside-project', `\`${url}\` is outside the project`, 'Copy the file into the project folder and point to the copy')
      : new PaparanMessage(file, position, 'image-embed', `\`${url}\` would not be embedded: paparan embeds images written as ![description](path)`, 'Write the image as ![description](path) on a line of its own');
  }
  return new PaparanMessage(file, position, 'unsafe-html', `\`${removal.name}\` is not allowed in a deck (it could run code or load something)`, 'Remove it; the Markdown body takes text, images and the HTML Marp allows');
}
