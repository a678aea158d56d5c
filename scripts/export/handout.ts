import type { HandoutOptions } from '../outline/types.ts';
import { notesHtml, pageDocument, slideSvgs, TEXT_BLOCK } from './print.ts';
import { escapeHtml, type MarpRender } from './slides.ts';

export interface HandoutInput {
  render: MarpRender;
  notes: string[];
  titles: string[];
  options: HandoutOptions;
  lang: string;
  title: string;
  footer: string;
  label: string;
}

/** The colour of the ruled lines (mode `lines`): one pixel (0.75 pt) each, on whole pixels. */
export const RULE_COLOUR = '#8c8c8c';

/**
 * One handout layout, in whole CSS pixels. Slide widths are multiples of 16 px, so their 16:9 heights are whole
 * pixels too; every box is placed on whole pixels, so frames and rules print at one weight.
 */
interface Layout {
  cols: number;
  rows: number;
  /** Slide width. */
  slide: number;
  /** Notes beside the slide (3-up) instead of below it. */
  beside: boolean;
  /** Gap between the slide and its notes or lines, and between columns and rows of cells. */
  annexGap: number;
  colGap: number;
  rowGap: number;
  /** Notes width (below the slide; capped at `measure` em so that lines stay 65–80 characters long). */
  notesWidth?: number;
  measure?: number;
  notesPt: number;
  /** Distance between ruled lines. */
  pitch: number;
}

// The slide number sits in a band of this height above each slide.
const LABEL = 16;

