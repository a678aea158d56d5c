import { PaparanError } from '../messages.ts';

/** A text split into its YAML front matter and the rest; nothing in it has been parsed or run. */
export interface FrontMatter {
  /** The YAML between the fences (without them), or undefined when the text has no front matter. */
  yaml: string | undefined;
  /** Everything after the closing fence; the whole text when there is no front matter. */
  body: string;
  /** 1-based line of the file on which `yaml` starts. */
  yamlLine: number;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
  /** False when the front matter has no closing fence (it then runs to the end, and `body` is empty). */
  closed: boolean;
}

const YAML_TAG = /^(?:ya?ml)?$/i;

/**
 * Splits `---` front matter from a text, for every front-matter reader in paparan (outlines and layouts).
 * Only YAML is front matter: an opening fence with any other language tag (`---js`, `--- coffee`, `---json`)
 * is refused with `front-matter-language`, so no engine ever sees, let alone evaluates, the text.
 * The front matter runs to the next line that is `---` alone (trailing blanks allowed), or to the end.
 */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const none: FrontMatter = { yaml: undefined, body: source, yamlLine: 1, bodyLine: 1, closed: false };
  const firstEnd = source.indexOf('\n');
  const firstLine = (firstEnd === -1 ? source : source.slice(0, firstEnd)).replace(/\r$/, '');
  // `----` and longer are thematic breaks, not a fence.
  if (!firstLine.startsWith('---') || firstLine[3] === '-') return none;
  const tag = firstLine.slice(3);
  const language = tag.trim();
  if (!YAML_TAG.test(language)) throw languageError(file, language, 4 + (tag.length - tag.trimStart().length));
  if (firstEnd === -1) return { yaml: '', body: '', yamlLine: 2, bodyLine: 2, closed: false };

  let line = 2;
  let start = firstEnd + 1;
  while (start <= source.length) {
    const end = source.indexOf('\n', start);
    const lineEnd = end === -1 ? source.length : end;
    if (isClosingFence(source, start, lineEnd)) {
      return {
        // Without the newline before the fence, so an error at the end of the YAML points at its last line.
        // A CRLF file's last YAML line keeps its \r otherwise (`{ type: text }\r` is a YAML error).
        yaml: source.slice(firstEnd + 1, Math.max(firstEnd + 1, start - 1)).replace(/\r$/, ''),
        body: end === -1 ? '' : source.slice(end + 1),
        yamlLine: 2,
        bodyLine: line + 1,
        closed: true,
      };
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  // No closing fence: the whole rest is front matter, and there is no body.
  return { yaml: source.slice(firstEnd + 1), body: '', yamlLine: 2, bodyLine: line + 1, closed: false };
}

/** `---` alone on its line, with only blanks (or a CR) after it. */
function isClosingFence(source: string, start: number, end: number): boolean {
  if (end - start < 3 || !source.startsWith('---', start)) return false;
  for (let i = start + 3; i < end; i++) {
    const c = source[i];
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return true;
}

function languageError(file: string, language: string, column: number): PaparanError {
  const shown = language.length > 40 ? `${language.slice(0, 40)}…` : language;
  return PaparanError.input(
    file,
    { line: 1, column },
    'front-matter-language',
    `The front matter is marked as \`${shown.replace(/[\p{Cc}`]/gu, '?')}\`; only YAML front matter is read, and nothing in it is run`,
    'Start the file with a line that is `---` alone, then the YAML fields (`title: ...`, `slides:`), then `---`',
  );
}
