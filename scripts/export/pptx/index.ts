import { createRequire } from 'node:module';
import { labelsFor } from '../../layouts.ts';
import type { PreparedDeck } from '../../prepare.ts';
import { outlineSlideAt } from '../../render/deck.ts';
import { reproducibleDate } from '../pdf.ts';
import { addBackupTag, addFooter, addProgress, BARE_LAYOUTS, DARK_LAYOUTS, defineMasters, masterName } from './frame.ts';
import { genericFill, LAYOUT_FILLS, type LayoutContext } from './layouts.ts';
import { reproduciblePackage } from './package.ts';
import { officeLang } from './paragraphs.ts';
import { cleanText, plainText } from './text.ts';
import { fillTitle } from './title.ts';

export interface EditablePptxOptions {
  /** The pictures of the Markdown body's slides, by their 0-based position in the rendered deck. */
  bodySlidePngs?: Map<number, Uint8Array>;
}

const FILLS: Record<string, (c: LayoutContext) => void> = { ...LAYOUT_FILLS, title: fillTitle };

/**
 * An editable PowerPoint file of a prepared deck, built from its outline: one slide per rendered slide in the deck's
 * order (main slides, the Markdown body's slides as pictures, backup slides), each on the slide master named after
 * its layout, with real text, the theme's colours and fonts, the footer, the progress bar and the speaker notes.
 * Identical input gives identical bytes.
 */
export async function editablePptx(prepared: PreparedDeck, options: EditablePptxOptions = {}): Promise<Uint8Array> {
  const { outline, deck: rendered, templates } = prepared;
  const { deck } = outline;
  const PptxGenJS = createRequire(import.meta.url)('pptxgenjs') as typeof import('pptxgenjs').default;
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = plainText(deck.title);
  if (deck.author) pptx.author = plainText(deck.author);
  if (deck.subtitle) pptx.subject = plainText(deck.subtitle);
  pptx.company = plainText(deck.institution ?? '');
  pptx.theme = { headFontFace: 'Source Sans 3', bodyFontFace: 'Source Sans 3' };
  defineMasters(pptx, new Set([...templates.layouts.keys(), ...outline.slides.map((s) => s.layout)]));

  const labels = labelsFor(templates, deck.lang);
  const sections = outline.slides.filter((s) => s.layout === 'section' && !s.backup).map((s) => ({ title: String(s.fields.title ?? ''), subtitle: typeof s.fields.subtitle === 'string' ? s.fields.subtitle : undefined }));
  const mainCount = outline.slides.filter((s) => !s.backup).length;
  const pageTotal = rendered.slides.filter((s) => !s.backup).length;
  const footer = [deck.shortTitle ?? deck.title, deck.author].filter((t): t is string => !!t).map(plainText).join(' \u00b7 ');

  rendered.slides.forEach((entry, position) => {
    const source = entry.layout === 'raw' ? undefined : outlineSlideAt(outline, position);
    if (!source) {
      const slide = pptx.addSlide({ masterName: masterName('body') });
      const png = options.bodySlidePngs?.get(position);
      if (png) slide.addImage({ data: `image/png;base64,${Buffer.from(png).toString('base64')}`, x: 0, y: 0, w: '100%', h: '100%', altText: cleanText(entry.title), objectName: 'Slide picture' });
      if (entry.notes) slide.addNotes(cleanText(entry.notes).trim());
      return;
    }
    const slide = pptx.addSlide({ masterName: masterName(source.layout) });
    const context: LayoutContext = { slide, fields: source.fields, deck, labels, sections, title: entry.title, lang: officeLang(deck.lang) };
    (FILLS[source.layout] ?? genericFill)(context);
    const dark = DARK_LAYOUTS.has(source.layout);
    if (source.backup) {
      addBackupTag(slide, labels.backup ?? 'Backup', dark);
      if (!BARE_LAYOUTS.has(source.layout)) addFooter(slide, footer);
    } else {
      if (!BARE_LAYOUTS.has(source.layout)) addFooter(slide, footer, { n: position + 1, total: pageTotal });
      // The title slide has no bar (its template turns the background off); every other main slide has one.
      if (source.layout !== 'title') addProgress(slide, (position + 1) / mainCount, dark);
    }
    if (source.notes) slide.addNotes(cleanText(source.notes).trim());
  });

  const bytes = (await pptx.write({ outputType: 'nodebuffer', compression: true })) as Buffer;
  return reproduciblePackage(new Uint8Array(bytes), reproducibleDate(deck.date));
}
