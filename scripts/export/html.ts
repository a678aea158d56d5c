import { withContentSecurityPolicy } from './csp.ts';
import { PRESENTER_CSS, presenterScripts, type PaceData } from './presenter.ts';
import { fontFaceCss, type ThemeSet } from '../themes.ts';
import { screenMarpFor } from '../render/marp.ts';
import { bespokePage } from './bespoke-page.ts';
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
const LANDMARK = `<script>(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()</script>`;

function finishHtml(html: string, pace?: PaceData): string {
  const withLandmark = html.replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${LANDMARK}${presenterScripts(pace)}</body>`);
  // The policy hashes the scripts, so it is computed once the last script is in; the fonts are only styles.
  return withContentSecurityPolicy(withLandmark).replace('</head>', () => `<style id="paparan-fonts">${fontFaceCss(html)}</style><style id="paparan-presenter">${PRESENTER_CSS}</style></head>`);
}
