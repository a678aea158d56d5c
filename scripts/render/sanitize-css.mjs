// Plain JavaScript on purpose (see sanitize.mjs). The CSS half of the final pass, on postcss: themes, `<style>`
// elements and `style` attributes keep everything but what could load or run something.
import { createRequire } from 'node:module';
import { recentResults } from './recent.mjs';
import { isSafeCssUrl, urlStart } from './sanitize-urls.mjs';

// Loaded on first use (its CommonJS build, the one Marpit uses too): `check` on themes it checked before never needs it.
let postcssModule;
const postcss = () => (postcssModule ??= createRequire(import.meta.url)('postcss'));

// ---------------------------------------------------------------------------------------------------- CSS

/** Resolves CSS escapes (`\75 rl(` is `url(`), so a check sees what the browser will see. */
function decodeCssEscapes(text) {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', from)) {
    out += text.slice(from, i);
    let hex = '';
    while (hex.length < 6 && /^[0-9a-f]$/i.test(text[i + 1 + hex.length] ?? '')) hex += text[i + 1 + hex.length];
    let next = i + 1 + hex.length;
    if (hex) {
      const code = parseInt(hex, 16);
      out += code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
      if (text[next] === '\r' && text[next + 1] === '\n') next += 2;
      else if (/^[ \t\n\r\f]$/.test(text[next] ?? '')) next++;
    } else if (next < text.length && !/^[\n\r\f]$/.test(text[next])) out += text[next++];
    else if (text[next] === '\r' && text[next + 1] === '\n') next += 2;
    else next++;
    from = next;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Lower case with the same length, so indexes still point into the original. */
export const asciiLower = (s) => {
  const lower = s.toLowerCase();
  return lower.length === s.length ? lower : s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
};

/** Reads a string starting at the quote at `i`; returns its text and the index after it. */
function readString(text, i) {
  const quote = text[i];
  let value = '';
  let from = i + 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      value += text.slice(from, j) + (text[j + 1] ?? '');
      from = ++j + 1;
    } else if (text[j] === quote) return { value: value + text.slice(from, j), end: j + 1 };
  }
  return { value: value + text.slice(from), end: text.length };
}

/** Index of the `)` closing the `(` at `open`, skipping strings and nested brackets; text.length when unclosed. */
function closingParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") i = readString(text, i).end - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return text.length;
}

const URL_FUNCTIONS = new Set(['url', 'src', 'element', '-moz-element']);
const IMAGE_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image', 'cross-fade', '-webkit-cross-fade']);

/**
 * The first URL in `text` (a declaration, selector or at-rule prelude) that a browser could load and that is not
 * allowed, or undefined. Strings are looked into as well: where postcss and the browser disagree about where a string
 * ends, this errs towards finding a URL. `expression(` is reported as `expression(`.
 */
