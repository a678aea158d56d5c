// Plain JavaScript on purpose: engine.mjs imports this, and marp-cli loads that with a bare import(), where no
// TypeScript loader runs.
//
// The one final pass over everything Marp renders. HTML is parsed with parse5 (the HTML standard's algorithm, as
// the browser runs it), walked against allow-lists and serialized again; CSS is parsed with postcss. Nothing is
// ever fetched by what comes out: the only URLs left are data: images and fonts, in-page #fragments, and links
// (http:, https:, mailto:) that a reader has to click.
import { defaultTreeAdapter, html as parse5Html, parseFragment, serialize } from 'parse5';
import postcss from 'postcss';

const { NS } = parse5Html;

// ---------------------------------------------------------------------------------------------------- URLs

const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;
const SAFE_FONT = /^data:(font\/(woff2|woff|ttf|otf)|application\/(x-)?font-woff2?)[;,]/i;

/**
 * The start of a URL as the URL parser sees it: no C0 controls or spaces before it, no tabs or newlines anywhere.
 * Only the start decides what a URL is; a start padded beyond this length is not allowed.
 */
function urlStart(url) {
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  let u = '';
  for (let i = start; i < url.length && u.length < 64; i++) if (url[i] !== '\t' && url[i] !== '\n' && url[i] !== '\r') u += url[i];
  return u;
}

