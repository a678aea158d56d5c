import { LineCounter, parseDocument, type Node } from 'yaml';
import type { MessageList, Position } from './messages.ts';

/** Fixed labels by language: `{ lang: { key: text } }`. Null-prototype objects, so no key reaches Object.prototype. */
export type Labels = Record<string, Record<string, string>>;

const RULE = 'labels-invalid';
const HINT = 'templates/labels.json holds `{ "id": { "agenda": "Agenda", ... }, "en": { ... } }`: languages, then keys and their text';

/** Reads templates/labels.json; every problem is a message at its line and column. */
export function readLabels(text: string, messages: MessageList): Labels | undefined {
  const source = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const offset = jsonErrorOffset(source);
    const detail = String((error as Error).message).replace(/,? "[\s\S]*" is not valid JSON$/, '').replace(/ (?:in|after) JSON at position \d+.*$/, '');
    messages.error(positionAt(source, offset), RULE, `labels.json is not valid JSON: ${detail}`, 'Check the quotes and commas near here: keys and text in double quotes, no comma after the last entry');
    return undefined;
  }
  // Positions are needed only for a problem: the text is read again, with them, only then.
  let positions: { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;
  const at = (path: string[]): Position => {
    if (!positions) {
      const lineCounter = new LineCounter();
      positions = { lineCounter, doc: parseDocument(source, { lineCounter }) };
    }
    const { doc, lineCounter } = positions;
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | undefined;
      if (node?.range) {
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return { line: 1, column: 1 };
  };
  if (!isObject(data)) {
    messages.error(at([]), RULE, 'labels.json must be an object of languages', HINT);
    return undefined;
  }
  const labels: Labels = Object.create(null);
  for (const [lang, entries] of Object.entries(data)) {
    if (!isObject(entries)) {
      messages.error(at([lang]), RULE, `Language \`${lang}\` must be an object of labels`, HINT);
      continue;
    }
    const texts: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value === 'string') texts[key] = value;
      else messages.error(at([lang, key]), RULE, `Label \`${lang}.${key}\` must be text`, `Write "${key}": "..."`);
    }
    labels[lang] = texts;
  }
  return labels;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse gave up: Node 20's messages carry a position for some errors only, so the text is
 * scanned again by a strict JSON reader that stops at the first character it cannot accept.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : Math.max(0, text.length - 1);
  } catch (at) {
    return Math.min(at as number, Math.max(0, text.length - 1));
  }
}
