import type { ProjectConfig } from './config.ts';
import { fontFor } from './fonts.ts';
import { PaparanMessage, type Position } from './messages.ts';
import { capitalize } from './outline/context.ts';
import type { LoadedOutline, PathKey } from './outline/load.ts';
import { placeName } from './outline/names.ts';
import type { Outline, Point } from './outline/types.ts';

export const GLYPH_RULE = 'glyph-missing';

/** Characters that draw nothing of their own: spaces, controls, format characters (U+200B–U+200F, U+2060…), variation selectors. */
// U+E000 and U+E001 mark Markdown paparan made (render/escape.ts): never printed.
const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Variation_Selector}\uE000\uE001]$/u;

/**
 * The characters of `text` that no embedded face covers (by the faces' unicode-range), each once, in order of first
 * appearance. Invisible characters and anything the emoji font draws are never missing.
 */
export function missingGlyphs(text: string): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80 || missing.has(char) || INVISIBLE.test(char)) continue;
    if (fontFor(char.codePointAt(0)!) === undefined) missing.add(char);
  }
  return [...missing];
}

/** `ᚠ (U+16A0)`: a character as the messages show it. */
export function describeChar(char: string): string {
  return `${char} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** One piece of the deck's text and where it is written in the front matter. */
interface FieldText {
  path: PathKey[];
  text: string;
}

/** The deck's fields that are printed (a thesis defence's title-slide fields included), as text or a list of texts. */
const DECK_TEXT = ['title', 'subtitle', 'author', 'institution', 'date', 'shortTitle', 'studentId', 'supervisors', 'faculty', 'university'];

/** Every text of the outline that is printed: deck fields, slide fields (not images or their alt text) and notes. */
function fieldTexts(outline: Outline): FieldText[] {
  const texts: FieldText[] = [];
  const add = (path: PathKey[], text: string | undefined) => {
    if (text) texts.push({ path, text });
  };
  for (const key of DECK_TEXT) {
    const value = (outline.deck as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') add([key], value);
    else if (Array.isArray(value)) value.forEach((item, i) => typeof item === 'string' && add([key, i], item));
  }
  for (const slide of outline.slides) {
    const base: PathKey[] = ['slides', slide.index];
    for (const [name, value] of Object.entries(slide.fields)) {
      if (typeof value === 'string') {
        if (name !== 'alt') add([...base, name], value);
      } else if (Array.isArray(value)) {
        addPoints([...base, name], value, add);
      } else if (typeof value === 'object' && 'points' in value) {
        add([...base, name, 'heading'], value.heading);
        addPoints([...base, name, 'points'], value.points, add);
      }
    }
    add([...base, 'notes'], slide.notes);
  }
  return texts;
}

function addPoints(path: PathKey[], points: Point[], add: (path: PathKey[], text: string | undefined) => void): void {
  points.forEach((point, i) => {
    if (typeof point === 'string') return add([...path, i], point);
    add([...path, i, 'text'], point.text);
    point.points.forEach((sub, j) => add([...path, i, 'points', j], sub));
  });
}

/** Where `char` is first written in `source` that starts at `start`; `start` when it is not there (written as an escape). */
function positionIn(source: string, start: Position, char: string): Position {
  const index = source.indexOf(char);
  if (index < 0) return start;
  const before = source.slice(0, index);
  const newline = before.lastIndexOf('\n');
  if (newline < 0) return { line: start.line, column: start.column + index };
  return { line: start.line + before.split('\n').length - 1, column: index - newline };
}

/**
 * `glyph-missing` for every field of the outline, and every line of its Markdown body, that holds characters no
 * embedded font covers: at the first such character (in the project's config for a deck field it supplies), with
 * the characters listed. `loaded` is the outline as read from its file, before the config's defaults. The rule's
 * setting in `rules:` makes these warnings, errors, or nothing.
 */
export function glyphMessages(outline: Outline, loaded: LoadedOutline, config?: ProjectConfig): PaparanMessage[] {
  const setting = outline.deck.rules[GLYPH_RULE] ?? 'warning';
  if (setting === 'off') return [];
  const messages: PaparanMessage[] = [];
  const report = (file: string, position: Position, where: string, missing: string[]) => {
    const shown = missing.slice(0, 8).map(describeChar).join(', ');
    const more = missing.length > 8 ? ` and ${missing.length - 8} more` : '';
    const what = missing.length === 1 ? 'a character' : 'characters';
    messages.push(new PaparanMessage(file, position, GLYPH_RULE, `${where} has ${what} no paparan font can draw: ${shown}${more}`, 'paparan has no font for these characters: they print in whatever font the building computer has, or as empty boxes. Remove them or use characters from a supported script (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Chinese, Japanese kana, Korean)', setting === 'error' ? 'error' : 'warning'));
  };
  for (const { path, text } of fieldTexts(outline)) {
    const missing = missingGlyphs(text);
    if (!missing.length) continue;
    const where = capitalize(placeName(path, loaded.data));
    const own = loaded.sourceOf(path);
    if (own) report(loaded.file, positionIn(own.text, own.start, missing[0]!), where, missing);
    else if (config && path.length === 1 && Object.hasOwn(config.defaults, path[0]!)) report(config.file, config.positionOf(path), `${where} (from the project's config)`, missing);
    else report(loaded.file, loaded.positionOf(path), where, missing);
  }
  outline.body.split('\n').forEach((line, i) => {
    const missing = missingGlyphs(line);
    if (missing.length) report(loaded.file, { line: outline.bodyLine + i, column: line.indexOf(missing[0]!) + 1 }, `Line ${outline.bodyLine + i} of the Markdown body`, missing);
  });
  return messages;
}