const isFragment = (url) => urlStart(url).startsWith('#');
const isSafeImage = (url) => SAFE_IMAGE.test(urlStart(url));
/** A link a reader may follow: http:, https:, mailto: or a #fragment of this page. */
const isSafeLink = (url) => /^(#|(https?|mailto):)/i.test(urlStart(url));
/** What a stylesheet may load: embedded images and fonts, or an element of this page (SVG gradients, clip paths). */
const isSafeCssUrl = (url) => {
  const u = urlStart(url);
  return u.startsWith('#') || SAFE_IMAGE.test(u) || SAFE_FONT.test(u);
};

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
const asciiLower = (s) => {
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
function forbiddenCssUrl(text) {
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
    root = postcss.parse(css);
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
 * Sanitizes a stylesheet: Marp's `render().css`, a theme, or a `<style>` element's text. Drops `@import` (unless
 * `themeImports` and it names another theme: `@import 'paparan'`), unknown at-rules, and every declaration, rule or
 * at-rule that could load something other than a data: image or font or an in-page `#id`, or run code
 * (`expression(`, `behavior`, `-moz-binding`). Everything else is kept byte for byte.
 */
export function sanitizeCss(css, options = {}) {
  try {
    return sanitizeCssText(typeof css === 'string' ? css : String(css ?? ''), options, false);
  } catch {
    return { css: '', removed: [{ kind: 'css-rule', name: 'unparsable CSS', line: 1, column: 1 }] };
  }
}

/** Sanitizes a `style="..."` attribute value (a declaration list); positions are within the value. */
export function sanitizeStyleAttribute(value) {
  try {
    return sanitizeCssText(typeof value === 'string' ? value : String(value ?? ''), {}, true);
  } catch {
    return { css: '', removed: [{ kind: 'css-rule', name: 'unparsable CSS', line: 1, column: 1 }] };
  }
}

// ---------------------------------------------------------------------------------------------------- HTML

const words = (s) => new Set(s.trim().split(/\s+/));

/** What Marp and markdown-it write (Marp's own HTML allow-list included), less media, forms and embedding. */
const HTML_ELEMENTS = words(`
  a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del details
  dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd li main mark nav ol p
  pre q rp rt ruby s samp section small span strike strong sub summary sup table tbody td tfoot th thead time tr tt u
  ul var wbr mjx-container`);
/** HTML elements that go with everything inside them: they run, load, embed or submit something. */
const HTML_DROPPED = words(`
  script noscript template iframe frame frameset noframes object embed applet param base basefont bgsound link meta
  title head form input button select option optgroup datalist textarea output keygen fieldset audio video source
  track picture portal fencedframe canvas dialog xmp plaintext marquee slot area map image selectedcontent`);
/** SVG that Marp's inline SVG slides and MathJax's SVG output use (`a` is unwrapped, below). */
const SVG_ELEMENTS = words(`
  svg g path rect circle ellipse line polyline polygon text tspan title desc defs symbol use image clipPath mask
  pattern marker linearGradient radialGradient stop foreignObject`);
/** Where HTML may sit inside SVG (the parser's HTML integration points). */
const SVG_HTML_HOSTS = new Set(['foreignObject', 'desc', 'title']);

const GLOBAL_ATTRIBUTES = words('class id style title lang dir role');
const HTML_ATTRIBUTES = {
  a: words('href target rel hreflang'),
  img: words('src alt width height decoding loading align'),
  ol: words('start reversed type'),
  li: words('value type'),
  td: words('colspan rowspan headers scope width align valign'),
  th: words('colspan rowspan headers scope abbr width align valign'),
  col: words('span width align valign'),
  colgroup: words('span width align valign'),
  table: words('width border align'),
  tr: words('align valign'),
  thead: words('align valign'),
  tbody: words('align valign'),
  tfoot: words('align valign'),
  details: words('open'),
  time: words('datetime'),
  del: words('datetime'),
  ins: words('datetime'),
  'mjx-container': words('jax display width justify'),
};
// Lower case: parse5 gives SVG attributes their SVG case (viewBox), compared here without it.
const SVG_ATTRIBUTES = words(`
  width height x y x1 x2 y1 y2 cx cy r rx ry fx fy fr d points pathlength transform viewbox preserveaspectratio
  fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-dasharray stroke-dashoffset stroke-linecap
  stroke-linejoin stroke-miterlimit opacity color clip-path clip-rule mask marker-start marker-mid marker-end
  font-family font-size font-style font-weight font-variant font-stretch text-anchor dominant-baseline
  alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode direction display
  visibility overflow pointer-events vector-effect shape-rendering text-rendering image-rendering paint-order offset
  stop-color stop-opacity gradientunits gradienttransform spreadmethod patternunits patterncontentunits
  patterntransform clippathunits maskunits maskcontentunits markerwidth markerheight markerunits refx refy orient dx
  dy rotate textlength lengthadjust xmlns xmlns:xlink version focusable xml:space href xlink:href`);
const NAMESPACE_VALUES = { xmlns: NS.SVG, 'xmlns:xlink': NS.XLINK };
/** Attributes whose value is a URL: removing one records the URL. */
const URL_ATTRIBUTES = words(`
  href xlink:href src srcset action formaction ping background poster cite longdesc codebase data manifest lowsrc
  dynsrc icon usemap profile archive classid to from values by srcdoc`);
const MARP_IS = /^marp-(pre|span|h[1-6])$/;
/** Browsers stop nesting past 512 open elements; well below that, so the browser builds the tree checked here. */
const MAX_DEPTH = 256;

function qualifiedName(attr) {
  switch (attr.namespace) {
    case NS.XLINK: return `xlink:${attr.name}`;
    case NS.XML: return `xml:${attr.name}`;
    case NS.XMLNS: return attr.name === 'xmlns' ? 'xmlns' : `xmlns:${attr.name}`;
    default: return attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
  }
}

/** 'keep', 'unwrap' (children stay) or 'drop' (children go too) for an element under `parent`. */
function decide(el, parent, inMath) {
  const parentNs = parent.namespaceURI ?? NS.HTML;
  if (el.namespaceURI === NS.HTML) {
    if (parentNs !== NS.HTML && !(parentNs === NS.SVG && SVG_HTML_HOSTS.has(parent.tagName))) return 'drop';
    if (HTML_DROPPED.has(el.tagName)) return 'drop';
    if (el.tagName === 'style') return 'keep';
    if (el.tagName === 'a' && inMath) return 'unwrap';
    return HTML_ELEMENTS.has(el.tagName) ? 'keep' : 'unwrap';
  }
  if (el.namespaceURI === NS.SVG) {
    const underHtml = parentNs === NS.HTML || (parentNs === NS.SVG && SVG_HTML_HOSTS.has(parent.tagName));
    if (underHtml ? el.tagName !== 'svg' : parentNs !== NS.SVG) return 'drop';
    if (el.tagName === 'a') return 'unwrap';
    return SVG_ELEMENTS.has(el.tagName) ? 'keep' : 'drop';
  }
  return 'drop';
}

/** Keeps the allowed attributes of a kept element, with their URLs and CSS checked. */
function cleanAttributes(el, removed) {
  const svg = el.namespaceURI === NS.SVG;
  const kept = [];
  for (const attr of el.attrs) {
    const name = qualifiedName(attr);
    const lower = name.toLowerCase();
    const value = attr.value;
    const drop = () => removed.push(URL_ATTRIBUTES.has(lower) ? { kind: 'url', name, url: value } : { kind: 'attribute', name });
    const allowed =
      !lower.startsWith('on') &&
      (GLOBAL_ATTRIBUTES.has(lower) ||
        /^data-[a-z0-9_.:-]*$/.test(lower) ||
        /^aria-[a-z]+$/.test(lower) ||
        (lower === 'is' && MARP_IS.test(value)) ||
        (svg ? SVG_ATTRIBUTES.has(lower) : HTML_ATTRIBUTES[el.tagName]?.has(lower) === true));
    if (!allowed) {
      drop();
      continue;
    }
    if (lower in NAMESPACE_VALUES && value !== NAMESPACE_VALUES[lower]) {
      drop();
      continue;
    }
    if (lower === 'href' || lower === 'xlink:href' || lower === 'src') {
      const ok = !svg ? (el.tagName === 'a' ? isSafeLink(value) : isSafeImage(value)) : el.tagName === 'image' ? isSafeImage(value) : isFragment(value);
      if (!ok) {
        removed.push({ kind: 'url', name, url: value });
        continue;
      }
    } else if (lower === 'style') {
      const clean = sanitizeStyleAttribute(value);
      removed.push(...clean.removed);
      if (clean.removed.length && !clean.css.trim()) continue;
      attr.value = clean.css;
    } else if (lower === 'data-background-image' || (svg && !/^(data-|aria-)/.test(lower) && !GLOBAL_ATTRIBUTES.has(lower))) {
      // CSS values: Marpit's background, SVG paint (fill="url(#gradient)").
      const url = forbiddenCssUrl(value);
      if (url !== undefined) {
        removed.push({ kind: 'url', name, url });
        continue;
      }
    }
    kept.push(attr);
  }
  el.attrs = kept;
}

/** A `<style>` keeps only its text, sanitized, which can never close the element early. */
function cleanStyleElement(el, removed) {
  let css = '';
  for (const child of el.childNodes) {
    if (child.nodeName === '#text') css += child.value;
    else removed.push({ kind: 'element', name: child.nodeName });
  }
  const clean = sanitizeCss(css);
  removed.push(...clean.removed);
  let text = clean.css;
  for (let at = asciiLower(text).indexOf('</style'); at !== -1; at = asciiLower(text).indexOf('</style')) text = `${text.slice(0, at)}\\3c ${text.slice(at + 1)}`;
  el.childNodes = [];
  if (text) defaultTreeAdapter.insertText(el, text);
}

/** Walks the fragment in place (no recursion: the depth of the input is not bounded). */
function cleanTree(fragment, removed) {
  const stack = [{ node: fragment, inMath: false, depth: 0 }];
  while (stack.length) {
    const { node: parent, inMath, depth } = stack.pop();
    const pending = [...parent.childNodes];
    const kept = [];
    for (let i = 0; i < pending.length; i++) {
      const child = pending[i];
      if (child.nodeName === '#text') {
        kept.push(child);
        continue;
      }
      if (!child.tagName) {
        if (child.nodeName !== '#documentType') removed.push({ kind: 'element', name: child.nodeName });
        continue;
      }
      const verdict = depth >= MAX_DEPTH ? 'drop' : decide(child, parent, inMath);
      if (verdict === 'drop') {
        const href = child.attrs.find((a) => a.name === 'href' || a.name === 'src');
        removed.push(href ? { kind: 'element', name: child.tagName, url: href.value } : { kind: 'element', name: child.tagName });
        continue;
      }
      if (verdict === 'unwrap') {
        const href = child.tagName === 'a' ? child.attrs.find((a) => a.name === 'href') : undefined;
        removed.push(href ? { kind: 'element', name: child.tagName, url: href.value } : { kind: 'element', name: child.tagName });
        pending.splice(i + 1, 0, ...child.childNodes);
        continue;
      }
      cleanAttributes(child, removed);
      if (child.tagName === 'style') cleanStyleElement(child, removed);
      else stack.push({ node: child, inMath: inMath || child.tagName === 'mjx-container', depth: depth + 1 });
      kept.push(child);
    }
    for (const child of kept) child.parentNode = parent;
    parent.childNodes = kept;
    // The parser drops the newline right after <pre>; doubling a leading one keeps the text as it was.
    const first = kept[0];
    if (parent.tagName === 'pre' && parent.namespaceURI === NS.HTML && first?.nodeName === '#text' && first.value.startsWith('\n')) first.value = `\n${first.value}`;
  }
}

function sanitizeOnce(input) {
  const context = defaultTreeAdapter.createElement('body', NS.HTML, []);
  const fragment = parseFragment(context, input, { scriptingEnabled: true });
  const removed = [];
  cleanTree(fragment, removed);
  return { html: serialize(fragment, { scriptingEnabled: true }), removed };
}

/**
 * Sanitizes Marp's rendered HTML (`render().html`), as a fragment of a `<body>`. Keeps allow-listed elements and
 * attributes; drops elements that can run, load or embed anything with their content, unwraps other unknown ones;
 * links only to http:, https:, mailto: and #fragments, and never from math; images only from data: URLs.
 * The result parses again to the same tree: sanitizeHtml(sanitizeHtml(x).html).html === sanitizeHtml(x).html.
 */
export function sanitizeHtml(html) {
  try {
    let result = sanitizeOnce(typeof html === 'string' ? html : String(html ?? ''));
    if (result.removed.length === 0) return result;
    // Unwrapping can leave a tree the parser would not build (<h1><x><h2> → <h1><h2>): parse again until it holds.
    const removed = result.removed;
    for (let round = 0; round < 4; round++) {
      const again = sanitizeOnce(result.html);
      if (again.html === result.html) return { html: result.html, removed };
      removed.push(...again.removed);
      result = again;
    }
    return { html: '', removed: [...removed, { kind: 'element', name: '#unstable' }] };
  } catch {
    return { html: '', removed: [{ kind: 'element', name: '#unparsable' }] };
  }
}
