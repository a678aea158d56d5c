import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultTreeAdapter, html as parse5Html, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserSession, loadPage } from '../../scripts/export/browser.ts';
import { renderWithTheme } from '../../scripts/export/slides.ts';
import { prepare } from '../../scripts/prepare.ts';
import { renderDeck } from '../../scripts/render/deck.ts';
import type { Marp } from '@marp-team/marp-core';
import { createMarp } from '../../scripts/render/marp.ts';
import { sanitizeCss, sanitizeHtml, sanitizeStyleAttribute, type Removal } from '../../scripts/render/sanitize.mjs';
import { loadThemes } from '../../scripts/themes.ts';
import { deckWith, HOSTILE } from '../deck-helpers.ts';
import { outlineFrom, ROOT, tempProject, templates } from '../helpers.ts';

const { NS } = parse5Html;
type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.DocumentFragment;
type Element = DefaultTreeAdapterTypes.Element;

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The fragment a browser builds from `html` inside <body>. */
function parse(html: string): DefaultTreeAdapterTypes.DocumentFragment {
  return parseFragment(defaultTreeAdapter.createElement('body', NS.HTML, []), html, {});
}

function* elements(node: Node, ancestors: Element[] = []): Generator<{ el: Element; ancestors: Element[] }> {
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    if (!('tagName' in child)) continue;
    yield { el: child, ancestors };
    yield* elements(child, [...ancestors, child]);
  }
}

const attrName = (a: { name: string; prefix?: string }) => (a.prefix ? `${a.prefix}:${a.name}` : a.name);

/** Every node of the tree, one line each: depth, namespace, name, attributes (sorted) or text. */
function shape(html: string): string[] {
  const lines: string[] = [];
  const walk = (node: Node, depth: number) => {
    for (const child of 'childNodes' in node ? node.childNodes : []) {
      if ('tagName' in child) {
        const attrs = child.attrs.map((a) => `${attrName(a)}=${JSON.stringify(a.value)}`).sort();
        lines.push(`${depth} ${child.namespaceURI} ${child.tagName} ${attrs.join(' ')}`);
        walk(child, depth + 1);
      } else lines.push(`${depth} ${child.nodeName} ${'value' in child ? JSON.stringify(child.value) : ''}`);
    }
  };
  walk(parse(html), 0);
  return lines;
}

/** Where a URL starts once the URL parser has dropped what it ignores. */
const urlStart = (u: string) => u.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '').toLowerCase();
const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'object', 'embed', 'noscript', 'template', 'base', 'meta', 'link', 'form', 'input', 'button', 'textarea',
  'select', 'audio', 'video', 'source', 'track', 'picture', 'portal', 'frame', 'frameset', 'animate', 'set', 'animateMotion',
  'animateTransform', 'feImage', 'filter', 'xmp', 'plaintext', 'noembed', 'noframes',
]);

/** What must hold for any sanitized output, checked on the tree a browser builds from it. */
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  for (const { el, ancestors } of elements(parse(html))) {
    const tag = el.tagName;
    if (el.namespaceURI !== NS.HTML && el.namespaceURI !== NS.SVG) found.push(`foreign element ${tag}`);
    if (FORBIDDEN_ELEMENTS.has(tag)) found.push(`element ${tag}`);
    if (el.namespaceURI === NS.SVG && tag === 'style') found.push('svg style');
    if (el.namespaceURI === NS.HTML && tag === 'title') found.push('html title');
    if (tag === 'a' && (el.namespaceURI === NS.SVG || ancestors.some((a) => a.tagName === 'mjx-container'))) found.push('link in svg or math');
    if (tag === 'style') {
      const css = el.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
      if (sanitizeCss(css).removed.length) found.push(`style element ${css}`);
    }
    for (const a of el.attrs) {
      const name = attrName(a).toLowerCase();
      const url = urlStart(a.value);
      if (name.startsWith('on')) found.push(`handler ${name}`);
      if (/^(srcset|action|formaction|ping|background|poster|cite|srcdoc|data|to|from|values)$/.test(name)) found.push(`attribute ${name}`);
      if (name === 'style' && sanitizeStyleAttribute(a.value).removed.length) found.push(`style ${a.value}`);
      if (a.value.toLowerCase().includes('url(') && name !== 'style' && !/^(alt|title|aria-|data-(?!background))/.test(name) && sanitizeStyleAttribute(`x:${a.value}`).removed.length) found.push(`css url in ${name}`);
      if (name !== 'href' && name !== 'xlink:href' && name !== 'src') continue;
      const allowed =
        el.namespaceURI === NS.HTML && tag === 'a' && name === 'href'
          ? /^(https?:|mailto:|#)/.test(url)
          : tag === 'img' || tag === 'image'
            ? /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/.test(url)
            : el.namespaceURI === NS.SVG && url.startsWith('#');
      if (!allowed) found.push(`${tag} ${name}=${a.value}`);
    }
  }
  return found;
}

/** CSS escapes resolved (`\\75 rl(` is `url(`), for checking sanitized CSS independently of the sanitizer. */
const decodeEscapes = (css: string) => css.replace(/\\([0-9a-f]{1,6})[ \t\n]?|\\(.)/gis, (_m, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd) : ch!));

/** paparan's Marp (themes, options, plugins) as it renders before the sanitizer, which the engine may wrap around `render`. */
function rawMarp(themes?: Parameters<typeof createMarp>[0]): Marp {
  const marp = createMarp(themes);
  const render = (Object.getPrototypeOf(marp) as Marp).render;
  return Object.assign(Object.create(marp) as Marp, { render: (markdown: string, env?: unknown) => render.call(marp, markdown, env) });
}

