import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';
import { hyphenatedRuns, nobrPlugin, NOBR_CLASS } from '../render/nobr.mjs';
import { fontFaceCss } from '../themes.ts';
import { escapeHtml, type MarpRender } from './slides.ts';

/**
 * Notes are Markdown from the outline: rendered without raw HTML and without images (an image in the notes would
 * be fetched by the handout's page: `![x](url)` reads as a link instead), links kept as text colour only.
 * Hyphenated words (`kepentingan-kepentingan`) are kept on one line, as on the slides.
 */
// The CommonJS build, shared with marp-core's, instead of a second copy through the ESM loader.
let notesMarkdownIt: MarkdownItType | undefined;
// Typographic quotes as on the slides; the other typographer replacements ((c), --) stay off.
// Made on first use: only the printed outputs render notes.
const notesMarkdown = () => (notesMarkdownIt ??= new (createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType)({ html: false, linkify: false, typographer: true, quotes: '“”‘’' }).disable(['image', 'replacements']).use(nobrPlugin));

export function notesHtml(notes: string): string {
  return notesMarkdown().render(notes);
}

/** Plain text as HTML, its hyphenated words (`negara-negara`) kept on one line as in the notes and on the slides. */
export function nobrHtml(text: string): string {
  return hyphenatedRuns(text)
    .map((run: { text: string; whole: boolean }) => (run.whole ? `<span class="${NOBR_CLASS}">${escapeHtml(run.text)}</span>` : escapeHtml(run.text)))
    .join('');
}

/** A CSS string literal, safe for any text. */
export function cssString(text: string): string {
  return `"${[...text].map((c) => (/[\w .,:;!?()\u00C0-\uFFFF-]/u.test(c) && c !== '"' ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

/** Splits Marp's rendered HTML (its container `<div>` around the slides) into one `<svg data-marpit-svg>` per slide. */
function slideElements(html: string): string[] {
  const inner = html.replace(/^<div[^>]*>/, '').replace(/<\/div>\s*$/, '');
  return inner.split(/(?=<svg data-marpit-svg)/).filter((s) => s.startsWith('<svg'));
}

/**
 * Each slide in a container of its own, the render's (`<div class="marpit">`, or the screen render's `<div
 * id=":$p">`): Marp's CSS is scoped to the container, `div.marpit > svg`. The id repeats, which CSS still matches.
 */
export function slideSvgs(render: MarpRender): string[] {
  const container = /^<div[^>]*>/.exec(render.html)?.[0] ?? '<div class="marpit">';
  return slideElements(render.html).map((svg) => `${container}${svg}</div>`);
}

/** The content of each slide's `<svg data-marpit-svg>` in a render's HTML, in order (dev mode's page takes these). */
export function slideContents(html: string): string[] {
  return slideElements(html).map((svg) => svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, ''));
}

export interface PageFrame {
  lang: string;
  title: string;
  paper: 'a4' | 'letter';
  headerLeft: string;
  headerRight: string;
  footerLeft: string;
  marpCss: string;
  css: string;
  body: string;
}

export const PAPER = { a4: { width: '210mm', height: '297mm' }, letter: { width: '8.5in', height: '11in' } } as const;

/**
 * Page margins in whole CSS pixels (18.0, 14.0 and 15.9 mm), and the page's text block in whole pixels. Chromium
 * lays a page out at its width rounded up to a pixel but clips it at the exact width, so a box as wide as the
 * page lost its right border on Letter; the body is set to the text block's width rounded down instead, and
 * everything inside is placed on whole pixels, so that frames and rules print at one weight.
 */
export const MARGIN = { top: 68, side: 53, bottom: 60 } as const;
const PX_PER_MM = 96 / 25.4;
const PAPER_PX = { a4: { width: 210 * PX_PER_MM, height: 297 * PX_PER_MM }, letter: { width: 816, height: 1056 } } as const;
export const TEXT_BLOCK = {
  a4: { width: Math.floor(PAPER_PX.a4.width - 2 * MARGIN.side), height: Math.floor(PAPER_PX.a4.height - MARGIN.top - MARGIN.bottom) },
  letter: { width: Math.floor(PAPER_PX.letter.width - 2 * MARGIN.side), height: Math.floor(PAPER_PX.letter.height - MARGIN.top - MARGIN.bottom) },
} as const;

/** The frame drawn around every slide printed in a handout or the script: one pixel (0.75 pt), even on all sides. */
export const FRAME_COLOUR = '#b9b9b9';

/** A printable A4/letter document with a running header and a `n / N` footer drawn in our own fonts. */
export function pageDocument(frame: PageFrame): string {
  const size = PAPER[frame.paper];
  const { top, side, bottom } = MARGIN;
  return `<!DOCTYPE html><html lang="${escapeHtml(frame.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(frame.title)}</title>
<style>${fontFaceCss(frame.body)}</style><style>${frame.marpCss}</style>
<style>
@page { size: ${size.width} ${size.height}; margin: ${top}px ${side}px ${bottom}px;
  @top-left { content: ${cssString(frame.headerLeft)}; font: 600 9pt 'Source Sans 3'; color: #1f3b45; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: ${cssString(frame.headerRight)}; font: 400 9pt 'Source Sans 3'; color: #555; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: ${cssString(frame.footerLeft)}; font: 400 8.5pt 'Source Sans 3'; color: #555; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 400 8.5pt 'Source Sans 3'; color: #555; vertical-align: top; padding-top: 3mm; }
}
html, body { margin: 0; padding: 0; background: #fff; }
body { width: ${TEXT_BLOCK[frame.paper].width}px; font-family: 'Source Sans 3', sans-serif; color: #111; font-size: 10.5pt; line-height: 1.4; }
/* Marp's own print rules make every slide a full page; here slides are figures inside the page. Their widths are
   whole multiples of 16 px (so 16:9 heights are whole pixels too) and the frame is one pixel outside them. */
div.marpit > svg[data-marpit-svg] { display: block !important; width: 100% !important; height: auto !important; aspect-ratio: 16 / 9; break-before: auto !important; break-after: auto !important; page-break-before: auto !important; outline: 1px solid ${FRAME_COLOUR}; }
.${NOBR_CLASS} { white-space: nowrap; }
${frame.css}
</style></head><body>${frame.body}</body></html>`;
}
