import type { MasterObjects, Pptx, PptxSlide, RunOptions } from './types.ts';
import type { Column, Deck, FieldValue, ImageRef, Point } from '../../outline/types.ts';
import { addBar } from './frame.ts';
import { bulletParagraphs, frame, literal, paragraph, runs, type Look } from './paragraphs.ts';
import { COLOURS, CONTENT_BOX, FONTS, px, pt, SIZES, SLIDE, TITLE_BOX } from './theme.ts';
import { cleanLine, plainText, type TextRun } from './text.ts';

/** What a layout needs to set one slide. */
export interface LayoutContext {
  slide: PptxSlide;
  fields: Record<string, FieldValue>;
  deck: Deck;
  labels: Record<string, string>;
  /** The main section slides, for the agenda. */
  sections: { title: string; subtitle?: string }[];
  /** The slide's plain title (as bookmarks show it), for layouts with no title field. */
  title: string;
  lang: string;
}

type Fill = (c: LayoutContext) => void;

const text = (c: LayoutContext, key: string): string | undefined => (typeof c.fields[key] === 'string' && c.fields[key] ? (c.fields[key] as string) : undefined);
const look = (c: LayoutContext, size: number, more: Partial<Look> = {}): Look => ({ size, lang: c.lang, ...more });

function title(c: LayoutContext, markdown: string, l: Partial<Look> & { size: number }): void {
  c.slide.addText(runs(markdown, look(c, l.size, { colour: COLOURS.accent, bold: true, ...l })), { placeholder: 'title' });
}

function box(c: LayoutContext, content: TextRun[], x: number, y: number, w: number, h: number, more: RunOptions = {}): void {
  if (content.length) c.slide.addText(content, { x: px(x), y: px(y), w: px(w), h: px(h), margin: 0, valign: 'top', ...more });
}

const C = CONTENT_BOX;

const points: Fill = (c) => {
  title(c, text(c, 'title') ?? c.title, { size: SIZES.h1 });
  const list = (c.fields.points as Point[] | undefined) ?? [];
  const nested = list.some((p) => typeof p !== 'string' && p.points.length > 0);
  const size = list.length <= 3 ? 37 : list.length === 4 ? 34 : list.length === 5 && !nested ? 32 : SIZES.body;
  box(c, frame(bulletParagraphs(list, look(c, size))), C.x, C.y, C.w, C.h, { valign: 'middle', fit: 'shrink' });
};

const twoColumn: Fill = (c) => {
  title(c, text(c, 'title') ?? c.title, { size: SIZES.h1 });
  const cols = [c.fields.left, c.fields.right] as (Column | undefined)[];
  const dense = cols.some((col) => col && (col.points.length > 3 || col.points.some((p) => typeof p !== 'string' && p.points.length > 0)));
  const size = dense ? 28 : 32;
  const gap = 64;
  const w = (C.w - gap) / 2;
  cols.forEach((col, i) => {
    if (!col) return;
    const x = C.x + i * (w + gap);
    box(c, frame([paragraph(runs(col.heading ?? '', look(c, dense ? 31 : 36, { colour: COLOURS.accent, bold: true })), {})]), x, C.y, w, 70, { valign: 'bottom', objectName: i === 0 ? 'Left heading' : 'Right heading' });
    c.slide.addShape('line', { x: px(x), y: px(C.y + 78), w: px(w), h: 0, line: { color: COLOURS['progress-fill'], width: pt(3) } });
    box(c, frame(bulletParagraphs(col.points, look(c, size))), x, C.y + 100, w, C.h - 100, { fit: 'shrink', objectName: i === 0 ? 'Left column' : 'Right column' });
  });
};

const agenda: Fill = (c) => {
  title(c, text(c, 'title') ?? c.labels.agenda ?? 'Agenda', { size: SIZES.h1 });
  const n = c.sections.length;
  const size = n > 12 ? 24 : n > 6 ? 28 : 34;
  const paragraphs = c.sections.flatMap((s, i) => {
    const number = runs(String(i + 1).padStart(2, '0'), look(c, size * 0.8, { colour: COLOURS.highlight, bold: true }));
    const head = paragraph([...number, { text: '\t', options: { fontSize: pt(size) } }, ...runs(s.title, look(c, size))], { tabStops: [{ position: px(size * 1.7) }], paraSpaceAfter: pt(size * 0.5) });
    const sub = s.subtitle && n <= 4 ? [paragraph(runs(s.subtitle, look(c, size * 0.72, { colour: COLOURS.muted })), { indentLevel: 1, paraSpaceAfter: pt(size * 0.5) })] : [];
    return [head, ...sub];
  });
  box(c, frame(paragraphs), C.x, C.y, C.w, C.h, { valign: 'middle', fit: 'shrink', objectName: 'Agenda' });
};

const section: Fill = (c) => {
  addBar(c.slide, SLIDE.padX, 220, 64);
  title(c, text(c, 'title') ?? c.title, { size: 56, colour: COLOURS['accent-contrast'], strong: null });
  const sub = text(c, 'subtitle');
  if (sub) box(c, frame([paragraph(runs(sub, look(c, 30, { colour: COLOURS['accent-contrast'], strong: null })), {})]), SLIDE.padX, 415, TITLE_BOX.w, 90, { objectName: 'Subtitle' });
};

const standout: Fill = (c) => {
  addBar(c.slide, (SLIDE.width - 64) / 2, 160, 64);
  title(c, text(c, 'message') ?? c.title, { size: 52, colour: COLOURS['accent-contrast'], strong: COLOURS['progress-fill'] });
  const by = text(c, 'attribution');
  if (by) box(c, frame([paragraph(runs(`\u2014\u00a0${by}`, look(c, SIZES.small, { colour: COLOURS['accent-contrast'] })), { align: 'center' })]), SLIDE.padX, 470, TITLE_BOX.w, 60, { objectName: 'Attribution' });
};

