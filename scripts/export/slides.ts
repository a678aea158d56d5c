import type { Marp } from '@marp-team/marp-core';
import { fontFaceCss } from '../themes.ts';
import { pageMetaOf, transitionsOf, type PageMeta } from '../render/bespoke/plugins.ts';

export interface MarpRender {
  html: string;
  css: string;
  comments: string[][];
  /** The page's metadata from the deck's directives (the screen render only). */
  meta: PageMeta;
  /** The keyframes of the built-in transitions the deck uses (the screen render only). */
  transitionStyle: string;
}

export const SLIDE_SIZE = { width: 1280, height: 720 };

/** Renders Marp Markdown with the given theme in place of the deck's own. */
export function renderWithTheme(marp: Marp, markdown: string, theme?: string): MarpRender {
  const source = theme ? markdown.replace(/^theme: .*$/m, `theme: ${theme}`) : markdown;
  // As marp-cli reads a file: a leading byte-order mark is not content.
  const { html, css, comments } = marp.render(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  // The plugins leave what they read on the instance: it is taken at once, before another render.
  return { html, css, comments, meta: pageMetaOf(marp as never), transitionStyle: transitionsOf(marp as never).builtinStyle };
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
svg[data-marpit-svg]:last-of-type{break-after:auto}</style></head><body>${asPlainContainer(render.html)}</body></html>`;
}

/**
 * The render's container is no part of the document's structure: Chromium keeps an element with an id (the screen
 * render's, marp-cli's `:$p`, which its CSS names) as a level of the PDF's tag tree; `role="none"` keeps the slides
 * directly under the document.
 */
const asPlainContainer = (html: string) => html.replace(/^<div(?![^>]*\brole=)([^>]*)>/, '<div$1 role="none">');
