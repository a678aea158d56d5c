import type { RunOptions, TextRun } from './types.ts';

export type { RunOptions, TextRun };

/** What a run may look like; paragraph options (bullets, levels, alignment) are added by the caller. */
export interface RunStyle {
  fontFace: string;
  fontSize: number;
  color: string;
  bold?: boolean;
  italic?: boolean;
  /** The colour of `**bold**` text (the theme's `strong`), when not the text's own. */
  strong?: string;
  /** The language of the text, for PowerPoint's spelling check (`id-ID`, `en-US`). */
  lang?: string;
}

const TRUSTED = /\uE000([^\uE000\uE001]*)\uE001/g;
// C0 controls but tab and newline, C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF: XML 1.0 or
// PowerPoint cannot hold them (the private-use marks of trusted runs are taken off wherever they are left).
const UNHOLDABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF\uE000\uE001]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PowerPoint can hold: characters that cannot be in its XML are taken out; tabs and newlines stay. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNHOLDABLE, '');
}

/** One line of text: cleaned, every line break and tab a space. */
export function cleanLine(text: string): string {
  return oneLine(text).trim();
}

// As on the HTML slide: line breaks and tabs are spaces, and a run of spaces is one.
const oneLine = (text: string): string => cleanText(text).replace(/[\n\t\u2028\u2029]/g, ' ').replace(/ {2,}/g, ' ');

interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
}

/**
 * Inline Markdown of outline text as runs: `**bold**`, `*italic*`, `` `code` `` (mono font) and `[links](https://…)`
 * (a hyperlink for http(s) only). Outline text keeps its backslashes (escape.ts escapes them); a trusted run
 * (formatted citations, between U+E000 and U+E001) is Markdown paparan made, whose backslashes escape.
 */
export function inlineRuns(markdown: string, style: RunStyle, mono: string): TextRun[] {
  const spans: Span[] = [];
  let last = 0;
  for (const m of markdown.matchAll(TRUSTED)) {
    spans.push(...parseInline(oneLine(markdown.slice(last, m.index)), false));
    spans.push(...parseInline(oneLine(m[1]!), true));
    last = m.index + m[0].length;
  }
  spans.push(...parseInline(oneLine(markdown.slice(last)), false));
  const merged: Span[] = [];
  for (const s of spans) {
    const prev = merged.at(-1);
    if (prev && prev.bold === s.bold && prev.italic === s.italic && prev.code === s.code && prev.link === s.link) prev.text += s.text;
    else if (s.text) merged.push({ ...s });
  }
  if (merged.length) {
    merged[0]!.text = merged[0]!.text.trimStart();
    merged.at(-1)!.text = merged.at(-1)!.text.trimEnd();
  }
  return merged.filter((s) => s.text).map((s) => {
    const options: RunOptions = { fontFace: s.code ? mono : style.fontFace, fontSize: style.fontSize, color: style.color };
    if (style.lang) options.lang = style.lang;
    if (s.bold || style.bold) options.bold = true;
    if (s.bold && style.strong) options.color = style.strong;
    if (s.italic || style.italic) options.italic = true;
    if (s.link) options.hyperlink = { url: s.link };
    return { text: s.text, options };
  });
}

/** The text of inline Markdown, marks taken off (for alt text, titles of notes). */
export function plainText(markdown: string): string {
  return inlineRuns(markdown, { fontFace: '', fontSize: 1, color: '' }, '')
    .map((r) => r.text)
    .join('');
}

const LINK = /^\[((?:\\.|[^\]\\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+"[^"]*")?\s*\)/;

function parseInline(text: string, escapes: boolean, outer: Omit<Span, 'text'> = {}): Span[] {
  const out: Span[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ ...outer, text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    if (escapes && c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0];
      const close = rest.indexOf(run, run.length);
      if (close > 0 && rest[close + run.length] !== '`') {
        flush();
        let code = rest.slice(run.length, close);
        if (/^ .* $/.test(code) && code.trim()) code = code.slice(1, -1);
        out.push({ ...outer, code: true, text: code });
        i += close + run.length;
        continue;
      }
      plain += run;
      i += run.length;
      continue;
    }
    const link = c === '[' ? LINK.exec(rest) : null;
    if (link) {
      flush();
      const url = /^https?:\/\/\S+$/i.test(link[2]!) ? link[2] : outer.link;
      out.push(...parseInline(link[1]!, escapes, { ...outer, link: url }));
      i += link[0].length;
      continue;
    }
    const mark = /^(\*\*|__|\*|_)/.exec(rest)?.[1];
    if (mark && rest.length > mark.length && !/\s/.test(rest[mark.length]!) && !(mark[0] === '_' && /\p{L}|\p{N}/u.test(text[i - 1] ?? ''))) {
      const close = findClose(text, i + mark.length, mark);
      if (close > 0) {
        flush();
        const style = mark.length === 2 ? { bold: true } : { italic: true };
        out.push(...parseInline(text.slice(i + mark.length, close), escapes, { ...outer, ...style }));
        i = close + mark.length;
        continue;
      }
    }
    plain += c;
    i += 1;
  }
  flush();
  return out;
}

/** Where `mark` closes an emphasis opened before `from`: after a non-space, not part of a longer run of the mark. */
function findClose(text: string, from: number, mark: string): number {
  for (let j = text.indexOf(mark, from + 1); j > 0; j = text.indexOf(mark, j + 1)) {
    if (/\s/.test(text[j - 1]!)) continue;
    if (mark.length === 1 && (text[j + 1] === mark || text[j - 1] === mark)) continue;
    if (mark[0] === '_' && /\p{L}|\p{N}/u.test(text[j + mark.length] ?? '')) continue;
    return j;
  }
  return -1;
}
