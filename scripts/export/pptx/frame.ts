import type { MasterObjects, Pptx, PptxSlide, RunOptions } from './types.ts';
import { COLOURS, FONTS, px, pt, SIZES, SLIDE, TITLE_BOX, TITLE_RULE_Y } from './theme.ts';
import { cleanLine } from './text.ts';

/** Layouts set on the accent colour, with light text. */
export const DARK_LAYOUTS = new Set(['section', 'standout']);
/** Layouts without the footer and the page number (their templates set `_paginate: false` and `_footer: ""`). */
export const BARE_LAYOUTS = new Set(['title', 'section', 'standout', 'closing']);

/** Where each layout's title placeholder sits and how it looks (CSS pixels). */
const TITLE_STYLES: Record<string, { y: number; h: number; size: number; align?: 'center'; valign?: 'top' | 'bottom' | 'middle'; colour?: keyof typeof COLOURS }> = {
  title: { y: 150, h: 190, size: 60, valign: 'bottom' },
  section: { y: 250, h: 150, size: 56, valign: 'bottom', colour: 'accent-contrast' },
  standout: { y: 200, h: 240, size: 52, align: 'center', valign: 'middle', colour: 'accent-contrast' },
  closing: { y: 210, h: 110, size: 64, valign: 'bottom' },
};

/** The name of the slide master of one of our layouts: `paparan-points`, `paparan-two-column`... */
export const masterName = (layout: string): string => `paparan-${layout}`;

/**
 * One slide master per layout, named after it, carrying the theme: the background, the title placeholder in its
 * place, size and colour, and the accent rule under the title (list layouts). A user's new slide on a master is in
 * style. `body` is the master of the Markdown body's slides (pictures).
 */
export function defineMasters(pptx: Pptx, layouts: Iterable<string>): void {
  for (const layout of [...layouts, 'body']) {
    const dark = DARK_LAYOUTS.has(layout);
    const style = TITLE_STYLES[layout] ?? { y: TITLE_BOX.y, h: TITLE_BOX.h, size: SIZES.h1, valign: 'bottom' as const };
    const objects: MasterObjects = [];
    if (layout !== 'body') {
      objects.push({
        placeholder: {
          options: {
            name: 'title',
            type: 'title',
            x: px(TITLE_BOX.x),
            y: px(style.y),
            w: px(layout === 'title' ? TITLE_BOX.w - 180 : TITLE_BOX.w),
            h: px(style.h),
            fontFace: FONTS.sans,
            fontSize: pt(style.size),
            color: COLOURS[style.colour ?? 'accent'],
            bold: true,
            align: style.align ?? 'left',
            valign: style.valign ?? 'bottom',
            margin: 0,
          },
          text: '',
        },
      });
    }
    if (!BARE_LAYOUTS.has(layout) && layout !== 'body') {
      objects.push({ line: { x: px(TITLE_BOX.x), y: px(TITLE_RULE_Y), w: px(TITLE_BOX.w), h: 0, line: { color: COLOURS.rule, width: pt(2) } } });
    }
    pptx.defineSlideMaster({ title: masterName(layout), background: { color: COLOURS[dark ? 'accent' : 'bg'] }, margin: 0, objects });
  }
}

/** The deck's footer (short title · author) on the left and `n / N` on the right, as the theme sets them. */
export function addFooter(slide: PptxSlide, footer: string, page?: { n: number; total: number }): void {
  const y = px(SLIDE.height - 26 - 30);
  const base = { y, h: px(30), fontFace: FONTS.sans, fontSize: pt(SIZES.footer), color: COLOURS.muted, margin: 0, valign: 'bottom' as const };
  if (footer) slide.addText(cleanLine(footer), { ...base, x: px(SLIDE.padX), w: px(SLIDE.width - SLIDE.padX - 200), fit: 'shrink', objectName: 'Footer' });
  if (page) slide.addText(`${page.n} / ${page.total}`, { ...base, x: px(SLIDE.width - SLIDE.padX - 150), w: px(150), align: 'right', objectName: 'Slide number' });
}

/** The progress bar at the bottom edge: the track across the slide, the orange fill as far as this slide. */
export function addProgress(slide: PptxSlide, fraction: number, dark: boolean): void {
  const h = px(6);
  const y = px(SLIDE.height - 6);
  // On the accent colour the track is white at 16 %, as in the theme.
  const track = dark ? { color: 'FFFFFF', transparency: 84 } : { color: COLOURS['progress-track'] };
  slide.addShape('rect', { x: 0, y, w: px(SLIDE.width), h, fill: track, line: { type: 'none' }, objectName: 'Progress track' });
  const w = Math.max(0, Math.min(1, fraction)) * SLIDE.width;
  if (w > 0) slide.addShape('rect', { x: 0, y, w: px(w), h, fill: { color: COLOURS['progress-fill'] }, line: { type: 'none' }, objectName: 'Progress' });
}

/** The small tag in the header of a backup slide. */
export function addBackupTag(slide: PptxSlide, label: string, dark: boolean): void {
  const colour = COLOURS[dark ? 'accent-contrast' : 'muted'];
  slide.addText(cleanLine(label).toUpperCase(), {
    x: px(SLIDE.padX),
    y: px(20),
    w: px(160),
    h: px(26),
    fontFace: FONTS.sans,
    fontSize: pt(15),
    bold: true,
    color: colour,
    charSpacing: 1,
    line: { color: colour, width: 1 },
    margin: [2, 6, 2, 6],
    valign: 'middle',
    objectName: 'Backup tag',
  });
}

/** A short orange bar (the title slide's, the section's and the standout's mark). */
export function addBar(slide: PptxSlide, x: number, y: number, w: number, h = 5): void {
  slide.addShape('rect', { x: px(x), y: px(y), w: px(w), h: px(h), fill: { color: COLOURS['progress-fill'] }, line: { type: 'none' } });
}
