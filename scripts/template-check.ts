import Handlebars from 'handlebars';
import type { MessageList, Position } from './messages.ts';
import { passedBefore, rememberPass } from './verdicts.ts';

export type Hbs = typeof Handlebars;
/** Options every paparan template is compiled with. */
export const COMPILE_OPTIONS: CompileOptions = { strict: false, preventIndent: true };

/** What a template may refer to besides its own text. */
export interface TemplateScope {
  hbs: Hbs;
  /** Names of the partials in templates/partials/. */
  partials: Set<string>;
}

interface AstNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

/**
 * Parses and fully compiles a template now, so a syntax error, a missing partial or an unknown helper is
 * reported at load with its line in the file (`firstLine` is the file line the template text starts on),
 * never while a deck is rendered. Returns the template, or undefined after adding messages.
 */
export function compileTemplate(source: string, firstLine: number, scope: TemplateScope, messages: MessageList): HandlebarsTemplateDelegate | undefined {
  const { hbs } = scope;
  // The same text, with the same partials to refer to, passed before: it compiles when first rendered.
  const key = [source, [...scope.partials].sort().join('\n')];
  if (passedBefore('template', key, (value) => (value === true ? true : undefined))) return hbs.compile(source, { ...COMPILE_OPTIONS });
  const shift = (line: number, column: number): Position => ({ line: line + firstLine - 1, column: column + 1 });
  let ast: hbs.AST.Program;
  let template: HandlebarsTemplateDelegate;
  try {
    ast = hbs.parse(source);
    template = hbs.compile(ast, { ...COMPILE_OPTIONS });
    // Handlebars compiles on first use; `_setup` (which every render calls first) compiles now, once.
    (template as unknown as { _setup(options: object): void })._setup({});
  } catch (error) {
    syntaxError(error, source, shift, messages);
    return undefined;
  }
  const before = messages.items.length;
  checkReferences(ast as unknown as AstNode, scope, shift, messages);
  checkImageAlt(source, firstLine, messages);
  if (messages.items.length !== before) return undefined;
  rememberPass('template', key, true);
  return template;
}

