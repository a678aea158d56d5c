// Outline text is data. It may carry inline Markdown (bold, italic, code, links), but nothing
// that changes the structure of the deck: no blocks, no HTML, no directives, no images, no math.

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\t]/g;
const ALWAYS = /[\\<>&$|#!{}]/g;

/**
 * Markdown paparan made itself (a citation formatted by the deck's style) travels inside outline text between these
 * two private-use characters, and escapeInline keeps it as it is. Outline text never holds them: they are taken out
 * of every string when the YAML is read (outline/load.ts), so no outline can forge a trusted run.
 */
export const TRUSTED_START = '\uE000';
export const TRUSTED_END = '\uE001';
export const TRUST_MARKS = /[\uE000\uE001]/g;
const TRUSTED_RUN = /(\uE000[^\uE000\uE001]*\uE001)/;

/** Wraps Markdown paparan made, for escapeInline to keep. */
export function trustedMarkdown(markdown: string): string {
  return `${TRUSTED_START}${markdown.replace(TRUST_MARKS, '').replace(LINE_BREAKS, ' ')}${TRUSTED_END}`;
}

/** What Markdown reads as on the page, roughly: escapes and emphasis marks taken off (for titles and bookmarks). */
export function markdownAsText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|\*|__|_)(?=\S)([^*_]*?\S)\1/g, '$2')
    .replace(/\\([\\`*_[\]{}()#+\-.!<>$|&])/g, '$1');
}

/** Text as it will read on the slide, before Markdown escaping: one line, no control characters. */
export function normalizeText(text: string): string {
  const plain = text.includes(TRUSTED_START) ? text.replace(/\uE000([^\uE000\uE001]*)\uE001/g, (_m, md: string) => markdownAsText(md)) : text;
  return plain.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(TRUST_MARKS, '').trim();
}

/** Escapes outline text so it renders as inline Markdown in any position of a Marp slide. */
export function escapeInline(text: string): string {
  if (!text.includes(TRUSTED_START)) return escapeLineStart(escapeRun(normalizeText(text)));
  // Trusted runs (see TRUSTED_START) are kept; the text around them is escaped as always.
  const out = text
    .split(TRUSTED_RUN)
    .map((part) => (part.startsWith(TRUSTED_START) ? part.slice(1, -1) : escapeRun(part.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(TRUST_MARKS, ''))))
    .join('');
  return escapeLineStart(out.trim());
}

function escapeRun(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      const close = findClosingRun(line, i + run.length, run.length);
      if (close >= 0) {
        out += line.slice(i, close + run.length);
        i = close + run.length;
      } else {
        out += '\\`'.repeat(run.length);
        i += run.length;
      }
      continue;
    }
    const next = line.indexOf('`', i);
    const end = next < 0 ? line.length : next;
    out += line.slice(i, end).replace(ALWAYS, (c) => `\\${c}`);
    i = end;
  }
  return out;
}

function findClosingRun(line: string, from: number, length: number): number {
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0].length === length) return m.index;
  }
  return -1;
}

function escapeLineStart(text: string): string {
  if (/^([-*_])(\s*\1){2,}\s*$/.test(text)) return text.replace(/[-*_]/g, (c) => `\\${c}`);
  if (/^[-+*](\s|$)/.test(text) || /^[=~:]/.test(text)) return `\\${text}`;
  const digits = /^(\d{1,9})[.)]/.exec(text)?.[1];
  if (digits) return `${digits}\\${text.slice(digits.length)}`;
  return text;
}

/** A string as a YAML double-quoted scalar that any YAML parser (js-yaml included) accepts. */
export function yamlString(text: string): string {
  return `"${normalizeText(text).replace(/[\\"]/g, (c) => `\\${c}`).replace(/[^\x20-\x7E\u00A0-\uD7FF\uE000-\uFFFD]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? c : `\\u${code.toString(16).padStart(4, '0')}`;
  })}"`;
}

/**
 * Speaker notes as the body of a Marp comment: it can't close the comment. Directives are not a concern here:
 * the engine reads every comment that starts with NOTES_MARK as notes, whatever its text (see engine.mjs).
 */
export function escapeNotes(notes: string): string {
  return notes
    .replace(CONTROL, '')
    .replace(/--(?=!?>)/g, '-\u200B-')
    .replace(/^(\s*)<!--/gm, '$1<!\u200B--')
    .trim();
}
