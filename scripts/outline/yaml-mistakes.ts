import { LineCounter, parseDocument } from 'yaml';
import { PaparanError, type Position } from '../messages.ts';
import { short } from './report.ts';

/**
 * The usual ways people break an outline's YAML, told by their cause rather than by the parser's symptom:
 * tabs, typographic quotes, bullets that read as fields, unclosed front matter, fences in a .yaml outline.
 */

/** A YAML parse error, explained: where the cause is, the rule, and what to write instead. */
export interface Explained {
  position: Position;
  rule: string;
  message: string;
  hint: string;
}

/** What the parser reported: its error code, first message line, and offset in the YAML text. */
export interface YamlFailure {
  code: string;
  message: string;
  offset: number;
}

const OPENING_QUOTES = '“‘„‚«‹”’';
const CLOSING_QUOTES = '”’“‘»›';
/** A value (after dashes and an optional `key: `) that starts with a typographic quote. */
const TYPOGRAPHIC_VALUE = new RegExp(`^([ \\t]*(?:-[ \\t]+)*(?:[^\\s#:"'][^:#]*:[ \\t]+)?)([${OPENING_QUOTES}])`);
/** A list item whose text has `Word: ` in it, as a bullet rather than a field name would. */
const BULLET_WITH_COLON = /^([ \t]*-[ \t]+)([^\s"'{[#&*!|>%@`-][^:#\n]*?):(?:[ \t]|$)/;

export function explainYamlError(failure: YamlFailure, yaml: string, lineCounter: LineCounter, pos: (offset: number) => Position): Explained {
  const lines = yaml.split('\n');
  const lineStart = (index: number) => lineCounter.lineStarts[index] ?? 0;
  const errorLine = Math.max(0, lineCounter.linePos(failure.offset).line - 1);

  const tab = tabLine(lines, errorLine, failure.code === 'TAB_AS_INDENT');
  if (tab) {
    return { position: pos(lineStart(tab.line) + tab.column), rule: 'yaml-tab', message: 'This line is indented with a tab', hint: 'YAML does not allow tabs: indent with spaces' };
  }
  const text = lines[errorLine] ?? '';
  const curly = TYPOGRAPHIC_VALUE.exec(text);
  if (curly) {
    const at = curly[1]!.length;
    const open = curly[2]!;
    const close = Math.max(...[...CLOSING_QUOTES].map((q) => text.lastIndexOf(q)));
    const inner = close > at ? text.slice(at + 1, close) : text.slice(at + 1).trimEnd();
    const straight = `${text.slice(0, at).trim()} ${quoteYaml(inner)}`.trim();
    return {
      position: pos(lineStart(errorLine) + at),
      rule: 'typographic-quotes',
      message: `The value starts with ${open}, a typographic quote, so YAML does not read it as quoted text`,
      hint: `these are typographic quotes “…”; use straight quotes "…": ${straight}`,
    };
  }
  // The parser may stop on the line after the bullet (its text went on).
  for (const index of [errorLine, errorLine - 1]) {
    const bullet = BULLET_WITH_COLON.exec(lines[index] ?? '');
    if (bullet && looksLikeText(bullet[2]!)) {
      const words = (lines[index] ?? '').slice(bullet[1]!.length).trim();
      return {
        position: pos(lineStart(index) + bullet[1]!.length),
        rule: 'bullet-colon',
        message: `The bullet \`${short(words)}\` reads as a field \`${bullet[2]!.trim()}\``,
        hint: `this bullet reads as a field because of \`: \`; put it in quotes: - ${quoteYaml(words)}`,
      };
    }
  }
  // Slips a parser names in its own words: said here in the student's.
  const slip = explainSlip(lines, errorLine);
  if (slip) return { position: pos(lineStart(slip.line) + slip.column), rule: 'yaml-syntax', message: `YAML syntax error: ${failure.message.split('\n')[0]}`, hint: slip.hint };
  // A quoted bullet with its sub-bullets indented under it, as a word processor's list would be.
  const item = /^([ \t]*)-[ \t]+("[^"]*"|'[^']*')\s*$/;
  for (let index = errorLine; index > 0 && index >= errorLine - 1; index--) {
    const sub = item.exec(lines[index] ?? '');
    const parent = item.exec(lines[index - 1] ?? '');
    if (sub && parent && sub[1]!.length > parent[1]!.length) {
      return {
        position: pos(lineStart(index) + sub[1]!.length),
        rule: 'nested-point',
        message: `The sub-bullet ${sub[2]} is indented under ${parent[2]}, which YAML cannot read as a list inside a bullet`,
        hint: `a point with sub-points is { text, points }: write - text: ${parent[2]} and, indented under it, points: [${sub[2]}]`,
      };
    }
  }
  return { position: pos(failure.offset), rule: 'yaml-syntax', message: `YAML syntax error: ${failure.message}`, hint: yamlHint(failure.code) };
}

/** Three common slips: `-"text"` with no space, notes text not indented under `notes: |`, and `: ` inside a value. */
function explainSlip(lines: string[], errorLine: number): { line: number; column: number; hint: string } | undefined {
  for (const index of [errorLine, errorLine - 1]) {
    const dash = /^([ \t]*)-(["'\w“])/.exec(lines[index] ?? '');
    if (dash) return { line: index, column: dash[1]!.length + 1, hint: 'Put a space after the `-` of a list item: `- "…"`' };
  }
  for (let index = errorLine - 1; index >= 0; index--) {
    const line = lines[index] ?? '';
    if (!line.trim()) continue;
    const block = /^([ \t]*)(?:-[ \t]+)?([\w-]+):[ \t]*[|>][-+]?[ \t]*$/.exec(line);
    const here = /^[ \t]*/.exec(lines[errorLine] ?? '')![0].length;
    if (block && here <= block[1]!.length + (line.trimStart().startsWith('-') ? 2 : 0)) {
      return { line: errorLine, column: here, hint: `Indent the text under \`${block[2]}: |\` by two more spaces than \`${block[2]}:\`, every line of it` };
    }
    break;
  }
  const value = /^([ \t]*(?:-[ \t]+)?[\w-]+:[ \t]+)([^"'|>{[\n][^\n]*?:[ \t][^\n]*)$/.exec(lines[errorLine] ?? '');
  if (value) {
    const key = value[1]!.trim().replace(/^-\s*/, '');
    const notes = key.startsWith('notes:') ? ', or write `notes: |` and the text on the lines below' : '';
    return { line: errorLine, column: value[1]!.length, hint: `A value with \`: \` in it must be quoted: ${key} ${quoteYaml(value[2]!.trim())}${notes}` };
  }
  return undefined;
}

/** The line (0-based) and column of the tab that indents the error line, or the nearest line before it. */
function tabLine(lines: string[], errorLine: number, certain: boolean): { line: number; column: number } | undefined {
  const tabAt = (index: number) => {
    const indent = /^[ \t]*/.exec(lines[index] ?? '')![0];
    const column = indent.indexOf('\t');
    // A line of only blanks is no indentation.
    return column >= 0 && indent.length < (lines[index] ?? '').replace(/\r$/, '').length ? column : -1;
  };
  const here = tabAt(errorLine);
  if (here >= 0) return { line: errorLine, column: here };
  if (!certain) return undefined;
  for (let index = errorLine - 1; index >= 0; index--) {
    const column = tabAt(index);
    if (column >= 0) return { line: index, column };
  }
  return undefined;
}

/** Field names are lowercase ASCII words; bullet text has capitals, blanks or other letters. */
function looksLikeText(key: string): boolean {
  return /[\s]/.test(key.trim()) || /^[A-Z]/.test(key) || /[^\x20-\x7e]/.test(key);
}

/** `"text"` as YAML would read it back; single quotes when the text has double ones. */
export function quoteYaml(text: string): string {
  if (text.includes('"') && !text.includes("'")) return `'${text}'`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each field may appear once per slide; remove or rename the second one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation: list items under `slides:` start with `- ` and their fields line up';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'A value containing `: ` must be quoted, for example title: "Rusia: kepentingan"';
    case 'BAD_DQ_ESCAPE':
      return 'Inside "…" a backslash starts an escape such as \\n: write paths with `/` (img/peta.png), or use single quotes \'…\'';
    default:
      return 'Quote text that contains `:`, `#` or starts with a special character, e.g. title: "..."';
  }
}

const FENCE = /^---[ \t]*\r?$/;

/**
 * A .yaml outline is YAML alone: a `---` line in it (other than one harmless first line) is the front-matter
 * fence of a .md outline copied over, and makes the parser see several documents.
 */
export function checkYamlFences(source: string, file: string): void {
  const lines = source.replace(/^\uFEFF/, '').split('\n');
  const fences = lines.flatMap((line, i) => (FENCE.test(line) ? [i] : []));
  const firstContent = lines.findIndex((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (fences.length === 0 || (fences.length === 1 && fences[0] === firstContent)) return;
  const last = fences[fences.length - 1]!;
  const markdownAfter = lines.slice(last + 1).some((line) => line.trim() !== '');
  const listed = fences.map((i) => i + 1);
  const which = listed.length === 1 ? `line ${listed[0]}` : `lines ${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}`;
  throw PaparanError.input(
    file,
    { line: fences[0]! + 1, column: 1 },
    'yaml-fences',
    `This .yaml outline has \`---\` on ${which}, as the front matter of a .md outline has`,
    `a .yaml outline has no \`---\` lines: remove them${markdownAfter ? ` (Markdown after line ${last + 1} belongs in a .md outline: rename the file to .md instead)` : ''}`,
  );
}

/** A top-level YAML line: a key, a list item, a comment; anything else at column 1 starts the Markdown. */
const YAML_LIKE = /^(?:$|[ \t]|#|-(?:[ \t]|$)|[A-Za-z_][\w-]*:(?:[ \t]|$)|\.\.\.)/;

/**
 * A .md outline whose front matter never ends: points at the line where its closing `---` belongs, after the
 * last line that reads as YAML (the Markdown body, if any, starts after it).
 */
export function unclosedFrontMatter(yaml: string, yamlLine: number, file: string): PaparanError {
  const lines = yaml.split('\n').map((line) => line.replace(/\r$/, ''));
  let stop = lines.findIndex((line) => !YAML_LIKE.test(line));
  if (stop === -1) stop = lines.length;
  const lineCounter = new LineCounter();
  try {
    const first = parseDocument(yaml, { lineCounter, prettyErrors: false, strict: true }).errors[0];
    if (first) stop = Math.min(stop, lineCounter.linePos(first.pos[0]).line - 1);
  } catch {
    // Too deep to parse: the line scan alone decides.
  }
  let last = stop - 1;
  while (last >= 0 && (lines[last]!.trim() === '' || lines[last]!.startsWith('#'))) last--;
  const after = yamlLine + last;
  return PaparanError.input(
    file,
    { line: after + 1, column: 1 },
    'front-matter-unclosed',
    'The front matter is not closed: the outline has no second `---` line',
    `the front matter is not closed: add \`---\` after the last slide (a line of its own after line ${after})`,
  );
}