const quote: Fill = (c) => {
  const quoted = text(c, 'text') ?? '';
  box(c, [{ text: '\u201C', options: { fontFace: FONTS.serif, fontSize: pt(104), color: COLOURS['progress-fill'] } }], SLIDE.padX - 70, 130, 80, 120, { objectName: 'Quote mark' });
  box(c, frame([paragraph(runs(quoted, look(c, 40, { font: FONTS.serif, italic: true, colour: COLOURS.accent })), { lineSpacingMultiple: 1.1 })]), SLIDE.padX, 150, SLIDE.width - SLIDE.padX - 140, 330, { valign: 'bottom', fit: 'shrink', objectName: 'Quote' });
  const source = text(c, 'source');
  if (source) box(c, frame([paragraph(runs(`\u2014\u00a0${source}`, look(c, SIZES.small, { colour: COLOURS.muted })), {})]), SLIDE.padX, 500, SLIDE.width - SLIDE.padX - 140, 60, { objectName: 'Source' });
};

const closing: Fill = (c) => {
  title(c, text(c, 'title') ?? c.labels.thanks ?? 'Thank you', { size: 64 });
  const lines = [paragraph(runs(text(c, 'text') ?? c.labels.questions ?? '', look(c, 34, { colour: COLOURS.muted })), { paraSpaceAfter: pt(40) })];
  if (c.deck.author) {
    const who = runs(c.deck.author, look(c, SIZES.small, { colour: COLOURS.fg, bold: true }));
    const where = c.deck.institution ? [literal(' \u00b7 ', look(c, SIZES.small, { colour: COLOURS.muted })), ...runs(c.deck.institution, look(c, SIZES.small, { colour: COLOURS.muted }))] : [];
    lines.push(paragraph([...who, ...where], {}));
  }
  box(c, frame(lines), SLIDE.padX, 340, TITLE_BOX.w, 200, { objectName: 'Closing text' });
};

const references: Fill = (c) => {
  title(c, text(c, 'title') ?? c.labels.references ?? 'References', { size: SIZES.h1 });
  const entries = (c.fields.entries as Point[] | undefined) ?? [];
  const size = 20;
  // A hanging indent: pptxgenjs sets one through a bullet, here an invisible one (a no-break space).
  const paragraphs = entries.map((e) => paragraph(runs(typeof e === 'string' ? e : e.text, look(c, size)), { bullet: { characterCode: '00A0', indent: pt(size * 1.6) }, paraSpaceAfter: pt(size * 0.55) }));
  box(c, frame(paragraphs), C.x, C.y, C.w, C.h, { fit: 'shrink', objectName: 'References' });
};

/** A picture's size, contained in a box: a photo never larger than its pixels, a drawing as large as the box. */
export function fitImage(image: ImageRef, w: number, h: number): { w: number; h: number } {
  if (!image.width || !image.height) return { w, h };
  const scale = Math.min(w / image.width, h / image.height, image.mime === 'image/svg+xml' ? Infinity : 1);
  return { w: image.width * scale, h: image.height * scale };
}

export function addPicture(slide: PptxSlide, image: ImageRef, alt: string, x: number, y: number, w: number, h: number, name: string): void {
  const size = fitImage(image, w, h);
  slide.addImage({ data: `${image.mime};base64,${image.bytes.toString('base64')}`, x: px(x + (w - size.w) / 2), y: px(y + (h - size.h) / 2), w: px(size.w), h: px(size.h), altText: cleanLine(alt), objectName: name });
}

const image: Fill = (c) => {
  title(c, text(c, 'title') ?? c.title, { size: SIZES.h1 });
  const caption = text(c, 'caption');
  const credit = text(c, 'credit');
  const room = caption || credit ? 400 : 450;
  const src = c.fields.src as ImageRef | undefined;
  if (src) addPicture(c.slide, src, plainText(text(c, 'alt') ?? ''), C.x, C.y, C.w, room, 'Figure');
  const lines: TextRun[][] = [];
  if (caption) lines.push(paragraph(runs(caption, look(c, 21, { colour: COLOURS.muted })), { align: 'center' }));
  if (credit) lines.push(paragraph(runs(credit, look(c, 17, { colour: COLOURS.muted })), { align: 'center' }));
  box(c, frame(lines), C.x + 100, C.y + room + 10, C.w - 200, C.h - room, { fit: 'shrink', objectName: 'Caption' });
};

/** A layout of the project's own: its title, then each text field as a paragraph and each list as bullets. */
const generic: Fill = (c) => {
  title(c, text(c, 'title') ?? c.title, { size: SIZES.h1 });
  const paragraphs: TextRun[][] = [];
  for (const [key, value] of Object.entries(c.fields)) {
    if (key === 'title' || typeof value === 'boolean') continue;
    if (typeof value === 'string') paragraphs.push(paragraph(runs(value, look(c, SIZES.body)), { paraSpaceAfter: pt(18) }));
    else if (Array.isArray(value)) paragraphs.push(...bulletParagraphs(value, look(c, SIZES.body)));
    else if ('points' in value) {
      if (value.heading) paragraphs.push(paragraph(runs(value.heading, look(c, SIZES.h2, { colour: COLOURS.accent, bold: true })), {}));
      paragraphs.push(...bulletParagraphs(value.points, look(c, SIZES.body)));
    }
  }
  box(c, frame(paragraphs), C.x, C.y, C.w, C.h, { fit: 'shrink' });
};

export const LAYOUT_FILLS: Record<string, Fill> = { points, 'two-column': twoColumn, agenda, section, standout, quote, closing, references, image };
export const genericFill = generic;

