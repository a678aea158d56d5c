import type { Marp } from '@marp-team/marp-core';
import { withContentSecurityPolicy } from './csp.ts';
import { PRESENTER_CSS, presenterScripts, type PaceData } from './presenter.ts';
import { fontFaceCss, type ThemeSet } from '../themes.ts';
import { createMarp } from '../render/marp.ts';
import { bespokePage } from './bespoke-page.ts';
import { pageMetaOf, pageMetaPlugin, transitionPlugin, transitionsOf } from '../render/bespoke/plugins.ts';

// marp-cli's bespoke render: its slide container, and its default language for a deck that names none.
const BESPOKE_OPTIONS = { container: { tag: 'div', id: ':$p' }, inlineSVG: true, slideContainer: [], lang: 'en-US' };

let shared: { key: string; marp: Marp } | undefined;

/** One Marp instance for the page per process (per theme set), with marp-cli's page metadata and transitions. */
function bespokeMarpFor(themes: ThemeSet): Marp {
  if (shared?.key !== themes.hash) {
    const marp = createMarp(themes, BESPOKE_OPTIONS);
    marp.use(pageMetaPlugin as never).use(transitionPlugin as never);
    shared = { key: themes.hash, marp };
  }
  return shared.marp;
}

/**
 * Marp Markdown → the bespoke HTML (presenter view, notes) marp-cli writes, made self-contained: the theme's
 * fonts are inlined and images are already data: URIs.
 */
export async function exportHtml(markdown: string, themes: ThemeSet, pace?: PaceData): Promise<string> {
  return finishHtml(bespokeHtml(markdown, themes), pace);
}

/** The page as marp-cli's bespoke template writes it, before paparan's scripts, policy and fonts. */
export function bespokeHtml(markdown: string, themes: ThemeSet): string {
  const marp = bespokeMarpFor(themes);
  // As marp-cli reads a file: a leading byte-order mark is not content.
  const { html, css, comments } = marp.render(markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown);
  return bespokePage({ html, css, comments, meta: pageMetaOf(marp as never), transitionStyle: transitionsOf(marp as never).builtinStyle });
}

// The bespoke template builds its slide container in script; name it the page's main landmark once it exists.
const LANDMARK = `<script>(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()</script>`;

function finishHtml(html: string, pace?: PaceData): string {
  const withLandmark = html.replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${LANDMARK}${presenterScripts(pace)}</body>`);
  // The policy hashes the scripts, so it is computed once the last script is in; the fonts are only styles.
  return withContentSecurityPolicy(withLandmark).replace('</head>', () => `<style id="paparan-fonts">${fontFaceCss(html)}</style><style id="paparan-presenter">${PRESENTER_CSS}</style></head>`);
}
