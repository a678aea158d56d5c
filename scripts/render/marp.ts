import type { Marp, MarpOptions } from '@marp-team/marp-core';
import type { ThemeSet } from '../themes.ts';
import { paparanMarp } from './engine.mjs';

/** Marp as paparan uses it, with our themes registered. */
export function createMarp(themes?: ThemeSet, options: MarpOptions = {}): Marp {
  const marp = paparanMarp(options);
  if (themes) for (const css of themes.themes.values()) marp.themeSet.add(css);
  return marp;
}
