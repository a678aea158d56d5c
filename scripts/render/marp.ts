import type { Marp, MarpOptions } from '@marp-team/marp-core';
import type { ThemeSet } from '../themes.ts';
import { paparanMarp } from './engine.mjs';

let shared: { key: string; marp: Marp } | undefined;

/** One Marp instance per process (per theme set), shared by every output and the overflow check. */
export function marpFor(themes: ThemeSet): Marp {
  if (shared?.key !== themes.hash) shared = { key: themes.hash, marp: createMarp(themes) };
  return shared.marp;
}

/** Marp as paparan uses it, with our themes registered. */
export function createMarp(themes?: ThemeSet, options: MarpOptions = {}): Marp {
  const marp = paparanMarp(options);
  if (themes) for (const css of themes.themes.values()) marp.themeSet.add(css);
  return marp;
}
