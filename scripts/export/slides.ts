import type { Marp } from '@marp-team/marp-core';
import { fontFaceCss } from '../themes.ts';

export interface MarpRender {
  html: string;
  css: string;
  comments: string[][];
}

export const SLIDE_SIZE = { width: 1280, height: 720 };

/** Renders Marp Markdown with the given theme in place of the deck's own. */
export function renderWithTheme(marp: Marp, markdown: string, theme?: string): MarpRender {
  const source = theme ? markdown.replace(/^theme: .*$/m, `theme: ${theme}`) : markdown;
  const { html, css, comments } = marp.render(source);
  return { html, css, comments };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A printable page: one 1280×720 PDF page per slide. */
export function slidesDocument(render: MarpRender, lang: string, title: string): string {
  return `<!DOCTYPE html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${fontFaceCss(render.html)}</style><style>${render.css}</style>
<style>@page{size:${SLIDE_SIZE.width}px ${SLIDE_SIZE.height}px;margin:0}html,body{margin:0;padding:0;background:#fff}
svg[data-marpit-svg]{display:block;width:${SLIDE_SIZE.width}px;height:${SLIDE_SIZE.height}px;break-after:page}
svg[data-marpit-svg]:last-of-type{break-after:auto}</style></head><body>${render.html}</body></html>`;
}
