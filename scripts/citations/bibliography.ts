import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isNode, isSeq, LineCounter, parseDocument } from 'yaml';
import { PaparanMessage, type Position } from '../messages.ts';
import { parseWith } from './citation-js.ts';
import type { BibEntry } from './types.ts';

/** A bibliography larger than this is refused (a whole Zotero library is usually well under 1 MB). */
export const BIBLIOGRAPHY_MAX_BYTES = 5 * 1024 * 1024;

const NOWHERE: Position = { line: 0, column: 0 };

interface Found { key: string; csl: Record<string, unknown>; position: Position }

/** The 1-based line:col of a UTF-16 offset. */
function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** Reads .bib (BibTeX/BibLaTeX) and .json (CSL-JSON) files; errors as PaparanMessages at the file's own line:col. */
export function loadBibliography(files: { path: string; display: string }[]): { entries: Map<string, BibEntry>; messages: PaparanMessage[] } {
  const entries = new Map<string, BibEntry>();
  const messages: PaparanMessage[] = [];
  for (const { path, display } of files) {
    const error = (position: Position, rule: string, message: string, hint: string, severity: 'error' | 'warning' = 'error') =>
      messages.push(new PaparanMessage(display, position, rule, message, hint, severity));
    const kind = /^\.(bib|bibtex|biblatex)$/i.test(extname(path)) ? 'bib' : /^\.json$/i.test(extname(path)) ? 'json' : undefined;
    if (!kind) {
      error(NOWHERE, 'bibliography-format', `A bibliography must be a BibTeX/BibLaTeX .bib or a CSL-JSON .json file, not "${extname(path) || display}"`, 'Export the library from Zotero or Mendeley as BibTeX (.bib) or CSL JSON (.json)');
      continue;
    }
    let text: string;
    try {
      const size = statSync(path).size;
      if (size > BIBLIOGRAPHY_MAX_BYTES) {
        error(NOWHERE, 'bibliography-too-large', `The bibliography is ${(size / 1048576).toFixed(1)} MB; the limit is ${BIBLIOGRAPHY_MAX_BYTES / 1048576} MB`, 'Export only the collection this deck cites (in Zotero: right-click the collection → Export Collection)');
        continue;
      }
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      error(NOWHERE, 'bibliography-missing', code === 'EISDIR' ? 'The bibliography is a folder, not a file' : `The bibliography file does not exist (${code ?? 'unreadable'})`, 'Check the path in `bibliography:`; it is relative to the project folder');
      continue;
    }
    const found = kind === 'bib' ? readBibtex(text, error) : readCslJson(text, error);
    if (found.length === 0 && !messages.some((m) => m.file === display && m.fatal)) {
      error({ line: 1, column: 1 }, 'bibliography-empty', 'The bibliography has no entries', kind === 'bib' ? 'Entries start with `@type{key,`, e.g. `@book{aris2011,`' : 'CSL-JSON is a list of objects, each with an "id" and a "type"', 'warning');
    }
    for (const item of found) {
      const first = entries.get(item.key);
      if (first) {
        const where = first.file === display ? `line ${first.position.line}` : `${first.file}:${first.position.line}`;
        error(item.position, 'bibliography-duplicate', `The key "${item.key}" is already used by the entry at ${where}; this one is ignored`, 'Give each entry its own key (or delete the duplicate)', 'warning');
      } else {
        entries.set(item.key, { key: item.key, csl: item.csl, file: display, position: item.position });
      }
    }
  }
  return { entries, messages };
}

type Report = (position: Position, rule: string, message: string, hint: string, severity?: 'error' | 'warning') => void;

