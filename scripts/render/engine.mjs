// Plain JavaScript on purpose: marp-cli loads its engine with a bare import(), where no TypeScript loader runs.
import { createRequire, Module } from 'node:module';
import { nobrPlugin } from './nobr.mjs';
import { recentResults } from './recent.mjs';
import { sanitizeCss, sanitizeHtml } from './sanitize.mjs';

// require(), not import: marp-core is CommonJS, and this skips the ESM loader hooks of tsx. Loaded on first use:
// `check --no-overflow` and the draft never render, so they never load it.
let MarpClass;
const loadMarp = () => (MarpClass ??= withLazyMath(() => createRequire(import.meta.url)('@marp-team/marp-core')).Marp);

// marp-core requires MathJax (six entry modules, ~280 files) and KaTeX as it loads, ~170 ms of its ~290, though
// only a slide with math uses them. While marp-core loads, its requires of them get a stand-in that requires the
// real module on first use: a deck without math never loads them, and one with math gets the same modules.
const LAZY_MATH = /^(?:mathjax-full\/|katex$)/;

function withLazyMath(load) {
  const original = Module._load;
  Module._load = function lazyMathLoad(request, parent, isMain) {
    if (!LAZY_MATH.test(request) || !/[\\/]@marp-team[\\/]marp-core[\\/]/.test(parent?.filename ?? '')) return original.apply(this, arguments);
    let real;
    const module = () => (real ??= original.call(Module, request, parent, isMain));
    return new Proxy(
      {},
      {
        get: (_, key) => module()[key],
        has: (_, key) => key in module(),
        ownKeys: () => Reflect.ownKeys(module()),
        getOwnPropertyDescriptor: (_, key) => {
          const descriptor = Object.getOwnPropertyDescriptor(module(), key);
          // A proxy may not report a property as non-configurable that its (empty) target does not have.
          return descriptor && { ...descriptor, configurable: true };
        },
      },
    );
  };
  try {
    return load();
  } finally {
    Module._load = original;
  }
}

const SAFE_DATA_IMAGE = /^data:image\/(gif|png|jpeg|webp|svg\+xml);/i;
const BAD_PROTOCOL = /^(vbscript|javascript|file|data):/i;

/** First line of every speaker-notes comment paparan writes: such a comment is notes, never directives. */
export const NOTES_MARK = 'paparan-notes';
/** Title prefix of an image whose alt text travels outside Markdown (see `imageMarkdown`). */
export const ALT_MARK = 'paparan-alt:';

/** Marp options paparan always uses: no remote emoji images, no client script. */
export const MARP_OPTIONS = {
  inlineSVG: true,
  // Shortcodes off: outline text such as ":tada:" must stay literal. Unicode emoji render in Noto Emoji.
  emoji: { shortcode: false, unicode: false },
  math: 'mathjax',
  minifyCSS: false,
  script: false,
};

/**
 * Marpit reads every HTML comment as YAML and applies any mapping it finds as directives (`{ _class: x }`,
 * `? _header`, `style: ...`). Comments that start with NOTES_MARK are notes: their parsed directives are thrown
 * away before Marpit applies any, and the mark is taken off, so they reach the presenter view as plain text.
 */
function notesPlugin(md) {
  md.core.ruler.before('marpit_directives_global_parse', 'paparan_notes', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'marpit_comment') continue;
      const content = token.content;
      if (content !== NOTES_MARK && !content.startsWith(`${NOTES_MARK}\n`)) continue;
      token.meta = { ...token.meta, marpitParsedDirectives: {} };
      token.content = reflowNotes(content.slice(NOTES_MARK.length).trim());
    }
  });
}

/**
 * The presenter view shows notes as preformatted text: the outline's hard line breaks (wrapped to fit an editor)
 * would show as short ragged lines. Lines of one paragraph are joined; blank lines and list items stay.
 */
export function reflowNotes(text) {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim().replace(/[ \t]*\n[ \t]*(?!(?:[-*+]|\d+[.)])[ \t])/g, ' '))
    .join('\n\n');
}

/**
 * The page's own metadata (`<title>`, `lang`, the author, canonical and Open Graph links) comes from the outline's
 * checked fields, through the deck's front matter. The same directives written in a comment (in the body or a
 * layout) would override them, and marp-cli writes `url` and `image` into the page head unchecked
 * (`<link rel="canonical" href="javascript:...">`): they are dropped, and noted for `check`.
 */
const HEAD_DIRECTIVES = new Set(['title', 'description', 'author', 'keywords', 'url', 'image', 'lang']);

