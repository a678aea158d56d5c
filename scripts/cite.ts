import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, relative, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { loadBibliography } from './citations/bibliography.ts';
import { BUNDLED_STYLES, createFormatter, type CitationFormatter } from './citations/format.ts';
import { findCitations } from './citations/syntax.ts';
import type { BibEntry } from './citations/types.ts';
import type { TemplateSet } from './layouts.ts';
import { PaparanError, PaparanMessage, type Position } from './messages.ts';
import { isInside } from './outline/fields.ts';
import type { LoadedOutline, PathKey } from './outline/load.ts';
import type { Column, FieldValue, Outline, Point, Slide } from './outline/types.ts';
import { markdownAsText, trustedMarkdown } from './render/escape.ts';

/** What the cite stage gives the rest of the pipeline. */
export interface CiteResult {
  outline: Outline;
  messages: PaparanMessage[];
  /** Absolute paths of the bibliography files and the project's .csl, for dev mode to watch. */
  sources: string[];
  /** The reference list of the works cited, each entry inline Markdown, in the style's order. */
  references: string[];
}

const BIBLIOGRAPHY_TYPES = ['.bib', '.bibtex', '.json'];

/**
 * The cite stage (validate → cite → render): reads the outline's bibliography, replaces every Pandoc citation in
 * its text fields and notes with the style's in-text citation, and fills the references slide (added before the
 * closing slide when the deck cites and has none). Without `bibliography` the outline passes through unchanged.
 */
