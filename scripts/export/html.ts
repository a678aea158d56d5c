import { contentSecurityPolicy } from './csp.ts';
import { PRESENTER_CSS, presenterScripts, type PaceData } from './presenter.ts';
import { fontFaceCss } from '../themes.ts';
import { bespokeJs, bespokePage } from './bespoke-page.ts';
import type { MarpRender } from './slides.ts';

// The bespoke template builds its slide container in script; name it the page's main landmark once it exists.
const LANDMARK = `(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()`;

/**
 * The screen render → the bespoke HTML (presenter view, notes) marp-cli writes, made self-contained: the theme's
 * fonts are inlined and images are already data: URIs. paparan's policy, styles and scripts go in at their places
 * in the template, so no text of the deck (a `</head>` in its CSS) can move them.
 */
export function exportHtml(screen: MarpRender, pace?: PaceData): string {
  const presenter = presenterScripts(pace);
  // Every script of the page is one written here: bespoke.js, then ours (the slides went through the sanitizer,
  // which lets no script through; one that got in anyway would not be allowed to run). The fonts are only styles,
  // chosen for the characters of marp-cli's page.
  const scripts = [bespokeJs(), LANDMARK, ...presenter.scripts];
  return bespokePage(screen, {
    headStart: contentSecurityPolicy(scripts),
    headEnd: `<style id="paparan-fonts">${fontFaceCss(bespokePage(screen))}</style><style id="paparan-presenter">${PRESENTER_CSS}</style>`,
    bodyEnd: `<script>${LANDMARK}</script>${presenter.html}`,
  });
}