function headDirectivesPlugin(md) {
  md.core.ruler.before('marpit_directives_global_parse', 'paparan_head_directives', (state) => {
    for (const token of state.tokens) {
      const parsed = token.type === 'marpit_comment' ? token.meta?.marpitParsedDirectives : undefined;
      if (!parsed || typeof parsed !== 'object') continue;
      let dropped = false;
      for (const key of Object.keys(parsed)) {
        if (!HEAD_DIRECTIVES.has(key.replace(/^_/, ''))) continue;
        delete parsed[key];
        dropped = true;
        md.marpit.paparanDropped?.push({ kind: 'directive', name: key });
      }
      // A comment that was directives stays out of the speaker notes, as it would have.
      if (dropped) token.meta.marpitCommentParsed = 'paparan-dropped-directive';
    }
  });
}

/**
 * Marpit reads image keywords (`bg`, `w:20px`, `sepia`) from alt text, and `]` in alt text ends the image. So
 * paparan writes images with an empty alt and the real text, URI-encoded, in the title; it is put back here,
 * after Marpit has parsed the (empty) alt: alt text is text for screen readers, nothing else.
 */
function altPlugin(md) {
  md.core.ruler.after('inline', 'paparan_alt', (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'image') continue;
        const title = token.attrGet('title');
        if (!title?.startsWith(ALT_MARK)) continue;
        let alt = '';
        try {
          alt = decodeURIComponent(title.slice(ALT_MARK.length));
        } catch {
          // A malformed encoding came from a hand-written body, not from paparan: the alt stays empty.
        }
        token.attrs = token.attrs.filter(([name]) => name !== 'title');
        const text = new state.Token('text', '', 0);
        text.content = alt;
        token.children = [text];
        token.content = alt;
      }
    }
  });
}

/**
 * Marpit's inline comment rule searches the whole rest of the text for a comment at every `<!`, unanchored:
 * quadratic on a body of `<!` without `-->` (1 MB took minutes). It only runs where a comment starts and can end.
 */
function linearInlineComments(md) {
  const rule = md.inline.ruler.__rules__.find((r) => r.name === 'marpit_inline_comment');
  if (!rule) return;
  const original = rule.fn;
  const lastClose = new WeakMap();
  md.inline.ruler.at('marpit_inline_comment', (state, silent) => {
    if (!state.src.startsWith('<!--', state.pos)) return false;
    let close = lastClose.get(state);
    if (close === undefined) lastClose.set(state, (close = state.src.lastIndexOf('-->')));
    return close > state.pos && original(state, silent);
  });
}

/** An image in Marp Markdown whose alt text can never be read as Markdown or as Marpit image keywords. */
export function imageMarkdown(src, alt) {
  return `![](${src} "${ALT_MARK}${encodeURIComponent(alt)}")`;
}

// Marpit packs the theme with the deck's own styles through a dozen postcss plugins on every render (9 ms for the
// conclusion); a dev session renders the same deck again on every save. Packing is a pure function of the theme
// set, the theme's name and the options, so the result is kept for the last few of those.
const packed = recentResults(16);

function memoizePack(themeSet) {
  const pack = themeSet.pack.bind(themeSet);
  themeSet.pack = (name, opts = {}) => {
    let key;
    try {
      key = JSON.stringify([name, opts, themeSet.cssNesting, themeSet.default?.css ?? null, [...themeSet.themes()].map((theme) => [theme.name, theme.css])]);
    } catch {
      return pack(name, opts);
    }
    return packed(key, () => pack(name, opts));
  };
}

/** A Marp instance as paparan uses it; embedded SVG figures are allowed (an SVG in <img> cannot run script). */
export function paparanMarp(options = {}) {
  const Marp = loadMarp();
  const marp = new Marp({ ...options, ...MARP_OPTIONS });
  marp.markdown.validateLink = (url) => {
    const u = url.trim();
    return !BAD_PROTOCOL.test(u) || SAFE_DATA_IMAGE.test(u);
  };
  memoizePack(marp.themeSet);
  marp.use(notesPlugin).use(headDirectivesPlugin).use(altPlugin).use(linearInlineComments).use(nobrPlugin);
  // Typographic quotes and apostrophes ("Russia's" → Russia’s), as a typesetter would set them; the other
  // typographer replacements ((c) → ©, -- → –) would change what a student wrote, and stay off.
  marp.markdown.set({ typographer: true, quotes: '“”‘’' });
  marp.markdown.enable('smartquotes');
  // The one final pass: whatever made the HTML and CSS (templates, the Markdown body, math, themes), only what the
  // sanitizer's allow-lists accept reaches a page. What it took out is kept for `check` to report.
  const render = marp.render.bind(marp);
  marp.render = (markdown, env) => {
    marp.paparanDropped = [];
    const result = render(markdown, env);
    const html = sanitizeHtml(result.html);
    const css = sanitizeCss(result.css);
    marp.paparanRemoved = [...marp.paparanDropped, ...html.removed, ...css.removed];
    return { ...result, html: html.html, css: css.css };
  };
  return marp;
}

export default paparanMarp;
