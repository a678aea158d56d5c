import { TRUST_MARKS } from '../render/escape.ts';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { PaparanError, type Position } from '../messages.ts';
import { NO_POSITION, readInputFile, tooLarge } from './files.ts';
import { splitFrontMatter } from './frontmatter.ts';
import { checkYamlFences, explainYamlError, unclosedFrontMatter } from './yaml-mistakes.ts';

/** Outlines larger than this are refused before parsing. */
export const MAX_OUTLINE_BYTES = 1024 * 1024;
const MAX_ALIASES = 50;
const MAX_DEPTH = 32;

export type PathKey = string | number;

/** A parsed outline: its data, its Markdown body and a way back to source positions. */
export interface LoadedOutline {
  file: string;
  source: string;
  data: Record<string, unknown>;
  body: string;
  bodyLine: number;
  /** Position of the value at `path` in the front matter, or of its nearest existing parent. */
  positionOf(path: readonly PathKey[]): Position;
  /** Position of the key `path` (the name of a field), falling back to its value. */
  keyPositionOf(path: readonly PathKey[]): Position;
  /** The source text of the value at exactly `path` (no parent), where it starts, and whether it is a plain (unquoted) scalar. */
  sourceOf(path: readonly PathKey[]): { text: string; start: Position; plain: boolean } | undefined;
  /**
   * Unquoted values whose line goes on with ` #` and a word (`title: Ancaman #1 bagi Rusia`): YAML reads the rest as
   * a comment, so the text is cut short without a word. Where the `#` is, what was kept, and what was cut.
   */
  cutByComments: { position: Position; kept: string; cut: string }[];
}

export function loadOutlineFile(file: string, displayName = file): LoadedOutline {
  const bytes = readInputFile(file, { kind: 'outline', file: displayName, position: NO_POSITION, subject: 'The outline', maxBytes: MAX_OUTLINE_BYTES });
  return loadOutline(decodeUtf8(bytes, displayName), displayName);
}

export function loadOutline(source: string, file: string): LoadedOutline {
  const size = Buffer.byteLength(source);
  if (size > MAX_OUTLINE_BYTES) throw tooLarge({ kind: 'outline', file, position: NO_POSITION, subject: 'The outline', maxBytes: MAX_OUTLINE_BYTES }, size);
  const lineCounter = new LineCounter();
  // A .yaml outline is all front matter (no body): editors validate it against schema/outline.schema.json.
  const wholeYaml = /\.ya?ml$/i.test(file);
  if (wholeYaml) checkYamlFences(source, file);
  const split = wholeYaml ? { yaml: source.replace(/^\uFEFF/, ''), body: '', yamlLine: 1, bodyLine: source.split('\n').length + 1, closed: true } : splitFrontMatter(source, file);
  if (split.yaml === undefined) {
    throw PaparanError.input(file, { line: 1, column: 1 }, 'front-matter-missing', 'The outline has no YAML front matter', 'Start the file with a line `---`, then `title: ...` and `slides:`, then a closing `---`');
  }
  if (!split.closed) throw unclosedFrontMatter(split.yaml, split.yamlLine, file);
  const yaml = split.yaml;
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + split.yamlLine - 1, column: p.col };
  };
  const document = parseYaml(yaml, lineCounter, file, pos);
  const data = toData(document, file, pos);
  const bodyLine = split.bodyLine;

  const nodeAt = (path: readonly PathKey[]): Node | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = document.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && (node as { range?: unknown }).range) return node;
    }
    return null;
  };
  const positionOf = (path: readonly PathKey[]): Position => {
    const node = nodeAt(path);
    return node?.range ? pos(node.range[0]) : { line: 1, column: 1 };
  };
  const keyPositionOf = (path: readonly PathKey[]): Position => {
    const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents;
    const key = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return pos(keyNode.range[0]);
    }
    return positionOf(path);
  };
  const sourceOf = (path: readonly PathKey[]) => {
    const node = document.getIn(path, true) as Node | undefined;
    if (!node?.range) return undefined;
    return { text: yaml.slice(node.range[0], node.range[1]), start: pos(node.range[0]), plain: isScalar(node) && node.type === 'PLAIN' };
  };
  const cutByComments: LoadedOutline['cutByComments'] = [];
  visit(document, {
    Scalar(_key, node) {
      if (node.type !== 'PLAIN' || !node.range) return;
      const lineEnd = yaml.indexOf('\n', node.range[1]);
      const rest = /^[ \t]+#(\S[^\n]*)/.exec(yaml.slice(node.range[1], lineEnd < 0 ? undefined : lineEnd));
      if (rest) cutByComments.push({ position: pos(node.range[1] + rest[0].indexOf('#')), kept: String(node.value), cut: `#${rest[1]!}` });
    },
  });
  return { file, source, data: data as Record<string, unknown>, body: split.body, bodyLine, positionOf, keyPositionOf, sourceOf, cutByComments };
}

