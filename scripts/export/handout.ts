import type { HandoutOptions } from '../outline/types.ts';
import { notesHtml, pageDocument, slideSvgs } from './print.ts';
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

// Page content height in mm (paper minus @page margins), shared by every layout.
const CONTENT_HEIGHT = { a4: 297 - 34, letter: 279.4 - 34 };

/** N-up handout: slides (vectors, print theme) with notes, ruled lines or nothing beside or below them. */
export function handoutDocument(input: HandoutInput): string {
  const { perPage, mode, paper } = input.options;
  const svgs = slideSvgs(input.render);
  const pages: string[] = [];
  for (let start = 0; start < svgs.length; start += perPage) {
    const cells = svgs.slice(start, start + perPage).map((svg, k) => {
      const i = start + k;
      const annex =
        mode === 'notes'
          ? `<div class="annex notes">${input.notes[i] ? notesHtml(input.notes[i]!) : ''}</div>`
          : mode === 'lines'
            ? '<div class="annex lines"></div>'
            : '<div class="annex blank"></div>';
      return `<div class="cell"><div class="slide"><span class="number">${i + 1}</span>${svg}</div>${annex}</div>`;
    });
    pages.push(`<section class="page n${perPage} mode-${mode}" aria-label="${escapeHtml(input.label)} ${pages.length + 1}">${cells.join('')}</section>`);
  }
  const height = CONTENT_HEIGHT[paper] - 1;
  const css = `
.page { box-sizing: border-box; height: ${height}mm; display: grid; gap: 6mm; break-after: page; overflow: hidden; }
.page:last-child { break-after: auto; }
.n1 { grid-template-rows: 1fr; } .n2 { grid-template-rows: 1fr 1fr; } .n3 { grid-template-rows: repeat(3, 1fr); }
.n4 { grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr; } .n6 { grid-template-columns: 1fr 1fr; grid-template-rows: repeat(3, 1fr); }
.cell { display: flex; flex-direction: column; gap: 3mm; min-height: 0; overflow: hidden; }
.n3 .cell { flex-direction: row; gap: 6mm; }
.n3 .slide { width: 58%; flex: none; align-self: flex-start; }
.slide { position: relative; }
.number { position: absolute; left: -0.1mm; top: -4.2mm; font-size: 7.5pt; color: #666; }
.n1 .slide, .n2 .slide, .n4 .slide, .n6 .slide { width: 100%; }
.n2 .slide { width: 78%; }
.annex { flex: 1; min-height: 0; overflow: hidden; }
.lines { background: repeating-linear-gradient(to bottom, transparent 0, transparent 7.6mm, #9a9a9a 7.6mm, #9a9a9a 7.85mm); }
.notes { font-size: 10pt; line-height: 1.38; color: #222; }
.n4 .notes, .n6 .notes { font-size: 8.5pt; }
.notes p { margin: 0 0 0.4em; } .notes ul, .notes ol { margin: 0 0 0.4em; padding-left: 1.2em; }
.cell .slide { margin-top: 4.5mm; }
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

/** Shrinks the notes of any cell whose notes do not fit, so that no word is cut off. */
export const FIT_NOTES = `(() => {
  for (const el of document.querySelectorAll('.annex.notes')) {
    let size = parseFloat(getComputedStyle(el).fontSize);
    while (el.scrollHeight > el.clientHeight + 1 && size > 5) { size -= 0.5; el.style.fontSize = size + 'px'; }
  }
})()`;
