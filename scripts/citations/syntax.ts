import type { CitationItem, CitationRef } from './types.ts';

// Pandoc's citation syntax: `[@a]`, `[see @a, p. 3 and passim]`, `[@a; @b]`, `[-@a]`, narrative `@a` (or `@a [p. 3]`).
// Keys: a letter, digit or `_`, then those and internal `:.#$%&-+?<>~/` (punctuation only when a key character
// follows), or anything but `}` inside `@{…}`.

const WORD = /[\p{L}\p{N}_]/u;
const KEY_PUNCT = new Set(':.#$%&-+?<>~/');

/** Locator labels as written (lower case, without the dot) → the CSL locator label. */
export const LOCATOR_LABELS: Readonly<Record<string, string>> = {
  hlm: 'page', hal: 'page', halaman: 'page', p: 'page', pp: 'page', page: 'page', pages: 'page', s: 'page',
  bab: 'chapter', chapter: 'chapter', chap: 'chapter', ch: 'chapter',
  vol: 'volume', volume: 'volume', jil: 'volume', jilid: 'volume', no: 'issue', nomor: 'issue',
  para: 'paragraph', paragraph: 'paragraph', par: 'paragraph', sec: 'section', section: 'section', bagian: 'section',
  fig: 'figure', figure: 'figure', gambar: 'figure', col: 'column', column: 'column', l: 'line', line: 'line', baris: 'line',
  n: 'note', note: 'note', catatan: 'note', bk: 'book', book: 'book', pt: 'part', part: 'part', v: 'verse', verse: 'verse',
  '§': 'section',
};

const NUMBER = String.raw`(?:\d+[a-z]?|[ivxlcdm]+)`;
const RANGE = String.raw`${NUMBER}(?:\s*[-–—]\s*${NUMBER})?`;
const NUMBERS = String.raw`${RANGE}(?:\s*,\s*${RANGE}(?=\s*(?:$|[,;&]|dan\b|and\b)))*`;
const LABELLED = new RegExp(String.raw`^([\p{L}§]+)\.?\s*(${NUMBERS})(?![\p{L}\p{N}])`, 'iu');
const BARE = new RegExp(String.raw`^(\d+[a-z]?(?:\s*[-–—]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*)(?![\p{L}\p{N}])`, 'iu');

/** `hlm. 12` → { label: 'page', value: '12' }; a bare number is a page; an unknown label stays in the value. */
export function parseLocator(locator: string): { label: string; value: string } {
  const m = /^([\p{L}§]+)\.?\s*(.*)$/su.exec(locator.trim());
  const label = m ? LOCATOR_LABELS[m[1]!.toLowerCase()] : undefined;
  return label && m![2] ? { label, value: m![2] } : { label: 'page', value: locator.trim() };
}

/** Splits what follows a key (`, hlm. 12 and passim`) into a locator and a suffix. */
function locatorAndSuffix(rest: string, needsComma: boolean): Pick<CitationItem, 'locator' | 'suffix'> {
  const trimmed = rest.trim();
  if (!trimmed) return {};
  if (needsComma && !trimmed.startsWith(',')) return { suffix: trimmed };
  const body = needsComma ? trimmed.slice(1).trimStart() : trimmed;
  let locator: string | undefined;
  let after = '';
  const braced = /^\{([^{}]*)\}/.exec(body);
  const labelled = LABELLED.exec(body);
  const bare = BARE.exec(body);
  if (braced) [locator, after] = [braced[1]!.trim(), body.slice(braced[0].length)];
  else if (labelled && LOCATOR_LABELS[labelled[1]!.toLowerCase()]) [locator, after] = [labelled[0], body.slice(labelled[0].length)];
  else if (bare) [locator, after] = [bare[0], body.slice(bare[0].length)];
  else return { suffix: needsComma ? trimmed : body };
  const suffix = after.trim();
  return suffix ? { locator, suffix } : { locator };
}

