import type { Marp, MarpOptions } from '@marp-team/marp-core';
import type { ThemeSet } from '../themes.ts';
import { pageMetaPlugin, transitionPlugin } from './bespoke/plugins.ts';
import { paparanMarp } from './engine.mjs';

let shared: { key: string; marp: Marp } | undefined;
let sharedScreen: { key: string; marp: Marp } | undefined;

/** One Marp instance per process (per theme set) for the printed slides (handout, script) and citations. */
export function marpFor(themes: ThemeSet): Marp {
  if (shared?.key !== themes.hash) shared = { key: themes.hash, marp: createMarp(themes) };
  return shared.marp;
}

// marp-cli's bespoke render: its slide container, and its default language for a deck that names none.
const SCREEN_OPTIONS = { container: { tag: 'div', id: ':$p' }, inlineSVG: true, slideContainer: [], lang: 'en-US' } as MarpOptions;

/**
 * One Marp instance per process (per theme set) for the slides as the screen shows them: rendered once for the
 * HTML page (as marp-cli's bespoke template renders it, with the page's metadata and transitions), the slides
 * PDF, the overflow check, the contact sheet and dev mode's page.
 */
export function screenMarpFor(themes: ThemeSet): Marp {
  if (sharedScreen?.key !== themes.hash) {
    const marp = createMarp(themes, SCREEN_OPTIONS);
    marp.use(pageMetaPlugin as never).use(transitionPlugin as never);
    sharedScreen = { key: themes.hash, marp };
  }
  return sharedScreen.marp;
}

/** Marp as paparan uses it, with our themes registered. */
export function createMarp(themes?: ThemeSet, options: MarpOptions = {}): Marp {
  const marp = paparanMarp(options);
  if (themes) for (const css of themes.themes.values()) marp.themeSet.add(css);
  return marp;
}
