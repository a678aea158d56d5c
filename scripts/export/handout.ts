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
  /** Slide width; with notes below, it may narrow down to `narrowest` where that keeps a page's slides together. */
  slide: number;
  narrowest?: number;
  /** Notes beside the slide (3-up) instead of below it. */
  beside: boolean;
  /** Gap between the slide and its notes or lines, and between columns and rows of cells. */
  annexGap: number;
  colGap: number;
  rowGap: number;
  /** Notes below a slide in a measure of this many em, so that lines stay 65–80 characters long. */
  measure?: number;
  /** The notes' size, and the smallest they are set in to fit a page: below it, a cell grows instead. */
  notesPt: number;
  floorPt: number;
  /** Distance between ruled lines. */
  pitch: number;
}

// The slide number sits in a band of this height above each slide.
const LABEL = 16;
// With ruled lines, a 2-up slide leaves at least this much room under it: four lines.
const TWO_UP_ROOM = 120;

/** The height handed to the cells: a few pixels of slack under the page's text block, so that no cell spills over. */
const pageHeight = (paper: HandoutOptions['paper']) => TEXT_BLOCK[paper].height - 4;
const widest = (width: number) => Math.floor(width / 16) * 16;

function layoutFor({ perPage, paper, mode }: HandoutOptions): Layout {
  const wide = widest(TEXT_BLOCK[paper].width);
  switch (perPage) {
    // One slide as wide as the page allows; notes below it, left-aligned with it, in a measure of 32 em: lines of
    // about 70 characters (at most 80) in Source Sans 3.
    case 1:
      return { cols: 1, rows: 1, slide: wide, beside: false, annexGap: 28, colGap: 0, rowGap: 0, measure: 32, notesPt: 12, floorPt: 8, pitch: 30 };
    // Slides as wide as the text block, centred. With ruled lines below, narrower as far as four lines need; with
    // notes, as wide as keeps two slides on a page (down to the notes' 32 em, 448 px), the notes left-aligned with
    // the slide in the same measure as 1-up.
    case 2: {
      const rowGap = 30;
      const annexGap = 20;
      const cell = Math.floor((pageHeight(paper) - rowGap) / 2);
      const slide = mode === 'lines' ? Math.min(wide, widest(((cell - LABEL - annexGap - TWO_UP_ROOM) * 16) / 9)) : wide;
      const narrowest = mode === 'notes' ? 448 : undefined;
      return { cols: 1, rows: 2, slide, narrowest, beside: false, annexGap, colGap: 0, rowGap, measure: 32, notesPt: 10.5, floorPt: 8, pitch: 30 };
    }
    case 3:
      return { cols: 1, rows: 3, slide: 400, beside: true, annexGap: 24, colGap: 0, rowGap: 24, notesPt: 9.5, floorPt: 8, pitch: 30 };
    case 4:
      return { cols: 2, rows: 2, slide: 320, beside: false, annexGap: 12, colGap: 32, rowGap: 30, notesPt: 9, floorPt: 7, pitch: 26 };
    case 6:
      return { cols: 2, rows: 3, slide: paper === 'letter' ? 304 : 320, beside: false, annexGap: 10, colGap: 32, rowGap: 20, notesPt: 8.5, floorPt: 7, pitch: 24 };
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

/** What the page script (LAYOUT_HANDOUT) needs to lay the cells out again once the notes can be measured. */
interface PageLayout {
  blockWidth: number;
  slide: number;
  narrowest: number;
  beside: boolean;
  labelHeight: number;
  annexGap: number;
  cols: number;
  rows: number;
  left0: number;
  cellWidth: number;
  colGap: number;
  rowGap: number;
  cell: number;
  annexTop: number;
  pageHeight: number;
  notesPt: number;
  floorPt: number;
  label: string;
}

/**
 * N-up handout: slides (vectors, print theme) with notes, ruled lines or nothing beside or below them. Its classes
 * all start with `ho-`, so that none of its styles reaches into the slides it shows.
 */
export function handoutDocument(input: HandoutInput): string {
  const { perPage, mode, paper } = input.options;
  const L = layoutFor(input.options);
  const block = TEXT_BLOCK[paper];
  const height = pageHeight(paper);
  const slideHeight = (L.slide * 9) / 16;
  // A frame is drawn one pixel outside its slide: a slide on the text block's edge would lose that edge to the
  // page's margin, so every cell stays a pixel inside the block.
  const cellWidth = L.beside ? block.width - 2 : L.slide;
  const cellHeight = Math.floor((height - (L.rows - 1) * L.rowGap) / L.rows);
  const gridWidth = L.cols * cellWidth + (L.cols - 1) * L.colGap;
  const left0 = Math.max(1, Math.floor((block.width - gridWidth) / 2));
  const slideBox: Box = { left: 0, top: LABEL, width: L.slide, height: slideHeight };
  const annex: Box = L.beside
    ? { left: L.slide + L.annexGap, top: LABEL, width: cellWidth - L.slide - L.annexGap, height: mode === 'lines' ? slideHeight : cellHeight - LABEL }
    : { left: 0, top: LABEL + slideHeight + L.annexGap, width: L.slide, height: cellHeight - LABEL - slideHeight - L.annexGap };
  const rules = ruleOffsets(annex.height, L.pitch, L.beside)
    .map((y) => `<i style="top:${y}px"></i>`)
    .join('');
  const svgs = slideSvgs(input.render);
  const pages: string[] = [];
  for (let start = 0; start < svgs.length; start += perPage) {
    const cells = svgs.slice(start, start + perPage).map((svg, k) => {
      const i = start + k;
      const cell: Box = { left: left0 + (k % L.cols) * (cellWidth + L.colGap), top: Math.floor(k / L.cols) * (cellHeight + L.rowGap), width: cellWidth, height: cellHeight };
      const content = mode === 'notes' ? (input.notes[i] ? notesHtml(input.notes[i]!) : '') : mode === 'lines' ? rules : '';
      const side = mode === 'blank' ? '' : `<div class="ho-annex ho-${mode}" style="${place(annex)}">${content}</div>`;
      return `<div class="ho-cell" style="${place(cell)}"><span class="ho-number">${i + 1}</span><div class="ho-slide" style="${place(slideBox)}">${svg}</div>${side}</div>`;
    });
    pages.push(`<section class="ho-page" aria-label="${escapeHtml(input.label)} ${pages.length + 1}">${cells.join('')}</section>`);
  }
  const layout: PageLayout = {
    blockWidth: block.width, slide: L.slide, narrowest: L.narrowest ?? L.slide, beside: L.beside, labelHeight: LABEL, annexGap: L.annexGap,
    cols: L.cols, rows: L.rows, left0, cellWidth, colGap: L.colGap, rowGap: L.rowGap, cell: cellHeight, annexTop: annex.top,
    pageHeight: height, notesPt: L.notesPt, floorPt: L.floorPt, label: input.label,
  };
  const css = `
.ho-handout { --notes-pt: ${L.notesPt}pt; }
.ho-page { position: relative; height: ${height}px; break-after: page; overflow: hidden; }
.ho-page:last-child { break-after: auto; }
.ho-cell, .ho-slide, .ho-annex, .ho-number, .ho-lines i { position: absolute; }
.ho-number { left: 0; top: 0; height: ${LABEL}px; line-height: ${LABEL}px; font-size: 7.5pt; color: #666; font-variant-numeric: tabular-nums; }
.ho-annex { overflow: hidden; }
.ho-notes { font-size: var(--notes-pt); line-height: 1.4; color: #222; hyphens: manual; }
${L.measure ? `.ho-notes { max-width: ${L.measure}em; }` : ''}
.ho-notes > :first-child { margin-top: 0; } .ho-notes > :last-child { margin-bottom: 0; }
.ho-notes p { margin: 0 0 0.45em; } .ho-notes ul, .ho-notes ol { margin: 0 0 0.45em; padding-left: 1.2em; }
.ho-lines i { left: 0; right: 0; height: 0; border-top: 1px solid ${RULE_COLOUR}; }
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
    body: `<div class="ho-handout" data-layout="${escapeHtml(JSON.stringify(layout))}">${pages.join('')}</div>`,
  });
}

/**
 * Lays the handout's cells out on pages once their notes can be measured, and returns each slide's 0-based page.
 * A page's notes share one size: the largest, down to the layout's floor, at which every cell's notes on it fit.
 * Where they do not fit even at the floor, the cells grow (each row as tall as its notes need) and the rows that
 * no longer fit move to the next page. Only notes too long for a page of their own are set below the floor.
 * A 2-up slide with notes is as wide as it can be without adding a page (the notes' width does not change).
 */
export const LAYOUT_HANDOUT = `(() => {
  const root = document.querySelector('.ho-handout');
  const L = JSON.parse(root.dataset.layout);
  const cells = [...root.querySelectorAll('.ho-cell')];
  const notes = cells.map((cell) => cell.querySelector('.ho-annex.ho-notes'));
  const measured = new Map();
  // The height each cell's notes take at a size (0 without notes), measured with the box's height left free.
  const need = (pt) => {
    if (!measured.has(pt)) {
      root.style.setProperty('--notes-pt', pt + 'pt');
      const fixed = notes.map((n) => n && n.style.height);
      for (const n of notes) if (n) n.style.height = 'auto';
      measured.set(pt, notes.map((n) => (n ? Math.ceil(n.getBoundingClientRect().height) : 0)));
      notes.forEach((n, i) => n && (n.style.height = fixed[i]));
    }
    return measured.get(pt);
  };
  const sizes = (from, to) => { const out = []; for (let q = Math.round(from * 4); q >= Math.round(to * 4); q--) out.push(q / 4); return out; };
  const annexTopFor = (width) => (L.beside ? L.annexTop : L.labelHeight + (width * 9) / 16 + L.annexGap);
  const paginate = (width) => {
    const top = annexTopFor(width);
    const rowsFrom = (first) =>
      Array.from({ length: L.rows }, (_, r) => cells.map((_, i) => i).slice(first + r * L.cols, first + (r + 1) * L.cols)).filter((row) => row.length);
    const grown = (pt, rows) => rows.map((row) => Math.max(L.cell, top + Math.max(...row.map((i) => need(pt)[i]))));
    const total = (heights) => heights.reduce((a, b) => a + b, 0) + (heights.length - 1) * L.rowGap;
    const pages = [];
    for (let first = 0; first < cells.length; ) {
      const grid = rowsFrom(first);
      let pt = sizes(L.notesPt, L.floorPt).find((p) => grid.flat().every((i) => need(p)[i] <= L.cell - top + 1));
      let rows = grid;
      let heights = grid.map(() => L.cell);
      if (pt === undefined) {
        // As many rows as fit at the floor, grown to their notes; then the largest size at which those still fit.
        rows = grid.slice(0, Math.max(1, grid.findLastIndex((_, k) => total(grown(L.floorPt, grid.slice(0, k + 1))) <= L.pageHeight) + 1));
        const fits = (p) => total(grown(p, rows)) <= L.pageHeight;
        pt = sizes(L.notesPt, L.floorPt).find(fits) ?? sizes(L.floorPt - 0.25, 4).find(fits) ?? 4;
        heights = grown(pt, rows).map((h) => Math.min(h, L.pageHeight));
      }
      pages.push({ rows, heights, pt });
      first += rows.flat().length;
    }
    return pages;
  };
  let width = L.slide;
  let pages = paginate(width);
  if (L.narrowest < L.slide) {
    const fewest = paginate(L.narrowest).length;
    while (pages.length > fewest && width > L.narrowest) pages = paginate((width -= 16));
  }
  const cellWidth = L.beside ? L.cellWidth : width;
  const left0 = Math.max(1, Math.floor((L.blockWidth - L.cols * cellWidth - (L.cols - 1) * L.colGap) / 2));
  const annexTop = annexTopFor(width);
  const pageOf = [];
  const sections = pages.map((page, n) => {
    const section = document.createElement('section');
    section.className = 'ho-page';
    section.setAttribute('aria-label', L.label + ' ' + (n + 1));
    section.style.setProperty('--notes-pt', page.pt + 'pt');
    let top = 0;
    page.rows.forEach((row, r) => {
      row.forEach((i, c) => {
        const cell = cells[i];
        Object.assign(cell.style, { left: left0 + c * (cellWidth + L.colGap) + 'px', top: top + 'px', width: cellWidth + 'px', height: page.heights[r] + 'px' });
        if (!L.beside) {
          Object.assign(cell.querySelector('.ho-slide').style, { width: width + 'px', height: (width * 9) / 16 + 'px' });
          const annex = cell.querySelector('.ho-annex');
          if (annex) Object.assign(annex.style, { top: annexTop + 'px', width: width + 'px' });
        }
        if (notes[i]) notes[i].style.height = page.heights[r] - annexTop + 'px';
        section.append(cell);
        pageOf[i] = n;
      });
      top += page.heights[r] + L.rowGap;
    });
    return section;
  });
  root.replaceChildren(...sections);
  root.style.removeProperty('--notes-pt');
  return pageOf;
})()`;