const hasRemoval = (removed: Removal[], expected: Partial<Removal>) => removed.some((r) => Object.entries(expected).every(([k, v]) => r[k as keyof Removal] === v));

// ------------------------------------------------------------------------------------------- real decks

const DECK_THEMES = ['paparan', 'paparan-dark', 'paparan-print'];
const DECK_NAMES = ['kesimpulan', 'standard-marp'] as const;

/** The project's two real decks, prepared as a build does (the conclusion deck in a temp project). */
function prepareDeck(name: (typeof DECK_NAMES)[number]) {
  if (name === 'standard-marp') return prepare(join(ROOT, 'tests', 'fixtures', 'standard-marp', 'standard-marp.md'), { root: ROOT });
  const project = tempProject();
  return prepare(join(project, 'slides', 'kesimpulan.md'), { root: project });
}

let rendered: Map<string, { html: string; css: string }> | undefined;
/** `${deck} (${theme})` → Marp's render of it; rendered once, on first use. */
function realDecks(): Map<string, { html: string; css: string }> {
  rendered ??= new Map(
    DECK_NAMES.flatMap((name) => {
      const prepared = prepareDeck(name);
      return DECK_THEMES.map((theme) => [`${name} (${theme})`, renderWithTheme(rawMarp(prepared.themes), prepared.deck.markdown, theme)] as const);
    }),
  );
  return rendered;
}

describe('sanitizer on real decks', () => {
  for (const name of DECK_NAMES.flatMap((n) => DECK_THEMES.map((t) => `${n} (${t})`))) {
    it(`${name}: removes nothing, and a browser builds the same tree from what comes out`, () => {
      const deck = realDecks().get(name)!;
      const { html, removed } = sanitizeHtml(deck.html);
      expect(removed).toEqual([]);
      expect(shape(html)).toEqual(shape(deck.html));
      expect(sanitizeHtml(html).html).toBe(html);
      // viewBox keeps its SVG case; parse5 would have matched any case.
      expect(html).toContain('<svg data-marpit-svg="" viewBox="0 0 1280 720">');
      const css = sanitizeCss(deck.css);
      expect(css.removed).toEqual([]);
      expect(css.css).toBe(deck.css);
    });
  }

  it('the standard deck still has its math, code, table, images and backgrounds after sanitizing', () => {
    const deck = realDecks().get('standard-marp (paparan)')!;
    const tags = new Set([...elements(parse(sanitizeHtml(deck.html).html))].map(({ el }) => el.tagName));
    for (const tag of ['mjx-container', 'path', 'table', 'pre', 'code', 'img', 'figure', 'blockquote', 'foreignObject']) expect(tags).toContain(tag);
  });

  it('the embedded fonts and the theme files pass unchanged (theme files may @import another theme)', () => {
    const themes = loadThemes(join(ROOT, 'themes'));
    expect(sanitizeCss(themes.fontCss)).toEqual({ css: themes.fontCss, removed: [] });
    for (const name of ['paparan.css', 'paparan-dark.css', 'paparan-print.css']) {
      const css = readFileSync(join(ROOT, 'themes', name), 'utf8');
      expect(sanitizeCss(css, { themeImports: true })).toEqual({ css, removed: [] });
    }
  });

  for (const text of HOSTILE) {
    it(`a deck with ${JSON.stringify(text)} in every field: Marp already escaped it, nothing to remove`, () => {
      const { outline } = outlineFrom(deckWith(text));
      const { html, css } = rawMarp(loadThemes(join(ROOT, 'themes'))).render(renderDeck(outline, templates()).markdown);
      const result = sanitizeHtml(html);
      expect(result.removed).toEqual([]);
      expect(shape(result.html)).toEqual(shape(html));
      expect(sanitizeCss(css).removed).toEqual([]);
    });
  }
});

// ------------------------------------------------------------------------------------------- HTML attacks

interface Attack {
  name: string;
  html: string;
  /** A removal that must be reported. */
  removed?: Partial<Removal>;
  /** Text that must survive (content of an unwrapped element, a safe sibling). */
  keeps?: string;
  /** Text that must not survive in the output. */
  drops?: string;
}

const JS_LINKS = [
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\u0001javascript:alert(1)', 'jav&#x09;ascript:alert(1)',
  'jav&#x0A;ascript:alert(1)', 'jav&#x0D;ascript:alert(1)', 'jav&Tab;ascript:alert(1)', '&#106;avascript:alert(1)',
  '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)', 'javascript&colon;alert(1)', '\tjavascript:alert(1)',
  'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd', '//evil.example/', 'relative/page.html',
];