const ENTRY_START = /@([A-Za-z]+)[ \t\r\n]*[{(][ \t\r\n]*([^,\s{}()"=#]*)/g;

/** Each `@type{key,` of a .bib, where it starts, and its text up to the next entry. */
function bibChunks(text: string): { type: string; key: string; offset: number; text: string }[] {
  const starts = [...text.matchAll(ENTRY_START)].filter((m) => m.index === 0 || !/[\w.]/.test(text[m.index - 1]!));
  return starts.map((m, i) => ({ type: m[1]!.toLowerCase(), key: m[2]!, offset: m.index, text: text.slice(m.index, starts[i + 1]?.index ?? text.length) }));
}

function cleanCsl(csl: Record<string, unknown>): Record<string, unknown> {
  const { _graph: _, ...rest } = csl;
  // Mendeley writes `_` in URLs as TeX's `{\_}`, which citation-js keeps (URL-encoded): the address breaks.
  for (const field of ['URL', 'DOI']) {
    const value = rest[field];
    if (typeof value === 'string') rest[field] = value.replace(/%7B%5C(_|%25|%23|%26|\$)%7D|\{\\([_%#&$])\}|\\([_%#&$])/gi, (_m, a?: string, b?: string, c?: string) => decodeURIComponent(a ?? b ?? c ?? ''));
  }
  return rest;
}

const VERBATIM = new Set(['id', 'citation-key', 'URL', 'DOI', 'ISBN', 'ISSN']);

/** TeX's quotes, which citation-js leaves as they are: ``…'' and `…' (the closing ' is curled by citeproc). */
function texQuotes(csl: Record<string, unknown>): Record<string, unknown> {
  for (const [field, value] of Object.entries(csl)) {
    if (typeof value === 'string' && !VERBATIM.has(field) && value.includes('`')) csl[field] = value.replace(/``/g, '\u201c').replace(/''/g, '\u201d').replace(/`/g, '\u2018');
  }
  return csl;
}

function readBibtex(text: string, report: Report): Found[] {
  const chunks = bibChunks(text);
  const entries = chunks.filter((c) => !['string', 'comment', 'preamble'].includes(c.type));
  const at = new Map<string, Position[]>();
  for (const c of entries) at.set(c.key, [...(at.get(c.key) ?? []), positionAt(text, c.offset)]);
  const found: Found[] = [];
  const emit = (items: Record<string, unknown>[]) => {
    for (const csl of items) {
      const key = String(csl.id);
      const position = at.get(key)?.shift() ?? { line: 1, column: 1 };
      found.push({ key, csl: texQuotes(cleanCsl(csl)), position });
    }
  };
  try {
    emit(parseWith(text, '@biblatex/text'));
    return found;
  } catch {
    // citation-js stops at the first error, often at the entry after the broken one: parse entry by entry to find it.
  }
  at.clear();
  for (const c of entries) at.set(c.key, [...(at.get(c.key) ?? []), positionAt(text, c.offset)]);
  const strings = chunks.filter((c) => c.type === 'string').map((c) => c.text).join('\n');
  const stringLines = strings ? strings.split('\n').length : 0;
  for (const c of entries) {
    try {
      emit(parseWith(strings ? `${strings}\n${c.text}` : c.text, '@biblatex/text'));
    } catch (e) {
      at.get(c.key)?.shift();
      reportBibError(text, c, (e as Error).message, stringLines, report);
    }
  }
  return found;
}

function reportBibError(text: string, chunk: { key: string; offset: number; text: string }, message: string, skipLines: number, report: Report): void {
  const start = positionAt(text, chunk.offset);
  const what = message.split(/ at line \d+ col \d+|\n/)[0]!.trim();
  const m = / at line (\d+) col (\d+)/.exec(message);
  const line = m ? Number(m[1]) - skipLines : 0;
  const chunkLines = chunk.text.replace(/\s+$/, '').split('\n').length;
  const name = chunk.key ? `"${chunk.key}"` : `at line ${start.line}`;
  if (!m || line < 1 || line > chunkLines || /EOF/.test(what)) {
    report(start, 'bibliography-syntax', `The entry ${name} is not closed: it ends before its braces balance`, 'Check that every `{` in this entry has its `}` and that the entry ends with `}`');
  } else if (!chunk.key) {
    report(start, 'bibliography-syntax', 'This entry has no key', 'Write the key right after the brace, then a comma: `@book{aris2011, title = {…}}`');
  } else {
    const position = { line: start.line + line - 1, column: line === 1 ? start.column + Number(m[2]) - 1 : Number(m[2]) };
    report(position, 'bibliography-syntax', `The entry ${name} cannot be read here (${what})`, 'Each field is `name = {value},` (or "value", or a number); check the braces and commas around this spot');
  }
}

function readCslJson(text: string, report: Report): Found[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const position = m ? positionAt(text, Number(m[1])) : { line: 1, column: 1 };
    report(position, 'bibliography-syntax', `This is not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/s, '')}`, 'Export the library again as CSL JSON, or check the commas and quotes around this spot');
    return [];
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const offsets = isSeq(doc.contents) ? doc.contents.items.map((item) => (isNode(item) ? item.range?.[0] : undefined) ?? 0) : [0];
  const at = (i: number): Position => {
    const p = lineCounter.linePos(offsets[i] ?? 0);
    return { line: p.line, column: p.col };
  };
  const list = Array.isArray(data) ? data : [data];
  const valid: { csl: Record<string, unknown>; position: Position }[] = [];
  list.forEach((item, i) => {
    const object = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    if (!object || (typeof object.id !== 'string' && typeof object.id !== 'number') || String(object.id).trim() === '') {
      report(at(i), 'bibliography-syntax', `Item ${i + 1} of the CSL-JSON list has no "id"`, 'Each item is an object like {"id": "aris2011", "type": "book", "title": "…"}');
    } else if (typeof object.type !== 'string') {
      report(at(i), 'bibliography-syntax', `The item "${object.id}" has no "type"`, 'Add a CSL type, e.g. "type": "book", "article-journal", "chapter", "report", "webpage" or "thesis"');
    } else {
      valid.push({ csl: { ...object, id: String(object.id) }, position: at(i) });
    }
  });
  if (valid.length === 0) return [];
  const cleaned = parseWith(valid.map((v) => v.csl), '@csl/list+object');
  return cleaned.map((csl, i) => ({ key: String(csl.id), csl: cleanCsl(csl), position: valid[i]!.position }));
}