export function citeOutline(outline: Outline, loaded: LoadedOutline, root: string, templates: TemplateSet): CiteResult {
  const settings = outline.deck.citations;
  if (!settings) return { outline, messages: [], sources: [], references: [] };
  const messages: PaparanMessage[] = [];
  const error = (position: Position, rule: string, message: string, hint: string) => messages.push(new PaparanMessage(outline.file, position, rule, message, hint));
  const files = settings.files.flatMap(({ src, position }) => {
    const found = findProjectFile(src, outline.dir, root);
    if ('problem' in found) {
      if (found.problem === 'missing') error(position, 'bibliography-missing', `Bibliography \`${src}\` does not exist`, nearbyFiles(outline.dir, root, BIBLIOGRAPHY_TYPES, src));
      else error(position, 'bibliography-missing', `Bibliography \`${src}\` is outside the project`, 'Copy the file into the project (beside the outline), and write its path from there');
    } else if (!BIBLIOGRAPHY_TYPES.includes(extname(found.path).toLowerCase())) error(position, 'bibliography-type', `Bibliography \`${src}\` is not a .bib (BibTeX/BibLaTeX) or .json (CSL-JSON) file`, 'Export the library from Zotero or Mendeley as BibTeX (.bib) or CSL JSON (.json)');
    else return [found.path];
    return [];
  });
  let style = settings.csl;
  const styleFiles: string[] = [];
  if (!BUNDLED_STYLES.includes(style)) {
    const where = settings.cslPosition ?? settings.files[0]?.position ?? { line: 1, column: 1 };
    if (!style.toLowerCase().endsWith('.csl')) {
      error(where, 'csl-unknown', `Unknown citation style \`${style}\``, `Use one of: ${BUNDLED_STYLES.join(', ')} (did you mean \`${closest(style, [...BUNDLED_STYLES])}\`?), or the path of a .csl file in the project`);
    } else {
      const found = findProjectFile(style, outline.dir, root);
      if ('problem' in found) error(where, 'csl-missing', `Citation style \`${style}\` ${found.problem === 'missing' ? 'does not exist' : 'is outside the project'}`, found.problem === 'missing' ? nearbyFiles(outline.dir, root, ['.csl'], style) : 'Copy the .csl file into the project');
      else {
        style = found.path;
        styleFiles.push(found.path);
      }
    }
  }
  const sources = [...files, ...styleFiles];
  if (messages.length) return { outline, messages, sources, references: [] };
  const loadedBib = loadBibliography(files.map((path) => ({ path, display: relative(process.cwd(), path) || path })));
  messages.push(...loadedBib.messages);
  if (messages.some((m) => m.fatal)) return { outline, messages, sources, references: [] };
  let formatter: CitationFormatter;
  try {
    formatter = createFormatter(loadedBib.entries, style, outline.deck.lang);
  } catch (failure) {
    if (!(failure instanceof PaparanError)) throw failure;
    return { outline, messages: [...messages, ...failure.messages], sources, references: [] };
  }
  const cited = new Set<string>();
  // Main slides first, then the backup slides: numbered styles (IEEE) count in the order the audience sees.
  const order = [...outline.slides.filter((s) => !s.backup), ...outline.slides.filter((s) => s.backup)];
  // The style sees every citation of the deck before it writes the first (APA's 2011a/2011b, IEEE's numbers).
  const known = (text: string) => findCitations(text).filter((ref) => ref.items.every((item) => loadedBib.entries.has(item.key)));
  formatter.register(order.flatMap((slide) => [...Object.values(slide.fields).flatMap((value) => textsOf(value)), ...(slide.notes ? [slide.notes] : [])].flatMap(known)));
  const replaced = new Map<Slide, Slide>();
  for (const slide of order) {
    const context = { loaded, entries: loadedBib.entries, formatter, cited, messages, file: outline.file };
    // On slides the style's Markdown is kept as it is (italics, escapes); notes are read as they are written.
    const cite = (text: string, path: PathKey[]) => citeText(text, path, context, trustedMarkdown);
    const fields = Object.fromEntries(Object.entries(slide.fields).map(([name, value]) => [name, citeField(value, ['slides', slide.index, name], cite)]));
    const notes = slide.notes === undefined ? undefined : citeText(slide.notes, ['slides', slide.index, 'notes'], context, markdownAsText);
    replaced.set(slide, { ...slide, fields, notes });
  }
  for (const key of cited) {
    const entry = loadedBib.entries.get(key)!;
    const missing = formatter.missingFields(key);
    const setting = outline.deck.rules['citation-fields'] ?? 'warning';
    if (missing.length && setting !== 'off') {
      messages.push(new PaparanMessage(relative(process.cwd(), entry.file) || entry.file, entry.position, 'citation-fields', `Entry \`${key}\` has no ${missing.map((f) => `\`${f}\``).join(', ')}, which the ${basename(settings.csl, '.csl')} style shows`, 'Fill it in in Zotero or Mendeley and export the bibliography again', setting === 'error' ? 'error' : 'warning'));
    }
  }
  const references = cited.size ? formatter.bibliography([...cited]) : [];
  const slides = outline.slides.map((slide) => replaced.get(slide) ?? slide);
  const label = templates.labels[outline.deck.lang]?.references ?? 'References';
  const entries: Point[] = references.map(trustedMarkdown);
  const withList = slides.map((slide) => (slide.layout === 'references' ? { ...slide, fields: { title: label, ...slide.fields, entries } } : slide));
  const hasList = slides.some((slide) => slide.layout === 'references');
  if (hasList || !references.length || settings.references === 'off' || !templates.layouts.has('references')) {
    return { outline: { ...outline, slides: withList }, messages, sources, references };
  }
  // Before the closing slide (the last main one), else after the last main slide: never among the backups.
  const main = withList.filter((s) => !s.backup);
  const closing = [...main].reverse().find((s) => s.layout === 'closing');
  const at = closing ? withList.indexOf(closing) : withList.indexOf(main[main.length - 1]!) + 1;
  const list: Slide = { index: closing?.index ?? main[main.length - 1]?.index ?? 0, layout: 'references', fields: { title: label, entries }, position: settings.files[0]!.position };
  return { outline: { ...outline, slides: [...withList.slice(0, at), list, ...withList.slice(at)] }, messages, sources, references };
}

interface CiteContext {
  loaded: LoadedOutline;
  entries: Map<string, BibEntry>;
  formatter: CitationFormatter;
  cited: Set<string>;
  messages: PaparanMessage[];
  file: string;
}

/** Every text in a field, in reading order. */
function textsOf(value: FieldValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((point) => (typeof point === 'string' ? [point] : [point.text, ...point.points]));
  if (value && typeof value === 'object' && 'points' in value) return [...((value as Column).heading ? [(value as Column).heading!] : []), ...textsOf((value as Column).points)];
  return [];
}

function citeField(value: FieldValue, path: PathKey[], cite: (text: string, path: PathKey[]) => string): FieldValue {
  if (typeof value === 'string') return cite(value, path);
  if (Array.isArray(value)) return value.map((point, i) => citePoint(point, [...path, i], cite));
  if (value && typeof value === 'object' && 'points' in value) {
    const column = value as Column;
    return { ...column, heading: column.heading === undefined ? undefined : cite(column.heading, [...path, 'heading']), points: column.points.map((p, i) => citePoint(p, [...path, 'points', i], cite)) };
  }
  return value;
}

function citePoint(point: Point, path: PathKey[], cite: (text: string, path: PathKey[]) => string): Point {
  if (typeof point === 'string') return cite(point, path);
  return { text: cite(point.text, [...path, 'text']), points: point.points.map((p, i) => cite(p, [...path, 'points', i])) };
}

function citeText(text: string, path: PathKey[], ctx: CiteContext, wrap: (markdown: string) => string): string {
  const refs = findCitations(text);
  if (!refs.length) return text;
  let out = '';
  let last = 0;
  for (const ref of refs) {
    out += text.slice(last, ref.start);
    last = ref.end;
    const unknown = ref.items.filter((item) => !ctx.entries.has(item.key));
    for (const item of unknown) {
      const keys = [...ctx.entries.keys()];
      const near = keys.length ? closest(item.key, keys) : undefined;
      const hint = near && distance(item.key, near) <= Math.max(2, item.key.length / 3) ? `Did you mean \`@${near}\`? Keys are in the bibliography, e.g. \`@${near}\`` : `Use a key from the bibliography${keys.length ? ` (e.g. \`@${keys[0]}\`)` : ''}, or write \\@ for an @ that is not a citation`;
      ctx.messages.push(new PaparanMessage(ctx.file, positionInField(ctx.loaded, path, text, ref.start), 'citation-unknown', `\`@${item.key}\` is not in the bibliography`, hint));
    }
    if (unknown.length) {
      out += text.slice(ref.start, ref.end);
      continue;
    }
    for (const item of ref.items) ctx.cited.add(item.key);
    out += wrap(ctx.formatter.cite(ref));
  }
  return out + text.slice(last);
}