function syntaxError(error: unknown, source: string, shift: (line: number, column: number) => Position, messages: MessageList): void {
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const text = String(e.message ?? error);
  let position: Position;
  let detail: string;
  if (typeof e.lineNumber === 'number') {
    // Handlebars' own exceptions ("if doesn't match each - 3:4") carry a 1-based line and 0-based column.
    position = shift(e.lineNumber, e.column ?? 0);
    detail = text.replace(/ - \d+:\d+$/, '');
  } else {
    // The parser's "Parse error on line N" loses the column; its lexer still holds the offending token.
    const loc = (Handlebars as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser?.lexer?.yylloc;
    const line = Number(/on line (\d+)/.exec(text)?.[1] ?? loc?.first_line ?? 1);
    position = shift(line, loc && loc.first_line === line ? loc.first_column : 0);
    const got = /got '(\w+)'$/.exec(text)?.[1];
    detail = got ? `unexpected ${TOKENS[got] ?? got}` : (text.split('\n')[0] ?? text);
  }
  const atEnd = /got 'EOF'/.test(text);
  const unclosed = atEnd ? unclosedBlock(source) : undefined;
  if (atEnd) detail = unclosed ? `the template ends inside \`{{#${unclosed.name}}}\`` : 'the template ends inside an unclosed `{{`';
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(detail);
  const hint = unclosed
    ? `\`{{#${unclosed.name}}}\` on line ${shift(unclosed.line, 0).line} is never closed: add \`{{/${unclosed.name}}}\``
    : mismatch
      ? `\`{{#${mismatch[1]}}}\` here is closed by \`{{/${mismatch[2]}}}\`: close it with \`{{/${mismatch[1]}}}\``
      : 'Check that every `{{` has its `}}` and every `{{#block}}` its `{{/block}}`';
  messages.error(position, 'template-syntax', `Template syntax error: ${detail}`, hint);
}

/** Handlebars' token names, as the text they stand for. */
const TOKENS: Record<string, string> = {
  OPEN: '`{{`', CLOSE: '`}}`', CLOSE_UNESCAPED: '`}}}`', OPEN_UNESCAPED: '`{{{`', OPEN_BLOCK: '`{{#`', OPEN_ENDBLOCK: '`{{/`',
  OPEN_INVERSE: '`{{^`', OPEN_INVERSE_CHAIN: '`{{else`', INVERSE: '`{{else}}`', OPEN_PARTIAL: '`{{>`', OPEN_SEXPR: '`(`',
  CLOSE_SEXPR: '`)`', EQUALS: '`=`', SEP: '`.` or `/`', ID: 'a name', STRING: 'a string', NUMBER: 'a number',
  INVALID: 'a character Handlebars does not accept', CONTENT: 'text', OPEN_BLOCK_PARAMS: '`as |`', CLOSE_BLOCK_PARAMS: '`|`',
};

/** The innermost block opened and never closed, found by pairing `{{#x}}` with `{{/x}}`. */
function unclosedBlock(source: string): { name: string; line: number } | undefined {
  const stack: { name: string; line: number }[] = [];
  for (const m of source.matchAll(/\{\{~?\s*([#/^])>?\s*\*?([\w-]+)/g)) {
    const line = source.slice(0, m.index).split('\n').length;
    if (m[1] === '/') {
      const at = stack.map((b) => b.name).lastIndexOf(m[2]!);
      if (at >= 0) stack.length = at;
    } else if (m[1] === '#') stack.push({ name: m[2]!, line });
  }
  return stack.pop();
}

function checkReferences(ast: AstNode, scope: TemplateScope, shift: (line: number, column: number) => Position, messages: MessageList): void {
  const inline = new Set<string>();
  const nodes: AstNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object' && typeof (value as AstNode).type === 'string') {
      const node = value as AstNode;
      nodes.push(node);
      if (node.type === 'DecoratorBlock' && pathName(node.path) === 'inline') {
        const name = (node.params as AstNode[] | undefined)?.[0]?.value;
        if (typeof name === 'string') inline.add(name);
      }
      for (const [key, child] of Object.entries(node)) if (key !== 'loc') collect(child);
    }
  };
  collect(ast);
  const { hbs, partials } = scope;
  const helpers = new Set(Object.keys(hbs.helpers));
  const at = (node: AstNode) => shift(node.loc?.start.line ?? 1, node.loc?.start.column ?? 0);
  const known = [...partials].sort().join(', ') || 'none yet';
  for (const node of nodes) {
    if (node.type === 'PartialStatement') {
      const name = node.name as AstNode;
      if (name.type !== 'PathExpression' && name.type !== 'StringLiteral') {
        messages.error(at(node), 'template-syntax', 'A partial is chosen at render time (`{{> (...)}}`); paparan cannot check it', 'Name the partial: `{{> bullets points}}`');
        continue;
      }
      const partial = String(name.original);
      if (!partial.startsWith('@') && !partials.has(partial) && !inline.has(partial) && !hbs.partials[partial]) {
        messages.error(at(node), 'template-partial-missing', `The partial \`{{> ${partial}}}\` does not exist`, `Add templates/partials/${partial}.hbs, or use one of: ${known}`);
      }
    } else if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      // With arguments, a name can only be a helper; Handlebars would throw "Missing helper" mid-render.
      const path = node.path as AstNode;
      const args = (node.params as unknown[] | undefined)?.length || node.hash;
      const name = String(path.original);
      if (args && path.type === 'PathExpression' && !path.data && (path.parts as string[]).length === 1 && !helpers.has(name)) {
        messages.error(at(node), 'template-helper-unknown', `\`${name}\` is not a helper`, `Use one of: ${[...helpers].filter((h) => !/Missing$/.test(h)).sort().join(', ')}`);
      }
    } else if (node.type === 'DecoratorStatement' || node.type === 'DecoratorBlock') {
      const name = pathName(node.path);
      if (!hbs.decorators[name]) messages.error(at(node), 'template-helper-unknown', `\`${name}\` is not a decorator`, 'Only `{{#*inline "name"}}` is available');
    }
  }
}

function pathName(path: unknown): string {
  return String((path as AstNode | undefined)?.original ?? '');
}

/**
 * Marpit reads image keywords (`bg`, `w:20px`, `sepia`) from an image's alt text, and `](…) ![` in it starts
 * another image: outline text must never land inside `![…]`. Templates write `{{image src alt}}` instead.
 */
export function checkImageAlt(source: string, firstLine: number, messages: MessageList): void {
  for (let start = source.indexOf('!['); start >= 0; start = source.indexOf('![', start + 2)) {
    let depth = 0;
    let expression = false;
    for (let i = start + 1; i < source.length; i++) {
      if (source.startsWith('{{', i)) {
        expression = true;
        const close = source.indexOf('}}', i + 2);
        if (close < 0) break;
        i = close + 1;
      } else if (source[i] === '\\') i++;
      else if (source[i] === '[') depth++;
      else if (source[i] === ']' && --depth === 0) break;
      else if (source[i] === '\n' && blankLineAfter(source, i)) break;
    }
    if (!expression) continue;
    const before = source.slice(0, start);
    const line = before.split('\n').length;
    const column = start - before.lastIndexOf('\n');
    messages.error(
      { line: line + firstLine - 1, column },
      'layout-image-alt',
      'An image\'s alt text holds a template expression; Marp would read outline text there as image keywords or Markdown',
      'Write {{image src alt}} instead',
    );
  }
}

/** Whether the line after the newline at `i` is blank: a Markdown paragraph, and so an image, ends there. */
function blankLineAfter(source: string, i: number): boolean {
  const next = source.indexOf('\n', i + 1);
  return source.slice(i + 1, next < 0 ? undefined : next).trim() === '';
}
