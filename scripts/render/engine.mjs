// Plain JavaScript on purpose: marp-cli loads its engine with a bare import(), where no TypeScript loader runs.
import { createRequire } from 'node:module';

// require(), not import: marp-core is CommonJS, and this skips the ESM loader hooks of tsx.
const { Marp } = createRequire(import.meta.url)('@marp-team/marp-core');

const SAFE_DATA_IMAGE = /^data:image\/(gif|png|jpeg|webp|svg\+xml);/i;
const BAD_PROTOCOL = /^(vbscript|javascript|file|data):/i;

/** Marp options paparan always uses: no remote emoji images, no client script. */
export const MARP_OPTIONS = {
  inlineSVG: true,
  // Shortcodes off: outline text such as ":tada:" must stay literal. Unicode emoji render in Noto Emoji.
  emoji: { shortcode: false, unicode: false },
  math: 'mathjax',
  minifyCSS: false,
  script: false,
};

/** A Marp instance as paparan uses it; embedded SVG figures are allowed (an SVG in <img> cannot run script). */
export function paparanMarp(options = {}) {
  const marp = new Marp({ ...options, ...MARP_OPTIONS });
  marp.markdown.validateLink = (url) => {
    const u = url.trim();
    return !BAD_PROTOCOL.test(u) || SAFE_DATA_IMAGE.test(u);
  };
  return marp;
}

export default paparanMarp;
