/**
 * The paparan theme (themes/paparan.css) in PowerPoint's terms. Colours are the CSS variables' values (a test checks
 * they match the CSS); sizes are CSS pixels of the 1280 × 720 slide, which is 13.333 × 7.5 in (LAYOUT_WIDE): one
 * pixel is 1/96 in and 0.75 pt.
 */
export const COLOURS = {
  bg: 'FAFAF7',
  fg: '1E2A2E',
  muted: '4D5B60',
  accent: '1F3B45',
  'accent-contrast': 'F5F3EC',
  highlight: 'B3541E',
  rule: 'D9DCD6',
  'code-bg': 'EEF0EA',
  'progress-fill': 'D3742C',
  'progress-track': 'E4E6E0',
} as const;
export type ColourName = keyof typeof COLOURS;

export const FONTS = { sans: 'Source Sans 3', serif: 'Source Serif 4', mono: 'JetBrains Mono' } as const;

/** Sizes in CSS pixels, as the theme sets them. */
export const SIZES = { body: 30, small: 24, h1: 46, h2: 34, footer: 20 } as const;

export const SLIDE = { width: 1280, height: 720, padX: 88, padTop: 58, padBottom: 84 } as const;

/** CSS pixels → inches. */
export const px = (value: number): number => Math.round((value / 96) * 10000) / 10000;
/** CSS pixels → points (font sizes). */
export const pt = (value: number): number => Math.round(value * 0.75 * 100) / 100;

/** The box of a slide's title (its `#` heading) and the rule under it. */
export const TITLE_BOX = { x: SLIDE.padX, y: 44, w: SLIDE.width - 2 * SLIDE.padX, h: 86 } as const;
export const TITLE_RULE_Y = 136;
/** The room for a slide's content, between the title's rule and the footer. */
export const CONTENT_BOX = { x: SLIDE.padX, y: 160, w: SLIDE.width - 2 * SLIDE.padX, h: 470 } as const;