/** Whether `bytes` can begin valid UTF-8 (a sequence cut off at the end is fine). */
const validPrefix = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/** The outline's text; anything but UTF-8 is refused at its first wrong byte (it would turn into U+FFFD silently). */
function decodeUtf8(bytes: Buffer, file: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Refused below, at the first byte that is not UTF-8.
    }
  }
  // The longest prefix that is still UTF-8 ends right before the first wrong byte.
  let low = 0;
  let high = utf16 ? 0 : bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (validPrefix(bytes.subarray(0, mid))) low = mid;
    else high = mid - 1;
  }
  // Decoded as a stream, a sequence cut off at the end (the wrong byte may start one) is left out.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, low), { stream: true });
  const position = { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  throw PaparanError.input(file, position, 'encoding', utf16 ? 'The outline is saved as UTF-16, not UTF-8' : 'The outline is not UTF-8 text from here on', 'Save the file as UTF-8 (in most editors: "Save with encoding" → UTF-8)');
}

function parseYaml(text: string, lineCounter: LineCounter, file: string, pos: (o: number) => Position): Document.Parsed {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    throw yamlFailure(file, { line: 1, column: 1 }, error);
  }
  const first = doc.errors[0];
  // The parser itself runs out of stack on very deep nesting: that is the depth limit, not a syntax error.
  if (first && /Maximum call stack/i.test(first.message)) {
    throw PaparanError.input(file, pos(first.pos[0]), 'yaml-too-deep', `The front matter nests deeper than ${MAX_DEPTH} levels`, 'An outline needs at most four levels: deck, slides, slide, points');
  }
  if (first) {
    const explained = explainYamlError({ code: first.code, message: first.message.split('\n')[0] ?? 'YAML syntax error', offset: first.pos[0] }, text, lineCounter, pos);
    throw PaparanError.input(file, explained.position, explained.rule, explained.message, explained.hint);
  }
  checkDepth(doc.contents as Node | null, 0, file, pos);
  return doc;
}

function checkDepth(node: Node | null, depth: number, file: string, pos: (o: number) => Position): void {
  if (!node) return;
  if (depth > MAX_DEPTH) {
    throw PaparanError.input(file, node.range ? pos(node.range[0]) : { line: 1, column: 1 }, 'yaml-too-deep', `The front matter nests deeper than ${MAX_DEPTH} levels`, 'An outline needs at most four levels: deck, slides, slide, points');
  }
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        checkDepth(item.key as Node | null, depth + 1, file, pos);
        checkDepth(item.value as Node | null, depth + 1, file, pos);
      } else checkDepth(item as Node, depth + 1, file, pos);
    }
  }
}

function toData(doc: Document.Parsed, file: string, pos: (o: number) => Position): unknown {
  try {
    // The two characters that mark Markdown paparan made (render/escape.ts) are never outline text.
    return doc.toJS({ maxAliasCount: MAX_ALIASES, reviver: (_key: unknown, value: unknown) => (typeof value === 'string' ? value.replace(TRUST_MARKS, '') : value) }) ?? {};
  } catch (error) {
    throw yamlFailure(file, doc.contents?.range ? pos(doc.contents.range[0]) : { line: 1, column: 1 }, error);
  }
}

function yamlFailure(file: string, position: Position, error: unknown): PaparanError {
  const text = error instanceof Error ? error.message : String(error);
  if (/Maximum call stack/i.test(text)) {
    return PaparanError.input(file, position, 'yaml-too-deep', `The front matter nests deeper than ${MAX_DEPTH} levels`, 'An outline needs at most four levels: deck, slides, slide, points');
  }
  const aliases = /alias/i.test(text);
  return PaparanError.input(
    file,
    position,
    aliases ? 'yaml-aliases' : 'yaml-syntax',
    aliases ? 'The front matter expands too many YAML aliases' : `The front matter cannot be read: ${text.split('\n')[0]}`,
    aliases ? 'Write the values out instead of using `&anchor` and `*alias`' : 'Check the YAML syntax near this line',
  );
}
