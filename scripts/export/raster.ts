import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { loadPage } from './browser.ts';
import { SLIDE_SIZE, slidesDocument, type MarpRender } from './slides.ts';

/**
 * One PNG per slide, taken in paparan's own browser, whose pages refuse every request: the same sanitized slides
 * as the PDF, never marp-cli's browser (which would fetch whatever the deck names).
 */
export async function slidePngs(page: Page, render: MarpRender, lang: string, title: string): Promise<Map<string, Uint8Array>> {
  await page.setViewport({ ...SLIDE_SIZE, deviceScaleFactor: 1 });
  await loadPage(page, slidesDocument(render, lang, title));
  const slides = await page.$$('svg[data-marpit-svg]');
  const pngs = new Map<string, Uint8Array>();
  for (const [i, slide] of slides.entries()) {
    pngs.set(`deck.${String(i + 1).padStart(3, '0')}.png`, await slide.screenshot({ type: 'png' }));
  }
  return pngs;
}

export interface PptxMeta {
  title: string;
  author?: string;
  subject?: string;
  notes: string[];
}

/** A PowerPoint file with one full-slide picture per slide and the speaker notes beside each. */
export async function picturePptx(pngs: Map<string, Uint8Array>, meta: PptxMeta): Promise<Uint8Array> {
  // CommonJS build through require(), as for the other heavy packages (see browser.ts).
  const PptxGenJS = createRequire(import.meta.url)('pptxgenjs') as typeof import('pptxgenjs').default;
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_16x9';
  pptx.title = meta.title;
  if (meta.author) pptx.author = meta.author;
  if (meta.subject) pptx.subject = meta.subject;
  pptx.company = '';
  [...pngs.values()].forEach((png, i) => {
    const slide = pptx.addSlide();
    slide.addImage({ data: `image/png;base64,${Buffer.from(png).toString('base64')}`, x: 0, y: 0, w: '100%', h: '100%' });
    const notes = meta.notes[i];
    if (notes) slide.addNotes(notes);
  });
  return new Uint8Array((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
}