function layoutFor(perPage: HandoutOptions['perPage'], paper: HandoutOptions['paper']): Layout {
  const wide = TEXT_BLOCK[paper].width;
  switch (perPage) {
    // One slide as wide as the page allows; notes below it, left-aligned with it, in a measure of 32 em: lines of
    // about 70 characters (at most 80) in Source Sans 3.
    case 1:
      return { cols: 1, rows: 1, slide: Math.floor(wide / 16) * 16, beside: false, annexGap: 28, colGap: 0, rowGap: 0, notesWidth: 512, measure: 32, notesPt: 12, pitch: 30 };
    // Slide and notes share one centred column, 32 em of the notes wide.
    case 2:
      return { cols: 1, rows: 2, slide: 448, beside: false, annexGap: 20, colGap: 0, rowGap: 30, notesWidth: 448, measure: 32, notesPt: 10.5, pitch: 30 };
    case 3:
      return { cols: 1, rows: 3, slide: 400, beside: true, annexGap: 24, colGap: 0, rowGap: 24, notesPt: 9.5, pitch: 30 };
    case 4:
      return { cols: 2, rows: 2, slide: 320, beside: false, annexGap: 12, colGap: 32, rowGap: 30, notesPt: 9, pitch: 26 };
    case 6:
      return { cols: 2, rows: 3, slide: paper === 'letter' ? 304 : 320, beside: false, annexGap: 10, colGap: 32, rowGap: 20, notesPt: 8.5, pitch: 24 };
  }
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const place = (b: Box) => `left:${b.left}px;top:${b.top}px;width:${b.width}px;height:${b.height}px`;

/** Ruled lines at whole pixels: from the top to the bottom of a box beside a slide, or every `pitch` below one. */
export function ruleOffsets(height: number, pitch: number, beside: boolean): number[] {
  if (beside) {
    // The first line at the slide's top edge, the last at its bottom edge, evenly between.
    const n = Math.max(2, Math.round((height - 1) / pitch) + 1);
    return Array.from({ length: n }, (_, i) => Math.round((i * (height - 1)) / (n - 1)));
  }
  return Array.from({ length: Math.floor(height / pitch) }, (_, i) => (i + 1) * pitch - 1);
}

/** N-up handout: slides (vectors, print theme) with notes, ruled lines or nothing beside or below them. */
export function handoutDocument(input: HandoutInput): string {
  const { perPage, mode, paper } = input.options;
  const L = layoutFor(perPage, paper);
  const block = TEXT_BLOCK[paper];
  // A few pixels of slack under the page's text block, so that no cell spills onto a page of its own.
  const pageHeight = block.height - 4;
  const slideHeight = (L.slide * 9) / 16;
  const cellWidth = L.beside ? block.width : L.slide;
  const cellHeight = Math.floor((pageHeight - (L.rows - 1) * L.rowGap) / L.rows);
  const gridWidth = L.cols * cellWidth + (L.cols - 1) * L.colGap;
  const left0 = Math.floor((block.width - gridWidth) / 2);
  const slideBox: Box = { left: 0, top: LABEL, width: L.slide, height: slideHeight };
  const annex: Box = L.beside
    ? { left: L.slide + L.annexGap, top: LABEL, width: cellWidth - L.slide - L.annexGap, height: mode === 'lines' ? slideHeight : cellHeight - LABEL }
    : { left: 0, top: LABEL + slideHeight + L.annexGap, width: mode === 'notes' ? (L.notesWidth ?? L.slide) : L.slide, height: cellHeight - LABEL - slideHeight - L.annexGap };
  const rules = ruleOffsets(annex.height, L.pitch, L.beside)
    .map((y) => `<i style="top:${y}px"></i>`)
    .join('');
  const svgs = slideSvgs(input.render);
  const pages: string[] = [];
  for (let start = 0; start < svgs.length; start += perPage) {
    const cells = svgs.slice(start, start + perPage).map((svg, k) => {
      const i = start + k;
      const cell: Box = { left: left0 + (k % L.cols) * (cellWidth + L.colGap), top: Math.floor(k / L.cols) * (cellHeight + L.rowGap), width: cellWidth, height: cellHeight };
      const content =
        mode === 'notes' ? (input.notes[i] ? notesHtml(input.notes[i]!) : '') : mode === 'lines' ? rules : '';
      const side = mode === 'blank' ? '' : `<div class="annex ${mode}" style="${place(annex)}">${content}</div>`;
      return `<div class="cell" style="${place(cell)}"><span class="number">${i + 1}</span><div class="slide" style="${place(slideBox)}">${svg}</div>${side}</div>`;
    });
    pages.push(`<section class="page n${perPage} mode-${mode}" aria-label="${escapeHtml(input.label)} ${pages.length + 1}">${cells.join('')}</section>`);
  }
  const css = `
.page { position: relative; height: ${pageHeight}px; break-after: page; overflow: hidden; --notes-pt: ${L.notesPt}pt; }
.page:last-child { break-after: auto; }
.cell, .slide, .annex, .number, .lines i { position: absolute; }
.number { left: 0; top: 0; height: ${LABEL}px; line-height: ${LABEL}px; font-size: 7.5pt; color: #666; font-variant-numeric: tabular-nums; }
.annex { overflow: hidden; }
.notes { font-size: var(--notes-pt); line-height: 1.4; color: #222; hyphens: manual; }
${L.measure ? `.notes { max-width: ${L.measure}em; }` : ''}
.notes > :first-child { margin-top: 0; }
.notes p { margin: 0 0 0.45em; } .notes ul, .notes ol { margin: 0 0 0.45em; padding-left: 1.2em; }
.lines i { left: 0; right: 0; height: 0; border-top: 1px solid ${RULE_COLOUR}; }
`;
  return pageDocument({
    lang: input.lang,
    title: `${input.title} — ${input.label}`,
    paper,
    headerLeft: input.title,
    headerRight: input.label,
    footerLeft: input.footer,
    marpCss: input.render.css,
    css,
    body: pages.join(''),
  });
}

/**
 * Fits the notes of each page in one size: the largest size, in quarter points, at which every cell's notes on
 * that page fit, so that no word is cut off and no page mixes sizes.
 */
export const FIT_NOTES = `(() => {
  for (const page of document.querySelectorAll('.page')) {
    const notes = [...page.querySelectorAll('.annex.notes')];
    let pt = parseFloat(getComputedStyle(page).getPropertyValue('--notes-pt'));
    while (notes.some((el) => el.scrollHeight > el.clientHeight + 1) && pt > 5) {
      pt -= 0.25;
      page.style.setProperty('--notes-pt', pt + 'pt');
    }
  }
})()`;
