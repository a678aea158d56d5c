// Plain JavaScript on purpose: engine.mjs imports this, and marp-cli loads that with a bare import(), where no
// TypeScript loader runs.
//
// The one final pass over everything Marp renders. HTML is parsed with parse5 (the HTML standard's algorithm, as
// the browser runs it), walked against allow-lists and serialized again; CSS is parsed with postcss. Nothing is
// ever fetched by what comes out: the only URLs left are data: images and fonts, in-page #fragments, and links
// (http:, https:, mailto:) that a reader has to click.
import { createRequire } from 'node:module';
import { asciiLower, forbiddenCssUrl, sanitizeCss, sanitizeStyleAttribute } from './sanitize-css.mjs';
import { isFragment, isSafeImage, isSafeLink } from './sanitize-urls.mjs';

export { sanitizeCss, sanitizeStyleAttribute } from './sanitize-css.mjs';

// Loaded on first use, through its CommonJS build: `check` never sanitizes rendered HTML.
let parse5Module;
const parse5 = () => (parse5Module ??= createRequire(import.meta.url)('parse5'));

/** The namespaces of the HTML standard, as parse5 names its nodes' (parse5's `html.NS`). */
const NS = { HTML: 'http://www.w3.org/1999/xhtml', SVG: 'http://www.w3.org/2000/svg', XLINK: 'http://www.w3.org/1999/xlink', XML: 'http://www.w3.org/XML/1998/namespace', XMLNS: 'http://www.w3.org/2000/xmlns/', MATHML: 'http://www.w3.org/1998/Math/MathML' };

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
  if (text) parse5().defaultTreeAdapter.insertText(el, text);
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
  const { defaultTreeAdapter, parseFragment, serialize } = parse5();
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
