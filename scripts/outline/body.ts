import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';

// Loaded on first use: most outlines have no Markdown body.
let markdownIt: typeof MarkdownItType | undefined;
const MarkdownItClass = () => (markdownIt ??= createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType);

/** A line that may be a thematic break (`---`, `* * *`, `___`): every slide break of the body is one. */
const BREAK_LIKE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
/** A line that may start a heading (ATX `#`, or a setext underline), for bodies that set `headingDivider`. */
const HEADING_LIKE = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/;

/**
 * Where the raw Markdown body, appended (trimmed) after the outline's slides, starts slide number
 * `allowed + 1`: the 1-based line in the file, or undefined when the body makes at most `allowed` slides.
 *
 * Marp starts a slide at every top-level thematic break (`---`, `***`, `___`; not inside fenced code or
 * HTML) and, with `headingDivider`, at headings. A line count that can only over-count settles most
 * bodies at once; otherwise the body is parsed at block level, as markdown-it parses it for Marp: first
 * up to the line where the count crossed (enough when those lines are real breaks), then all of it.
 */
export function bodySlideLimitLine(body: string, bodyLine: number, allowed: number): number | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  const first = bodyLine + leadingLines(body);
  if (allowed < 1) return first;
  const byHeadings = /headingDivider/.test(trimmed);
  // Every break is a break-like line, so the exact break number `allowed` is at or after this line.
  let candidates = 0;
  let start = 0;
  let prefixEnd = -1;
  while (start <= trimmed.length) {
    const end = trimmed.indexOf('\n', start);
    const line = trimmed.slice(start, end === -1 ? trimmed.length : end).replace(/\r$/, '');
    if (BREAK_LIKE.test(line) || (byHeadings && HEADING_LIKE.test(line))) candidates++;
    if (candidates === allowed) {
      prefixEnd = end === -1 ? trimmed.length : end;
      break;
    }
    if (end === -1) break;
    start = end + 1;
  }
  if (prefixEnd === -1) return undefined;
  // Breaks in a prefix are breaks of the whole: when the candidates are real breaks, the prefix settles it.
  const prefix = trimmed.slice(0, prefixEnd);
  const early = breakLines(prefix, byHeadings);
  if (early.length >= allowed) return first + early[allowed - 1]!;
  if (prefix.length === trimmed.length) return undefined;
  const breaks = breakLines(trimmed, byHeadings);
  return breaks.length >= allowed ? first + breaks[allowed - 1]! : undefined;
}

/** 0-based lines (in `text`) of the tokens Marp splits slides on. */
function breakLines(text: string, byHeadings: boolean): number[] {
  const MarkdownIt = MarkdownItClass();
  const md = new MarkdownIt({ html: true });
  const tokens: ReturnType<MarkdownItType['parse']> = [];
  md.block.parse(text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD'), md, {}, tokens);
  const lines: number[] = [];
  // headingDivider starts no slide at a heading with only comments (directives) before it.
  let content = false;
  for (const t of tokens) {
    if ((t.type === 'hr' && t.level === 0) || (byHeadings && t.type === 'heading_open' && content)) lines.push(t.map?.[0] ?? 0);
    if (!(t.type === 'html_block' && t.content.trimStart().startsWith('<!--'))) content = true;
  }
  return lines;
}

/** Blank lines the renderer trims from the start of the body. */
function leadingLines(body: string): number {
  const lead = /^\s*/.exec(body)![0];
  return lead.split('\n').length - 1;
}