export function forbiddenCssUrl(text) {
  if (!text.includes('(')) return undefined;
  const decoded = decodeCssEscapes(text);
  const lower = asciiLower(decoded);
  for (let open = lower.indexOf('('); open !== -1; open = lower.indexOf('(', open + 1)) {
    let start = open;
    while (start > 0 && /[a-z0-9_-]/.test(lower[start - 1])) start--;
    const name = lower.slice(start, open);
    if (name === 'expression') return 'expression(';
    if (URL_FUNCTIONS.has(name)) {
      let i = open + 1;
      while (/[ \t\n\r\f]/.test(decoded[i] ?? '')) i++;
      // Unquoted, the URL runs to the first `)`; a quote or bracket in it makes it invalid anyway.
      const close = decoded.indexOf(')', i);
      const arg = decoded[i] === '"' || decoded[i] === "'" ? readString(decoded, i).value : decoded.slice(i, close === -1 ? undefined : close);
      if (!isSafeCssUrl(arg)) return arg;
    } else if (IMAGE_FUNCTIONS.has(name)) {
      // A bare string in image-set() is a URL; so could be whatever var() or attr() hands it.
      const inner = decoded.slice(open + 1, closingParen(decoded, open));
      if (/\b(var|attr|env)\(/i.test(inner)) return `${name}(${inner})`;
      for (let i = 0; i < inner.length; i++) {
        if (inner[i] !== '"' && inner[i] !== "'") continue;
        const { value, end } = readString(inner, i);
        if (!isSafeCssUrl(value)) return value;
        i = end - 1;
      }
    }
  }
  return undefined;
}

const FORBIDDEN_PROPERTIES = new Set(['behavior', '-ms-behavior', '-moz-binding']);
const AT_RULES = new Set([
  'charset', 'media', 'supports', 'layer', 'container', 'keyframes', '-webkit-keyframes', 'font-face', 'page',
  'font-feature-values', 'swash', 'stylistic', 'styleset', 'character-variant', 'ornaments', 'annotation',
  'counter-style', 'property', 'namespace', 'scope', 'starting-style', 'font-palette-values', 'view-transition',
  'position-try', 'top-left-corner', 'top-left', 'top-center', 'top-right', 'top-right-corner', 'bottom-left-corner',
  'bottom-left', 'bottom-center', 'bottom-right', 'bottom-right-corner', 'left-top', 'left-middle', 'left-bottom',
  'right-top', 'right-middle', 'right-bottom',
]);
/** `@import 'name'` of another Marp theme, which Marpit resolves itself (kept only with `themeImports`). */
const THEME_IMPORT = /^\s*(["'])[\w-]+\1\s*;?\s*$/;

function removal(kind, name, node, url) {
  const r = { kind, name };
  if (url !== undefined) r.url = url;
  if (node?.source?.start) {
    r.line = node.source.start.line;
    r.column = node.source.start.column;
  }
  return r;
}

/** Why a node must go, as a removal, or undefined when it may stay. */
function judgeCssNode(node, options) {
  if (node.type === 'decl') {
    const prop = asciiLower(decodeCssEscapes(node.prop)).trim();
    if (FORBIDDEN_PROPERTIES.has(prop)) return removal('css-rule', prop, node);
    const url = forbiddenCssUrl(node.toString());
    return url === undefined ? undefined : removal('css-rule', prop, node, url);
  }
  if (node.type === 'atrule') {
    const name = asciiLower(decodeCssEscapes(node.name));
    if (name === 'import' || name === 'import-theme') {
      if (options.themeImports && THEME_IMPORT.test(node.params) && !node.nodes) return undefined;
      const url = /^\s*(?:url\(\s*)?["']?([^"')\s;]*)/i.exec(decodeCssEscapes(node.params))?.[1];
      return removal('css-rule', `@${name}`, node, url);
    }
    if (!AT_RULES.has(name)) return removal('css-rule', `@${name}`, node);
    const url = forbiddenCssUrl(`${node.name} ${node.params} ${node.raws.afterName ?? ''}${node.raws.between ?? ''}`);
    return url === undefined ? undefined : removal('css-rule', `@${name}`, node, url);
  }
  const text = node.type === 'rule' ? `${node.selector}${node.raws.between ?? ''}` : node.type === 'comment' ? node.toString() : '';
  const url = forbiddenCssUrl(text);
  return url === undefined ? undefined : removal('css-rule', node.type === 'rule' ? node.selector : '/* comment */', node, url);
}

function sanitizeCssText(css, options, declarationsOnly) {
  let root;
  try {
    root = postcss().parse(css);
  } catch (error) {
    return { css: '', removed: [{ kind: 'css-rule', name: 'unparsable CSS', line: error.line ?? 1, column: error.column ?? 1 }] };
  }
  const removed = [];
  root.walk((node) => {
    if (node.root() !== root) return; // inside a node already removed
    const why = declarationsOnly && node.parent === root && node.type !== 'decl' && node.type !== 'comment'
      ? removal('css-rule', node.type === 'rule' ? node.selector : `@${node.name}`, node)
      : judgeCssNode(node, options);
    if (why) {
      removed.push(why);
      node.remove();
    }
  });
  const out = removed.length ? root.toString() : css;
  // Whatever the walk saw, what comes out must not load anything: text between nodes (raws) is checked too.
  const stray = forbiddenCssUrl(out);
  if (stray !== undefined) return { css: '', removed: [...removed, { kind: 'css-rule', name: 'unparsable CSS', url: stray, line: 1, column: 1 }] };
  return { css: out, removed };
}

/**
 * Runs one pass, and when it removed something, one more over its own output: removing a rule can leave text that
 * postcss reads differently (`@media screen;:p` in a style attribute leaves `p`), so the result is idempotent.
 */
function twice(text, options, declarationsOnly) {
  const once = (input) => {
    try {
      return sanitizeCssText(input, options, declarationsOnly);
    } catch {
      return { css: '', removed: [{ kind: 'css-rule', name: 'unparsable CSS', line: 1, column: 1 }] };
    }
  };
  const first = once(typeof text === 'string' ? text : String(text ?? ''));
  if (first.removed.length === 0) return first;
  const second = once(first.css);
  return second.removed.length === 0 ? first : { css: second.css, removed: [...first.removed, ...second.removed] };
}

/**
 * Sanitizes a stylesheet: Marp's `render().css`, a theme, or a `<style>` element's text. Drops `@import` (unless
 * `themeImports` and it names another theme: `@import 'paparan'`), unknown at-rules, and every declaration, rule or
 * at-rule that could load something other than a data: image or font or an in-page `#id`, or run code
 * (`expression(`, `behavior`, `-moz-binding`). Everything else is kept byte for byte.
 */
export function sanitizeCss(css, options = {}) {
  if (typeof css !== 'string' || css.length < MEMO_MIN) return twice(css, options, false);
  // The same stylesheet (a theme with its embedded fonts, some 200-400 KB) is sanitized by every render of every
  // output and every dev rebuild: the result of a pure function, kept for the last few inputs.
  const result = sanitized(`${options.themeImports ? 1 : 0}${css}`, () => twice(css, options, false));
  return { css: result.css, removed: result.removed.map((r) => ({ ...r })) };
}

const MEMO_MIN = 4096;
const sanitized = recentResults(8);

/** Sanitizes a `style="..."` attribute value (a declaration list); positions are within the value. */
export function sanitizeStyleAttribute(value) {
  return twice(value, {}, true);
}