const ATTACKS: Attack[] = [
  ...JS_LINKS.map((href) => ({ name: `<a href="${href}">`, html: `<a href="${href}">link</a>`, removed: { kind: 'url', name: 'href' } as const, keeps: 'link' })),
  ...JS_LINKS.map((href) => ({ name: `<a href='${href}'> unquoted`, html: `<p><a href=${href.replace(/[\s<>]/g, '')}>link</a></p>`, removed: { kind: 'url', name: 'href' } as const, keeps: 'link' })),
  { name: 'script element', html: '<p>a</p><script>alert(1)</script>', removed: { kind: 'element', name: 'script' }, keeps: 'a', drops: 'alert' },
  { name: 'img onerror', html: '<img src=x onerror=alert(1)>', removed: { kind: 'attribute', name: 'onerror' } },
  { name: 'img with a remote src', html: '<img src="http://example.org/a.png" alt="A">', removed: { kind: 'url', name: 'src', url: 'http://example.org/a.png' }, keeps: 'alt="A"' },
  { name: 'img with a data:text/html src', html: '<img src="data:text/html,<script>alert(1)</script>">', removed: { kind: 'url', name: 'src' } },
  { name: 'img srcset', html: `<img src="${PNG}" srcset="http://example.org/a.png 2x">`, removed: { kind: 'url', name: 'srcset', url: 'http://example.org/a.png 2x' }, keeps: PNG },
  { name: 'svg onload', html: '<svg onload=alert(1)><rect width="1" height="1"></rect></svg>', removed: { kind: 'attribute', name: 'onload' }, keeps: '<rect' },
  { name: 'body onload', html: '<body onload=alert(1)><p>x</p>', keeps: 'x' },
  { name: 'details ontoggle', html: '<details open ontoggle=alert(1)><summary>s</summary></details>', removed: { kind: 'attribute', name: 'ontoggle' }, keeps: '<details open="">' },
  { name: 'input autofocus onfocus', html: '<input autofocus onfocus=alert(1)>', removed: { kind: 'element', name: 'input' } },
  { name: 'marquee onstart', html: '<marquee onstart=alert(1)>m</marquee>', removed: { kind: 'element', name: 'marquee' } },
  { name: 'mXSS: math mtext table mglyph style', html: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', removed: { kind: 'element', name: 'math' } },
  { name: 'mXSS: math with a comment in style', html: '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">', removed: { kind: 'element', name: 'math' } },
  { name: 'mXSS: svg, </p>, style', html: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">' },
  { name: 'mXSS: form in math', html: '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>', removed: { kind: 'element', name: 'form' } },
  { name: 'mXSS: noscript with a title', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', removed: { kind: 'element', name: 'noscript' } },
  { name: 'template', html: '<template><img src=x onerror=alert(1)></template><p>after</p>', removed: { kind: 'element', name: 'template' }, keeps: 'after' },
  { name: 'svg style', html: '<svg><style><img src=x onerror=alert(1)></style></svg>', removed: { kind: 'element', name: 'style' } },
  { name: 'script in foreignObject', html: '<svg><foreignObject><script>alert(1)</script><p>kept</p></foreignObject></svg>', removed: { kind: 'element', name: 'script' }, keeps: 'kept' },
  { name: 'img in svg desc', html: '<svg><desc><img src=x onerror=alert(1)></desc></svg>', removed: { kind: 'attribute', name: 'onerror' } },
  { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>alert(1)</script>"></iframe>', removed: { kind: 'element', name: 'iframe' } },
  { name: 'iframe javascript:', html: '<iframe src="javascript:alert(1)"></iframe>', removed: { kind: 'element', name: 'iframe', url: 'javascript:alert(1)' } },
  { name: 'object', html: '<object data="javascript:alert(1)"></object>', removed: { kind: 'element', name: 'object' } },
  { name: 'embed', html: '<embed src="http://example.org/x.swf">', removed: { kind: 'element', name: 'embed', url: 'http://example.org/x.swf' } },
  { name: 'frameset', html: '<frameset><frame src="http://example.org/"></frameset><p>p</p>', keeps: 'p' },
  { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>', removed: { kind: 'element', name: 'meta' }, keeps: 'x' },
  { name: 'base href', html: '<base href="http://evil.example/"><p>x</p>', removed: { kind: 'element', name: 'base', url: 'http://evil.example/' } },
  { name: 'link stylesheet', html: '<link rel=stylesheet href="http://example.org/a.css">', removed: { kind: 'element', name: 'link', url: 'http://example.org/a.css' } },
  { name: 'style @import url()', html: '<style>@import url(http://example.org/a.css);p{color:red}</style>', removed: { kind: 'css-rule', name: '@import', url: 'http://example.org/a.css' }, keeps: 'p{color:red}' },
  { name: 'style @import string, escaped', html: '<style>@\\69mport "http://example.org/a.css";</style>', removed: { kind: 'css-rule' }, drops: 'example.org' },
  { name: 'style background url', html: '<style>p{color:red;background:url(http://example.org/a.png)}</style>', removed: { kind: 'css-rule', name: 'background', url: 'http://example.org/a.png' }, keeps: 'color:red' },
  { name: 'style font-face', html: '<style>@font-face{font-family:x;src:url(http://example.org/f.woff2)}</style>', removed: { kind: 'css-rule', name: 'src', url: 'http://example.org/f.woff2' }, keeps: 'font-family:x' },
  { name: 'style attribute url', html: '<p style="background:url(http://example.org/a.png)">x</p>', removed: { kind: 'css-rule', name: 'background', url: 'http://example.org/a.png' }, drops: 'style=' },
  { name: 'style attribute escaped url', html: '<p style="color:red;b\\61 ckground:\\75rl(http://example.org/a.png)">x</p>', removed: { kind: 'css-rule', name: 'background', url: 'http://example.org/a.png' }, keeps: 'style="color:red"' },
  { name: 'style attribute expression', html: '<p style="width:expression(alert(1))">x</p>', removed: { kind: 'css-rule', name: 'width' } },
  { name: 'style attribute behavior', html: '<p style="behavior:url(x.htc)">x</p>', removed: { kind: 'css-rule', name: 'behavior' } },
  { name: 'style attribute -moz-binding', html: '<p style="-moz-binding:url(http://example.org/x.xml#b)">x</p>', removed: { kind: 'css-rule', name: '-moz-binding' } },
  { name: 'style attribute image-set', html: `<p style="background-image:image-set('http://example.org/a.png' 1x)">x</p>`, removed: { kind: 'css-rule', name: 'background-image', url: 'http://example.org/a.png' } },
  { name: 'style attribute breaking out of its block', html: '<p style="color:red}p{background:url(http://example.org/)">x</p>', removed: { kind: 'css-rule' }, drops: 'example.org' },
  { name: 'svg a xlink:href javascript:', html: '<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>', removed: { kind: 'element', name: 'a', url: 'javascript:alert(1)' }, keeps: '<text>t</text>' },
  { name: 'svg a href javascript:', html: '<svg><a href="javascript:alert(1)"><rect></rect></a></svg>', removed: { kind: 'element', name: 'a' }, keeps: '<rect>' },
  { name: 'svg a with https', html: '<svg><a href="https://example.org/"><rect></rect></a></svg>', removed: { kind: 'element', name: 'a' }, drops: 'example.org' },
  { name: 'svg animate to javascript:', html: '<svg><a><animate attributeName=href to=javascript:alert(1) /><text>t</text></a></svg>', removed: { kind: 'element', name: 'animate' }, keeps: 't' },
  { name: 'svg animate values', html: '<svg><animate attributeName="xlink:href" values="javascript:alert(1)"/></svg>', removed: { kind: 'element', name: 'animate' } },
  { name: 'svg set onload', html: '<svg><set attributeName="onload" to="alert(1)"/></svg>', removed: { kind: 'element', name: 'set' } },
  { name: 'svg animateMotion and animateTransform', html: '<svg><animateMotion dur="1s"/><animateTransform attributeName="transform"/></svg>', removed: { kind: 'element', name: 'animateMotion' } },
  { name: 'svg use remote', html: '<svg><use href="http://example.org/a.svg#a"/></svg>', removed: { kind: 'url', name: 'href', url: 'http://example.org/a.svg#a' } },
  { name: 'svg use xlink data:', html: '<svg><use xlink:href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#x"/></svg>', removed: { kind: 'url', name: 'xlink:href' } },
  { name: 'svg use in-page', html: '<svg><defs><path id="p" d="M0 0"></path></defs><use xlink:href="#p"></use></svg>', keeps: 'xlink:href="#p"' },
  { name: 'svg image remote', html: '<svg><image href="http://example.org/a.png"/></svg>', removed: { kind: 'url', name: 'href', url: 'http://example.org/a.png' } },
  { name: 'svg image xlink remote', html: '<svg><image xlink:href="http://example.org/a.png"/></svg>', removed: { kind: 'url', name: 'xlink:href' } },
  { name: 'svg image data:', html: `<svg><image href="${PNG}"></image></svg>`, keeps: PNG },
  { name: 'svg feImage', html: '<svg><filter><feImage href="http://example.org/a.png"/></filter></svg>', removed: { kind: 'element', name: 'filter' } },
  { name: 'svg script', html: '<svg><script href="data:,alert(1)"></script></svg>', removed: { kind: 'element', name: 'script' } },
  { name: 'svg fill url remote', html: '<svg><rect fill="url(http://example.org/a.svg#g)"></rect><rect fill="url(#g)"></rect></svg>', removed: { kind: 'url', name: 'fill', url: 'http://example.org/a.svg#g' }, keeps: 'fill="url(#g)"' },
  { name: 'svg style attribute url', html: '<svg><rect style="fill:url(http://example.org/a.svg#g)"></rect></svg>', removed: { kind: 'css-rule', name: 'fill' } },
  { name: 'svg xmlns elsewhere', html: '<svg xmlns="http://evil.example/"></svg>', removed: { kind: 'attribute', name: 'xmlns' } },
  { name: 'math href', html: '<math href="javascript:alert(1)"><mi>x</mi></math>', removed: { kind: 'element', name: 'math' } },
  { name: 'math maction', html: '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>', removed: { kind: 'element', name: 'math' } },
  { name: 'link inside mjx-container', html: '<mjx-container class="MathJax"><svg><a href="#x"><g></g></a></svg><foreignObject></foreignObject></mjx-container>', removed: { kind: 'element', name: 'a' } },
  { name: 'HTML link inside mjx-container', html: '<mjx-container><svg><foreignObject><a href="https://example.org/">y</a></foreignObject></svg></mjx-container>', removed: { kind: 'element', name: 'a', url: 'https://example.org/' }, keeps: 'y' },
  { name: 'button formaction', html: '<button formaction="javascript:alert(1)">b</button>', removed: { kind: 'element', name: 'button' } },
  { name: 'form action', html: '<form action="javascript:alert(1)"><p>f</p></form>', removed: { kind: 'element', name: 'form' } },
  { name: 'a ping', html: '<a href="https://example.org/" ping="http://example.org/track">x</a>', removed: { kind: 'url', name: 'ping' }, keeps: 'href="https://example.org/"' },
  { name: 'table background', html: '<table background="http://example.org/a.png"><tr><td>x</td></tr></table>', removed: { kind: 'url', name: 'background' }, keeps: '<td>x</td>' },
  { name: 'blockquote cite', html: '<blockquote cite="http://example.org/">q</blockquote>', removed: { kind: 'url', name: 'cite' }, keeps: 'q' },
  { name: 'video poster', html: '<video poster="http://example.org/a.png" src="http://example.org/a.mp4"></video>', removed: { kind: 'element', name: 'video' } },
  { name: 'audio', html: '<audio src="http://example.org/a.mp3" autoplay></audio>', removed: { kind: 'element', name: 'audio' } },
  { name: 'picture source', html: `<picture><source srcset="http://example.org/a.png"><img src="${PNG}"></picture>`, removed: { kind: 'element', name: 'picture' } },
  { name: 'portal', html: '<portal src="http://example.org/"></portal>', removed: { kind: 'element', name: 'portal' } },
  { name: 'xmp and plaintext', html: '<xmp><img src=x onerror=alert(1)></xmp><plaintext><img src=x onerror=alert(1)>', removed: { kind: 'element', name: 'xmp' } },
  { name: 'title, noembed, noframes', html: '<title><img src=x onerror=alert(1)></title><noembed><img src=x onerror=alert(1)></noembed><noframes><img src=x onerror=alert(1)></noframes>', removed: { kind: 'element', name: 'title' } },
  { name: 'comment', html: '<!-- <img src=x onerror=alert(1)> --><p>c</p>', removed: { kind: 'element', name: '#comment' }, keeps: 'c' },
  { name: 'CDATA in svg', html: '<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>', keeps: '&lt;img' },
  { name: 'unknown element is unwrapped', html: '<p><blink>b</blink><font color="red">f</font></p>', removed: { kind: 'element', name: 'blink' }, keeps: '<p>bf</p>' },
  { name: 'unwrapping that the parser would undo', html: '<h1><xyz><h2>x</h2></xyz></h1>', removed: { kind: 'element', name: 'xyz' } },
  { name: 'is= other than Marp', html: '<pre is="evil-pre">x</pre><pre is="marp-pre">y</pre>', removed: { kind: 'attribute', name: 'is' }, keeps: '<pre is="marp-pre">' },
  { name: 'Marpit background from elsewhere', html: '<section data-background-image="url(http://example.org/a.png)"></section>', removed: { kind: 'url', name: 'data-background-image', url: 'http://example.org/a.png' } },
  { name: 'xlink:href on HTML', html: '<a xlink:href="javascript:alert(1)">x</a>', removed: { kind: 'url', name: 'xlink:href' } },
  { name: 'area', html: '<map name="m"><area href="javascript:alert(1)"></map>', removed: { kind: 'element', name: 'map' } },
  { name: 'safe links stay', html: '<a href="https://example.org/a?b=c#d">x</a><a href="HTTP://EXAMPLE.ORG">y</a><a href="mailto:a@example.org">m</a><a href="#3">3</a>', keeps: 'href="mailto:a@example.org"' },
];

describe('sanitizeHtml against attacks', () => {
  for (const attack of ATTACKS) {
    it(attack.name, () => {
      const { html, removed } = sanitizeHtml(attack.html);
      expect(unsafeParts(html)).toEqual([]);
      expect(html).not.toMatch(/javascript:/i);
      expect(sanitizeHtml(html)).toEqual({ html, removed: [] });
      if (attack.removed) expect(hasRemoval(removed, attack.removed), JSON.stringify(removed)).toBe(true);
      if (attack.keeps) expect(html).toContain(attack.keeps);
      if (attack.drops) expect(html).not.toContain(attack.drops);
    });
  }

  it('MathJax links, javascript: or not, are taken out and the math stays', () => {
    const marp = rawMarp();
    for (const tex of ['\\href{javascript:alert(1)}{x}', '\\href{http://example.org/}{y}', 'x \\label{e} \\eqref{e}']) {
      const rendered = marp.render(`$$${tex}$$`).html;
      expect(rendered).toMatch(/<a href=/);
      const { html, removed } = sanitizeHtml(rendered);
      expect(unsafeParts(html)).toEqual([]);
      expect(html).not.toMatch(/<a[\s>]/);
      expect(removed.filter((r) => r.name === 'a').length).toBeGreaterThan(0);
      expect(html).toMatch(/<path data-c="/);
    }
  });

  it('MathJax output of every kind loses nothing: the allow-lists cover what it writes', () => {
    const marp = rawMarp();
    const formulas = [
      '\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}', '\\sqrt[3]{x}', '\\overline{ab}\\underbrace{x+y}_{n}', '\\cancel{x}', '\\boxed{z}',
      '\\color{red}{r}', '\\style{color:red}{s}', '\\class{cls}{c}', '\\cssId{myid}{i}', '\\text{日本語 teks}', '\\unicode{x263A}',
      '\\bbox[red,5px,border:2px solid blue]{b}', '\\enclose{circle}{q}', '\\mathbb{R}\\xrightarrow{abc}', '\\fbox{f}',
      '\\begin{array}{|c|c|}\\hline a & b \\\\ \\hline\\end{array}', '\\texttip{x}{y}', '\\unicode[Arial]{x41}', '\\colorbox{red}{x}',
      '\\left(\\frac{a}{b}\\right)', '\\begin{aligned}a&=b\\\\c&=d\\end{aligned}', '\\tag{1} x', '\\phantom{x}\\hphantom{y}', '\\hline',
    ];
    const rendered = marp.render(formulas.map((f) => `$$${f}$$\n\nInline $${f}$`).join('\n\n')).html;
    const { html, removed } = sanitizeHtml(rendered);
    expect(removed).toEqual([]);
    expect(shape(html)).toEqual(shape(rendered));
    const tags = new Set([...elements(parse(html))].map(({ el }) => el.tagName));
    for (const tag of ['line', 'polygon', 'ellipse', 'text', 'title', 'rect', 'svg']) expect(tags).toContain(tag);
  });

  it('a <style> can never be closed early by its own text', () => {
    const { html } = sanitizeHtml('<style>p::after{content:"</stylex"}</style><p>x</p>');
    expect(html).not.toContain('</stylex');
    expect(shape(html).filter((l) => l.includes('#text'))).toEqual(['1 #text "p::after{content:\\"\\\\3c /stylex\\"}"', '1 #text "x"']);
    expect(sanitizeHtml(html).html).toBe(html);
  });

  it('\\style and \\bbox CSS in MathJax goes through the style check', () => {
    const rendered = rawMarp().render('$$\\style{color:red;background:url(http://example.org/)}{s}$$').html;
    expect(rendered).toContain('url(http://example.org/)');
    const { html, removed } = sanitizeHtml(rendered);
    expect(html).toContain('color: red;');
    expect(html).not.toContain('example.org');
    expect(hasRemoval(removed, { kind: 'css-rule', name: 'background', url: 'http://example.org/' })).toBe(true);
  });

  it('keeps the newline a <pre> starts with, and stays idempotent', () => {
    const { html } = sanitizeHtml('<pre>\n\nx</pre>');
    expect(shape(html)).toEqual(shape('<pre>\n\nx</pre>'));
    expect(sanitizeHtml(html).html).toBe(html);
  });

  it('survives deep nesting and odd input without throwing', () => {
    const deep = 'x' + '<div>'.repeat(5000) + 'y' + '<svg><g>'.repeat(2000);
    const { html, removed } = sanitizeHtml(deep);
    expect(html).toMatch(/^x(<div>){256}<\/div>/);
    expect(hasRemoval(removed, { kind: 'element', name: 'div' })).toBe(true);
    expect(sanitizeHtml(html).html).toBe(html);
    for (const odd of ['', '\u0000', '<', '</', '<!', '&', '\uD800', '<svg', '<a href=', undefined as unknown as string, 42 as unknown as string]) {
      expect(() => sanitizeHtml(odd)).not.toThrow();
    }
  });
});

// ------------------------------------------------------------------------------------------- CSS

const THEME_LIKE = `/* @theme t */
/* @size 16:9 1280px 720px */
@charset "utf-8";
:root { --accent: #1f3a5f; }
section { font: 28px/1.4 'Source Sans 3', sans-serif; background: linear-gradient(90deg, var(--accent) 0 10%, #fff 0) }
section::after { content: attr(data-marpit-pagination) " / " attr(data-marpit-pagination-total) }
@media print { section { break-after: page } }
@font-face { font-family: f; src: url(data:font/woff2;base64,d09GMgABAAAAA) format('woff2'), url("data:application/font-woff;base64,AA") format('woff'); }
svg rect { fill: url(#g); mask: url( "#m" ) }
.bg { background-image: url("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>"), image-set("${PNG}" 1x) }
@page { size: 1280px 720px; margin: 0 }
@keyframes k { from { opacity: 0 } to { opacity: 1 } }
@supports (display: grid) { div { display: grid } }
@layer base { p { margin: 0 } }
@container (min-width: 10px) { p { margin: 0 } }
`;

interface CssAttack {
  name: string;
  css: string;
  removed: Partial<Removal>;
  keeps?: string;
}

const CSS_ATTACKS: CssAttack[] = [
  { name: '@import url()', css: '@import url(http://example.org/a.css);\np{color:red}', removed: { name: '@import', url: 'http://example.org/a.css', line: 1, column: 1 }, keeps: 'p{color:red}' },
  { name: '@import string', css: "p{color:red}\n  @import 'http://example.org/a.css';", removed: { name: '@import', url: 'http://example.org/a.css', line: 2, column: 3 } },
  { name: '@import of a theme without themeImports', css: "@import 'paparan';", removed: { name: '@import', url: 'paparan' } },
  { name: '@import-theme', css: "@import-theme 'http://example.org/';", removed: { name: '@import-theme' } },
  { name: 'background url', css: 'p {\n  color: red;\n  background: url(http://example.org/a.png);\n}', removed: { name: 'background', url: 'http://example.org/a.png', line: 3, column: 3 }, keeps: 'color: red;' },
  { name: 'URL in upper case, spaces, quotes', css: "p{background:URL(  'http://example.org/a.png'  )}", removed: { name: 'background', url: 'http://example.org/a.png' } },
  { name: 'escaped url(', css: 'p{background:\\75 rl(http://example.org/a.png)}', removed: { name: 'background', url: 'http://example.org/a.png' } },
  { name: 'escaped url( without space', css: 'p{background:u\\72l(http://example.org/a.png)}', removed: { name: 'background' } },
  { name: 'escaped property', css: 'p{b\\61 ckground:url(http://example.org/a.png)}', removed: { name: 'background' } },
  { name: 'escaped at-keyword', css: '@imp\\6f rt "http://example.org/a.css";', removed: { kind: 'css-rule' } },
  { name: 'escaped URL', css: 'p{background:url(ht\\74p://example.org/a.png)}', removed: { name: 'background', url: 'http://example.org/a.png' } },
  { name: 'protocol-relative', css: 'p{background:url(//example.org/a.png)}', removed: { name: 'background', url: '//example.org/a.png' } },
  { name: 'relative', css: 'p{background:url(a.png)}', removed: { name: 'background', url: 'a.png' } },
  { name: 'data: that is not an image', css: 'p{background:url("data:text/html,<script>alert(1)</script>")}', removed: { name: 'background' } },
  { name: 'image-set string', css: 'p{background-image:image-set("http://example.org/a.png" 1x)}', removed: { name: 'background-image', url: 'http://example.org/a.png' } },
  { name: '-webkit-image-set url', css: 'p{background-image:-webkit-image-set(url(http://example.org/a.png) 1x)}', removed: { name: 'background-image' } },
  { name: 'image-set through var()', css: 'p{--u:"http://example.net/u.png";background-image:image-set(var(--u) 1x)}', removed: { name: 'background-image' }, keeps: '--u:"http://example.net/u.png"' },
  { name: 'image()', css: "p{background-image:image('http://example.org/a.png')}", removed: { name: 'background-image' } },
  { name: 'cross-fade()', css: "p{background-image:cross-fade(url(http://example.org/a.png), url(#x))}", removed: { name: 'background-image' } },
  { name: 'src()', css: 'p{background-image:src("http://example.org/a.png")}', removed: { name: 'background-image', url: 'http://example.org/a.png' } },
  { name: 'custom property holding a URL', css: 'p{--x:url(http://example.org/a.png)}', removed: { name: '--x' } },
  { name: 'cursor', css: 'p{cursor:url(http://example.org/c.cur),auto}', removed: { name: 'cursor' } },
  { name: 'list-style', css: 'li{list-style:url(http://example.org/b.png)}', removed: { name: 'list-style' } },
  { name: 'border-image', css: 'p{border-image:url(http://example.org/b.png) 30}', removed: { name: 'border-image' } },
  { name: 'mask', css: 'p{mask:url(http://example.org/m.svg#m)}', removed: { name: 'mask' } },
  { name: 'expression()', css: 'p{width:expression(alert(1))}', removed: { name: 'width', url: 'expression(' } },
  { name: 'behavior', css: 'p{behavior:url(#default#time2)}', removed: { name: 'behavior' } },
  { name: '-moz-binding', css: 'p{-moz-binding:url(#x)}', removed: { name: '-moz-binding' } },
  { name: '@font-face with a remote src', css: "@font-face {\n  font-family: x;\n  src: url(http://example.org/f.woff2) format('woff2');\n}", removed: { name: 'src', url: 'http://example.org/f.woff2', line: 3, column: 3 }, keeps: 'font-family: x;' },
  { name: '@font-face with a local and a remote src', css: '@font-face{font-family:x;src:local(x),url(https://example.org/f.woff)}', removed: { name: 'src' } },
  { name: 'inside @media', css: '@media screen {\n  p { background: url(http://example.org/a.png) }\n}', removed: { name: 'background', line: 2, column: 7 }, keeps: '@media screen' },
  { name: '@-moz-document', css: '@-moz-document url-prefix() { p { color: red } }', removed: { name: '@-moz-document' } },
  { name: 'unknown at-rule', css: '@evil x;', removed: { name: '@evil' } },
  { name: '@namespace with a URL', css: '@namespace svg url(http://example.org/ns);', removed: { name: '@namespace' } },
  { name: 'string that the browser ends at the newline', css: 'p{content:"x\n;background:url(http://example.org/a.png);"}', removed: { name: 'content' } },
  { name: 'URL in a selector', css: 'p[title="url(http://example.org/)"]{color:red}', removed: { kind: 'css-rule' } },
  { name: 'url( in a string (where parsers disagree, a string is read as CSS)', css: 'p::after{content:"url(" attr(x) ")"}', removed: { name: 'content' } },
  { name: 'URL in a comment', css: '/* background: url(http://example.org/a.png) */ p{color:red}', removed: { name: '/* comment */' }, keeps: 'p{color:red}' },
  { name: 'unparsable', css: 'p{color:red}}\nq{background:url(http://example.org/)}', removed: { name: 'unparsable CSS', line: 1, column: 13 } },
];

describe('sanitizeCss', () => {
  it('keeps a theme-like stylesheet byte for byte: data: fonts and images, in-page #ids, @media, @font-face, @page', () => {
    expect(sanitizeCss(THEME_LIKE)).toEqual({ css: THEME_LIKE, removed: [] });
  });

  for (const attack of CSS_ATTACKS) {
    it(attack.name, () => {
      const { css, removed } = sanitizeCss(attack.css);
      expect(hasRemoval(removed, { kind: 'css-rule', ...attack.removed }), JSON.stringify(removed)).toBe(true);
      expect(css).not.toMatch(/example\.org\/(a|b|c|f|m)\.|expression|behavior|binding/);
      if (attack.keeps) expect(css).toContain(attack.keeps);
      expect(sanitizeCss(css)).toEqual({ css, removed: [] });
    });
  }

  it('keeps @import of another theme in theme files when asked, never a URL', () => {
    expect(sanitizeCss("@import 'paparan';\n@import \"paparan-dark\";", { themeImports: true }).removed).toEqual([]);
    for (const css of ["@import 'http://example.org/a.css';", '@import url(paparan);', "@import 'a.css';", "@import 'paparan' screen;"]) {
      expect(sanitizeCss(css, { themeImports: true }).css, css).toBe('');
    }
  });

  it('style attributes: declarations only', () => {
    expect(sanitizeStyleAttribute('--paginate:true;--footer:Kesimpulan: SCO · Penulis;width:160px;')).toEqual({ css: '--paginate:true;--footer:Kesimpulan: SCO · Penulis;width:160px;', removed: [] });
    expect(sanitizeStyleAttribute('color:red;background:url(http://example.org/)').css).toBe('color:red');
    const nested = sanitizeStyleAttribute('color:red;p{color:blue}');
    expect(nested.css).toBe('color:red');
    expect(nested.removed).toEqual([{ kind: 'css-rule', name: 'p', line: 1, column: 11 }]);
    expect(sanitizeStyleAttribute('@import url(x)').css).toBe('');
  });

  it('never throws', () => {
    for (const odd of ['', '}', '{', '/*', '"', 'url(', '\\', '@', 'a{'.repeat(20000), undefined as unknown as string]) {
      expect(() => sanitizeCss(odd)).not.toThrow();
      expect(() => sanitizeStyleAttribute(odd)).not.toThrow();
    }
  });
});

// ------------------------------------------------------------------------------------------- properties

const HTML_PIECES = [
  '<svg>', '</svg>', '<math>', '<mtext>', '<table>', '<mglyph>', '<style>', '</style>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">',
  '<a href="https://example.org/">', '</a>', '<p>', '</p>', '<h1>', '<h2>', '<xyz>', '</xyz>', '<pre>', '\n', '<!--', '-->', '<noscript>',
  '<template>', '<foreignObject>', '</foreignObject>', '<title>', '<desc>', '<select>', '<option>', '<textarea>', '<form>', '</form>',
  '<mjx-container>', '<li>', '<ul>', '<td>', '<tr>', '<b>', '<i>', '<font color=red>', '<![CDATA[', ']]>', '"', "'", '>', '<', '&', '&lt;',
  '<use href="#a">', '<image href=http://example.org/>', '<g fill="url(http://example.org/)">', '<div style="background:url(http://example.org/)">',
  '<marquee>', '<object>', '<caption>', '<ruby>', '<rt>', '<svg><a href="javascript:alert(1)">', '<animate attributeName=href to=javascript:alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>">', '<script>alert(1)</script>', 'p{background:url(http://example.org/)}', '@import "x";', 'text',
];

const CSS_PIECES = [
  'p', '{', '}', ';', ':', 'color:red', 'background:', 'url(', ')', '"', "'", '\\', '\\75 rl(', 'http://example.org/', 'data:image/png;base64,AA',
  '#g', '@import', '@media screen', '@font-face', 'src:', '/*', '*/', '\n', 'image-set(', 'var(--x)', 'expression(', ' ', ',',
];

describe('properties', () => {
  it('sanitizeHtml never throws, is idempotent, and what it returns is safe', () => {
    const soup = fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(...HTML_PIECES), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((p) => p.join('')),
      fc.string({ unit: 'binary', maxLength: 60 }),
    );
    fc.assert(
      fc.property(soup, (input) => {
        const once = sanitizeHtml(input);
        expect(sanitizeHtml(once.html).html).toBe(once.html);
        expect(unsafeParts(once.html)).toEqual([]);
      }),
      // A fixed seed: CI must not turn on chance; change it to explore further.
      { numRuns: 400, seed: 20261126 },
    );
  });

  // Regression (a fresh-clone run): `@media screen;:p` in a style attribute left `p`, which a second pass dropped.
  it('a removal that leaves unreadable text is settled in the same call', () => {
    const attr = sanitizeStyleAttribute('@media screen;:p');
    expect(sanitizeStyleAttribute(attr.css)).toEqual({ css: attr.css, removed: [] });
  });

  it('sanitizeCss never throws, is idempotent, and leaves no URL to fetch', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...CSS_PIECES), fc.string({ maxLength: 3 })), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(soup, (input) => {
        const once = sanitizeCss(input);
        expect(sanitizeCss(once.css)).toEqual({ css: once.css, removed: [] });
        // A function named url( — not part of a longer name such as screenurl( — that would fetch.
        expect(decodeEscapes(once.css)).not.toMatch(/(?<![\w-])(url|image-set|src)\(\s*['"]?\s*http/i);
        const attr = sanitizeStyleAttribute(input);
        expect(sanitizeStyleAttribute(attr.css)).toEqual({ css: attr.css, removed: [] });
      }),
      // A fixed seed: CI must not turn on chance; change it to explore further.
      { numRuns: 400, seed: 20261126 },
    );
  });
});

// ------------------------------------------------------------------------------------------- Chromium

describe('in Chromium', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  /** Loads a page and reports dialogs, handlers, script URLs and script-capable elements that made it into the DOM. */
  async function inspect(body: string, css = ''): Promise<{ dialogs: string[]; handlers: string[]; scriptUrls: string[]; elements: string[] }> {
    return browser.withPage(async (page) => {
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss().catch(() => undefined);
      });
      await loadPage(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`);
      // Give handlers, animations and refreshes a moment to fire.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      const found = await page.evaluate(() => {
        const all = [...document.body.querySelectorAll('*')];
        return {
          handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.localName} ${a.name}`)),
          scriptUrls: all.flatMap((el) => [...el.attributes].filter((a) => /^\s*(javascript|vbscript|data:text)/i.test(a.value.replace(/[\t\n\r]/g, ''))).map((a) => `${el.localName} ${a.name}=${a.value}`)),
          elements: all.filter((el) => /^(script|iframe|object|embed|frame|meta|base|link|form|animate|set|math)$/i.test(el.localName)).map((el) => el.localName),
        };
      });
      return { dialogs, ...found };
    });
  }

  it('a page full of sanitized attacks runs nothing and fetches nothing', async () => {
    const marp = rawMarp();
    const math = marp.render('$$\\href{javascript:alert(1)}{x} + \\href{http://example.org/}{y}$$').html;
    const html = sanitizeHtml([...ATTACKS.map((a) => a.html), math].join('\n')).html;
    const css = sanitizeCss(CSS_ATTACKS.map((a) => a.css).join('\n')).css;
    const result = await inspect(html, css);
    expect(result).toEqual({ dialogs: [], handlers: [], scriptUrls: [], elements: [] });
    expect(browser.blockedRequests).toEqual([]);
  });

  it('the same harness catches the attacks when they are not sanitized', async () => {
    const result = await inspect('<img src=x onerror=alert(1)><svg onload=alert(2)></svg><a href="javascript:alert(3)">x</a>');
    expect(result.dialogs.length).toBeGreaterThan(0);
    expect(result.handlers).toContain('img onerror');
    expect(result.scriptUrls.length).toBeGreaterThan(0);
    await expect(inspect('<img src="http://example.org/a.png">')).rejects.toThrow();
    expect(browser.blockedRequests.length).toBeGreaterThan(0);
  });

  it('Chromium builds the same DOM from a real deck before and after sanitizing', async () => {
    const decks = [...realDecks()].filter(([name]) => name.endsWith('(paparan)'));
    const pairs = decks.map(([, d]) => [d.html, sanitizeHtml(d.html).html] as const);
    const serialized = await browser.withPage((page) =>
      page.evaluate((list) => list.map((pair) => pair.map((html) => new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}`, 'text/html').body.innerHTML)), pairs as unknown as string[][]),
    );
    for (const [before, after] of serialized) expect(after).toBe(before);
  });
});
