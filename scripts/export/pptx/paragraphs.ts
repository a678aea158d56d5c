import type { Point } from '../../outline/types.ts';
import { COLOURS, FONTS, pt } from './theme.ts';
import { inlineRuns, type RunOptions, type RunStyle, type TextRun } from './text.ts';

/** How text is set: the font, its size in CSS pixels and colour; the language of the deck. */
export interface Look {
  font?: string;
  size: number;
  colour?: string;
  bold?: boolean;
  italic?: boolean;
  /** Colour of `**bold**` runs; the theme's highlight unless given (`null`: the text's own colour). */
  strong?: string | null;
  lang: string;
}

/** Inline Markdown in a look, as runs. */
export function runs(markdown: string, look: Look): TextRun[] {
  const style: RunStyle = {
    fontFace: look.font ?? FONTS.sans,
    fontSize: pt(look.size),
    color: look.colour ?? COLOURS.fg,
    bold: look.bold,
    italic: look.italic,
    strong: look.strong === null ? undefined : (look.strong ?? COLOURS.highlight),
    lang: look.lang,
  };
  return inlineRuns(markdown, style, FONTS.mono);
}

/**
 * One paragraph made of runs: its options (bullet, level, alignment, spacing) on its first run, where pptxgenjs reads
 * them, and the break after its last. An empty paragraph keeps one empty run, so it keeps its place and size.
 */
export function paragraph(items: TextRun[], options: RunOptions, look?: Look): TextRun[] {
  const list = items.length ? items.map((r) => ({ text: r.text, options: { ...r.options } })) : [{ text: '', options: look ? { fontSize: pt(look.size), fontFace: look.font ?? FONTS.sans } : {} }];
  // pptxgenjs starts a new paragraph at a change of alignment: every run carries the paragraph's.
  list.forEach((r, i) => (r.options = i === 0 ? { ...r.options, ...options } : { ...r.options, ...(options.align ? { align: options.align } : {}) }));
  list[list.length - 1]!.options!.breakLine = true;
  return list;
}

/** Paragraphs joined into one text frame's content (the last break is taken off). */
export function frame(paragraphs: TextRun[][]): TextRun[] {
  const all = paragraphs.flat();
  const last = all.at(-1);
  if (last?.options) delete last.options.breakLine;
  return all;
}

/** Bullets as paragraphs with their levels: a square for the first level, a ring for sub-bullets (level 2). */
export function bulletParagraphs(points: readonly Point[], look: Look): TextRun[][] {
  const out: TextRun[][] = [];
  const space = pt(look.size * 0.42);
  for (const point of points) {
    const text = typeof point === 'string' ? point : point.text;
    out.push(paragraph(runs(text, look), { bullet: { characterCode: '25A0', indent: pt(look.size * 1.2) }, paraSpaceAfter: space }));
    if (typeof point === 'string') continue;
    const sub: Look = { ...look, size: look.size * 0.86, colour: COLOURS.muted };
    for (const p of point.points) {
      out.push(paragraph(runs(p, sub), { bullet: { characterCode: '25CB', indent: pt(sub.size * 1.2) }, indentLevel: 1, paraSpaceAfter: pt(sub.size * 0.3) }));
    }
  }
  return out;
}

/** The deck's language as PowerPoint names it. */
export function officeLang(lang: string): string {
  return lang === 'id' ? 'id-ID' : lang === 'en' ? 'en-US' : lang;
}

/** A run of literal text (a separator such as ` · `), kept as it is. */
export function literal(text: string, look: Look): TextRun {
  const options: RunOptions = { fontFace: look.font ?? FONTS.sans, fontSize: pt(look.size), color: look.colour ?? COLOURS.fg, lang: look.lang };
  return { text, options };
}
