import { withContentSecurityPolicy } from './csp.ts';
import { PRESENTER_CSS, presenterScripts, type PaceData } from './presenter.ts';
import { fontFaceCss, type ThemeSet } from '../themes.ts';
import { screenMarpFor } from '../render/marp.ts';
import { bespokeJs, bespokePage } from './bespoke-page.ts';
import { renderWithTheme, type MarpRender } from './slides.ts';

/**
 * Marp Markdown → the bespoke HTML (presenter view, notes) marp-cli writes, made self-contained: the theme's
 * fonts are inlined and images are already data: URIs.
 */
export function exportHtml(screen: MarpRender, pace?: PaceData): string {
  return finishHtml(bespokePage(screen), pace);
}

/** The page as marp-cli's bespoke template writes it, before paparan's scripts, policy and fonts. */
export const bespokeHtml = (markdown: string, themes: ThemeSet): string => bespokePage(renderWithTheme(screenMarpFor(themes), markdown));

/** The finished page for Marp Markdown (tests; a build passes the screen render it already has). */
export const markdownToHtml = (markdown: string, themes: ThemeSet, pace?: PaceData): string => exportHtml(renderWithTheme(screenMarpFor(themes), markdown), pace);

// The bespoke template builds its slide container in script; name it the page's main landmark once it exists.
const LANDMARK = `(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()`;

function finishHtml(html: string, pace?: PaceData): string {
  const presenter = presenterScripts(pace);
  const withLandmark = html.replace(/<\/body>(?![\s\S]*<\/body>)/, () => `<script>${LANDMARK}</script>${presenter.html}</body>`);
  // Every script of the page is one written here: bespoke.js, then ours (the slides went through the sanitizer,
  // which lets no script through; one that got in anyway would not be allowed to run). The fonts are only styles.
  const scripts = [bespokeJs(), LANDMARK, ...presenter.scripts];
  return withContentSecurityPolicy(withLandmark, scripts).replace('</head>', () => `<style id="paparan-fonts">${fontFaceCss(html)}</style><style id="paparan-presenter">${PRESENTER_CSS}</style></head>`);
}
