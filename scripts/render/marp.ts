import { Marp, type MarpOptions } from '@marp-team/marp-core';
import type { ThemeSet } from '../themes.ts';

const SAFE_DATA_IMAGE = /^data:image\/(gif|png|jpeg|webp|svg\+xml);/i;
const BAD_PROTOCOL = /^(vbscript|javascript|file|data):/i;

/** Marp as paparan uses it: no remote emoji images, SVG data images allowed, our themes registered. */
export function createMarp(themes?: ThemeSet, options: MarpOptions = {}): Marp {
  const marp = new Marp({
    inlineSVG: true,
    emoji: { shortcode: true, unicode: false },
    math: 'mathjax',
    minifyCSS: false,
    script: false,
    ...options,
  });
  // An SVG in an <img> cannot run script, so embedded SVG figures are as safe as PNG ones.
  marp.markdown.validateLink = (url: string) => {
    const u = url.trim();
    return !BAD_PROTOCOL.test(u) || SAFE_DATA_IMAGE.test(u);
  };
  if (themes) for (const css of themes.themes.values()) marp.themeSet.add(css);
  return marp;
}

/** Engine for marp-cli (`--engine`), so its bespoke HTML renders exactly as our PDFs do. */
export default function engine(opts: MarpOptions) {
  return createMarp(undefined, { ...opts, inlineSVG: true, emoji: { shortcode: true, unicode: false }, script: false });
}