/** Reads a key starting at `i` (just after `@`); returns its end, or -1 when there is none. */
function readKey(text: string, i: number): { key: string; end: number } | undefined {
  if (text[i] === '{') {
    const close = text.indexOf('}', i + 1);
    const key = close < 0 ? '' : text.slice(i + 1, close).trim();
    return key && !/[\n{]/.test(key) ? { key, end: close + 1 } : undefined;
  }
  if (!WORD.test(text[i] ?? '')) return undefined;
  let end = i + 1;
  for (;;) {
    if (WORD.test(text[end] ?? '')) end += 1;
    else {
      let run = end;
      while (KEY_PUNCT.has(text[run] ?? '')) run += 1;
      if (run > end && WORD.test(text[run] ?? '')) end = run;
      else break;
    }
  }
  return { key: text.slice(i, end), end };
}

/** Ranges that are never citations: fenced code, code spans, autolinks, bare URLs, HTML comments. */
function excludedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fence = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm;
  for (const m of text.matchAll(fence)) ranges.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(/<!--[\s\S]*?-->|<[a-z][a-z0-9+.-]*:[^\s<>]*>|\b(?:https?:\/\/|www\.)[^\s<>()]*/gi)) ranges.push([m.index, m.index + m[0].length]);
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\') { i += 2; continue; }
    if (text[i] !== '`') { i += 1; continue; }
    let n = i;
    while (text[n] === '`') n += 1;
    const ticks = text.slice(i, n);
    const close = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g');
    close.lastIndex = n;
    const m = close.exec(text);
    if (m) { ranges.push([i, m.index + ticks.length]); i = m.index + ticks.length; } else i = n;
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The index of the `]` closing the `[` at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === '[') depth += 1;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

/** One `;`-separated part of a bracketed citation: `see -@key, p. 3 and passim`. */
function parseItem(part: string): CitationItem | undefined {
  for (let at = part.indexOf('@'); at >= 0; at = part.indexOf('@', at + 1)) {
    const suppress = part[at - 1] === '-';
    const before = suppress ? at - 1 : at;
    if (before > 0 && !/\s/.test(part[before - 1]!)) continue;
    const key = readKey(part, at + 1);
    if (!key) continue;
    const prefix = part.slice(0, before).trim();
    return { key: key.key, ...(prefix ? { prefix } : {}), ...locatorAndSuffix(part.slice(key.end), true), suppressAuthor: suppress };
  }
  return undefined;
}

/** `[see @a, p. 3; -@b]` between `open` and `close`, or undefined when any part is not a citation. */
function parseBracket(text: string, open: number, close: number): CitationItem[] | undefined {
  const parts = text.slice(open + 1, close).split(';');
  const items = parts.map(parseItem);
  return items.length > 0 && items.every((item) => item) ? (items as CitationItem[]) : undefined;
}

/** Every citation in `text`, in order; e-mails, `@` after a word character, `\@` and code are not citations. */
export function findCitations(text: string): CitationRef[] {
  if (!text.includes('@')) return [];
  const refs: CitationRef[] = [];
  const excluded = excludedRanges(text);
  let next = 0;
  for (let i = 0; i < text.length; ) {
    while (next < excluded.length && excluded[next]![1] <= i) next += 1;
    const range = excluded[next];
    if (range && range[0] <= i) { i = range[1]; continue; }
    const c = text[i];
    if (c === '\\') { i += 2; continue; }
    if (c === '[') {
      const close = closingBracket(text, i);
      const items = close > 0 && text[close + 1] !== '(' && !crosses(excluded, i, close) ? parseBracket(text, i, close) : undefined;
      if (items) { refs.push({ start: i, end: close + 1, narrative: false, items }); i = close + 1; continue; }
    } else if (c === '@' && !(i > 0 && (WORD.test(text[i - 1]!) || text[i - 1] === '\\'))) {
      const key = readKey(text, i + 1);
      if (key) {
        let end = key.end;
        let extra: Pick<CitationItem, 'locator' | 'suffix'> = {};
        if (text[end] === ' ' && text[end + 1] === '[') {
          const close = closingBracket(text, end + 1);
          const inner = close > 0 ? text.slice(end + 2, close) : '';
          if (close > 0 && !inner.includes('@') && text[close + 1] !== '(' && !crosses(excluded, end, close)) {
            extra = locatorAndSuffix(inner, false);
            end = close + 1;
          }
        }
        refs.push({ start: i, end, narrative: true, items: [{ key: key.key, ...extra, suppressAuthor: false }] });
        i = end;
        continue;
      }
    }
    i += 1;
  }
  return refs;
}

function crosses(ranges: [number, number][], from: number, to: number): boolean {
  return ranges.some(([a, b]) => a < to && b > from && (a < from || b > to + 1));
}