/** Where `offset` of a field's value is in the outline: the citation's own text found in the field's source. */
function positionInField(loaded: LoadedOutline, path: PathKey[], value: string, offset: number): Position {
  const source = loaded.sourceOf(path);
  if (!source) return loaded.positionOf(path);
  const needle = value.slice(offset, value.indexOf(']', offset) + 1 || offset + 1);
  let ordinal = 0;
  for (let i = value.indexOf(needle); i >= 0 && i < offset; i = value.indexOf(needle, i + 1)) ordinal++;
  let index = -1;
  for (let n = 0; n <= ordinal; n++) index = source.text.indexOf(needle, index + 1);
  if (index < 0) return source.start;
  const before = source.text.slice(0, index);
  const newlines = before.split('\n').length - 1;
  return newlines ? { line: source.start.line + newlines, column: index - before.lastIndexOf('\n') } : { line: source.start.line, column: source.start.column + index };
}

/** A file named in the outline: beside the outline, else from the project root; always inside the project. */
function findProjectFile(src: string, dir: string, root: string): { path: string } | { problem: 'missing' | 'outside' } {
  for (const candidate of [resolve(dir, src), resolve(root, src)]) {
    if (!existsSync(candidate) || !statSync(candidate).isFile()) continue;
    const real = realpathSync(candidate);
    return isInside(realpathSync(root), real) ? { path: real } : { problem: 'outside' };
  }
  return { problem: 'missing' };
}

function nearbyFiles(dir: string, root: string, types: string[], src: string): string {
  const found = [dir, root].flatMap((folder) => {
    try {
      return readdirSync(folder).filter((name) => types.includes(extname(name).toLowerCase())).map((name) => relative(dir, resolve(folder, name)));
    } catch {
      return [];
    }
  });
  const unique = [...new Set(found)];
  if (!unique.length) return `Export the bibliography from Zotero or Mendeley (${types.join(' or ')}) into ${relative(root, dir) || 'the project'}/, and write its name here`;
  return `Files there: ${unique.slice(0, 5).join(', ')} (did you mean \`${closest(basename(src), unique)}\`?)`;
}

