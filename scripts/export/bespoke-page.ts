// marp-cli's bespoke page (its Pug template, compiled into its bundle and not exported), written the same way:
// the same head, on-screen controls, notes and script, so that the presenter view and bespoke.js work as in
// marp-cli. After marp-cli 4.5.1's bespoke template (MIT, Copyright Marp team).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vendored from '../render/bespoke/marp-cli.json' with { type: 'json' };
import type { MarpRender } from './slides.ts';

let bespokeScript: string | undefined;
/** bespoke.js, the page's client (keys, overview, presenter view, transitions), as marp-cli ships it. */
export const bespokeJs = () => (bespokeScript ??= readFileSync(createRequire(import.meta.url).resolve('@marp-team/marp-cli/lib/bespoke.js'), 'utf8'));

// Pug's escaping: only these four characters.
const escape = (text: string) => text.replace(/["&<>]/g, (c) => ({ '"': '&quot;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const attr = (name: string, value: string | number | undefined) => (value === undefined ? '' : ` ${name}="${escape(String(value))}"`);

const CONTROLS =
  '<div class="bespoke-marp-osc"><button data-bespoke-marp-osc="prev" tabindex="-1" title="Previous slide">Previous slide</button><span data-bespoke-marp-osc="page"></span><button data-bespoke-marp-osc="next" tabindex="-1" title="Next slide">Next slide</button><button data-bespoke-marp-osc="fullscreen" tabindex="-1" title="Toggle fullscreen (f)">Toggle fullscreen</button><button data-bespoke-marp-osc="overview" tabindex="-1" title="Toggle overview view (o)">Toggle overview view</button><button data-bespoke-marp-osc="presenter" tabindex="-1" title="Open presenter view (p)">Open presenter view</button></div>';

/** What paparan adds to marp-cli's page, each at its place in the template (never found by searching the page). */
export interface PageAdditions {
  /** First in `<head>` (the Content-Security-Policy). */
  headStart?: string;
  /** Last in `<head>`, after the deck's styles. */
  headEnd?: string;
  /** Last in `<body>`, after bespoke.js. */
  bodyEnd?: string;
}

/** marp-cli's bespoke page for a screen render; without `add`, byte for byte the page marp-cli writes. */
export function bespokePage(input: MarpRender, add: PageAdditions = {}): string {
  const { meta } = input;
  const head: string[] = [];
  if (meta.title) head.push(`<title>${escape(meta.title)}</title><meta property="og:title"${attr('content', meta.title)}>`, meta.image ? `<meta property="og:image:alt"${attr('content', meta.title)}>` : '');
  if (meta.author) head.push(`<meta name="author"${attr('content', meta.author)}><meta property="article:author"${attr('content', meta.author)}>`);
  if (meta.description) head.push(`<meta name="description"${attr('content', meta.description)}><meta property="og:description"${attr('content', meta.description)}>`);
  // marp-cli writes keywords only when there are two or more.
  if (meta.keywords && meta.keywords.length > 1) head.push(`<meta name="keywords"${attr('content', meta.keywords.join(','))}>`);
  if (meta.url) head.push(`<link rel="canonical"${attr('href', meta.url)}><meta property="og:url"${attr('content', meta.url)}>`);
  if (meta.image) head.push(`<meta property="og:image"${attr('content', meta.image)}>`);
  const card = meta.title && meta.image ? 'summary_large_image' : 'summary';
  const notes = input.comments
    .map((comments, index) => (comments.length > 0 ? `<div class="bespoke-marp-note"${attr('data-index', index)} tabindex="0">${comments.map((c) => `<p>${escape(c)}</p>`).join('')}</div>` : ''))
    .join('');
  return (
    `<!DOCTYPE html><html${attr('lang', meta.lang || undefined)}><head>${add.headStart ?? ''}${head.join('')}` +
    '<meta charset="UTF-8"><meta name="viewport" content="width=device-width,height=device-height,initial-scale=1.0"><meta name="apple-mobile-web-app-capable" content="yes"><meta http-equiv="X-UA-Compatible" content="ie=edge"><meta property="og:type" content="website">' +
    `<meta name="twitter:card" content="${card}"><style>${vendored.css}</style>${input.transitionStyle ? `<style>${input.transitionStyle}</style>` : ''}<style>${input.css}</style>${add.headEnd ?? ''}</head>` +
    `<body>${CONTROLS}${input.html}${notes}<script>${bespokeJs()}</script>${add.bodyEnd ?? ''}</body></html>`
  );
}
