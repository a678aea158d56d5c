import { createRequire } from 'node:module';
import type { PDFArray, PDFDict, PDFDocument, PDFPage, PDFRef } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import { loadPage } from './browser.ts';

// Loaded on first use, through its CommonJS build (see browser.ts).
let lib: typeof import('pdf-lib') | undefined;
const pdfLib = () => (lib ??= createRequire(import.meta.url)('pdf-lib') as typeof import('pdf-lib'));

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  lang: string;
  /** Fixed creation and modification date, so that builds are reproducible. */
  date: Date;
  /** One bookmark per entry: its title and 0-based page. */
  bookmarks: { title: string; page: number }[];
}

/** Where a bookmark points: a page, or (from Chromium's outline) a page and the position of a heading on it. */
type Destination = { page: number; at?: PDFArray };

/** Prints an HTML document in the given page and returns the finished PDF bytes (metadata, bookmarks, fixed dates). */
export interface PrintOptions {
  /**
   * Runs once the page is loaded, before printing (to fit notes, or to measure the slides); may return what is known
   * only once the page is laid out (the bookmarks' pages).
   */
  afterLoad?: (page: Page) => Promise<Partial<PdfMeta> | void>;
  /**
   * For documents that flow over pages: each bookmark goes to the page (and the place on it) where Chromium printed
   * the heading with this text, in order; the bookmarks keep their own titles. Chromium's own outline loses the
   * space where a heading wraps ("…adalahancaman…"), so it only serves to find the headings; whitespace is ignored
   * in matching.
   */
  bookmarkHeadings?: string[];
}

export async function printPdf(page: Page, html: string, size: { width: string; height: string }, meta: PdfMeta, options: PrintOptions = {}): Promise<Uint8Array> {
  return (await printUnfinished(page, html, size, meta, options)).finish();
}

/**
 * Prints in the page and returns Chromium's PDF with what finishes it: `finish()` needs no page, so the page (and
 * its place among the pages at work) is given up before pdf-lib's work (~0.1–0.4 s a PDF), not after it.
 */
export async function printUnfinished(page: Page, html: string, size: { width: string; height: string }, meta: PdfMeta, options: PrintOptions = {}): Promise<{ finish: () => Promise<Uint8Array> }> {
  await loadPage(page, html);
  const measured = await options.afterLoad?.(page);
  const finalMeta = measured ? { ...meta, ...measured } : meta;
  const raw = await page.pdf({ width: size.width, height: size.height, printBackground: true, tagged: true, outline: options.bookmarkHeadings !== undefined, timeout: 0 });
  return { finish: () => finishPdf(raw, finalMeta, options.bookmarkHeadings) };
}

export async function finishPdf(raw: Uint8Array, meta: PdfMeta, bookmarkHeadings?: string[]): Promise<Uint8Array> {
  const lib = pdfLib();
  // pdf-lib yields to the event loop every few objects by default; here it works straight through.
  const pdf = await lib.PDFDocument.load(raw, { updateMetadata: false, parseSpeed: Infinity });
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  pdf.setLanguage(meta.lang);
  pdf.setCreator('paparan');
  pdf.setProducer('paparan (Chromium, pdf-lib)');
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  const at = bookmarkHeadings && headingDestinations(lib, pdf, bookmarkHeadings);
  addBookmarks(lib, pdf, meta.bookmarks.map((b, i) => at?.[i] ?? { page: b.page }), meta.bookmarks);
  dropUnsafeLinks(lib, pdf);
  return pdf.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/** The date written into PDFs: SOURCE_DATE_EPOCH, else the outline's date, else the epoch. */
export function reproducibleDate(outlineDate: string | undefined): Date {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH) return new Date(epoch * 1000);
  if (outlineDate) {
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(outlineDate.trim());
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)));
  }
  return new Date(0);
}

const SAFE_URI = /^(https?:|mailto:)/i;

/**
 * The PDF's own last line of defence, the same rule as the HTML's: a link annotation may open an http(s) or
 * mailto URL or go to a page of the document; any other action (javascript:, file:, Launch, JavaScript) goes.
 */
function dropUnsafeLinks(lib: typeof import('pdf-lib'), pdf: PDFDocument): void {
  const { PDFArray, PDFDict, PDFName, PDFString, PDFHexString } = lib;
  for (const page of pdf.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) continue;
    for (let i = annots.size() - 1; i >= 0; i--) {
      const action = annots.lookupMaybe(i, PDFDict)?.lookupMaybe(PDFName.of('A'), PDFDict);
      if (!action) continue;
      const kind = action.lookupMaybe(PDFName.of('S'), PDFName)?.asString();
      const uri = action.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString)?.decodeText() ?? '';
      if (kind !== '/URI' || !SAFE_URI.test(uri.trim())) annots.remove(i);
    }
  }
}

const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * The destinations of Chromium's outline (made from the document's headings), read in order and taken off the PDF:
 * for each of `headings`, the first item after the previous match whose title is that heading, spaces aside.
 */
function headingDestinations(lib: typeof import('pdf-lib'), pdf: PDFDocument, headings: string[]): (Destination | undefined)[] {
  const { PDFArray, PDFDict, PDFName, PDFRef, PDFString, PDFHexString } = lib;
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const items: { title: string; dest: PDFArray | undefined }[] = [];
  const refs = [pdf.catalog.get(PDFName.of('Outlines'))];
  const walk = (parent: PDFDict | undefined) => {
    for (let ref = parent?.get(PDFName.of('First')); ref instanceof PDFRef; ) {
      const item = pdf.context.lookup(ref, PDFDict);
      refs.push(ref);
      items.push({ title: item.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '', dest: item.lookupMaybe(PDFName.of('Dest'), PDFArray) });
      walk(item);
      ref = item.get(PDFName.of('Next'));
    }
  };
  walk(outlines);
  // Chromium's outline goes; ours takes its place.
  for (const ref of refs) if (ref instanceof PDFRef) pdf.context.delete(ref);
  pdf.catalog.delete(PDFName.of('Outlines'));
  const pageRefs = pdf.getPages().map((p) => p.ref.toString());
  let next = 0;
  return headings.map((heading) => {
    const want = squash(heading);
    const found = items.findIndex((item, i) => i >= next && squash(item.title) === want);
    if (found < 0) return undefined;
    next = found + 1;
    const dest = items[found]!.dest;
    const page = dest ? pageRefs.indexOf(String(dest.get(0))) : -1;
    return page < 0 ? undefined : { page, at: dest };
  });
}

function addBookmarks(lib: typeof import('pdf-lib'), pdf: PDFDocument, destinations: Destination[], bookmarks: PdfMeta['bookmarks']): void {
  const { PDFHexString, PDFName, PDFNumber } = lib;
  const pages = pdf.getPages();
  const items = bookmarks.map((b, i) => ({ title: b.title, dest: destinations[i]! })).filter((b) => pages[b.dest.page]);
  if (items.length === 0) return;
  const context = pdf.context;
  const outlinesRef = context.nextRef();
  const refs = items.map(() => context.nextRef());
  items.forEach((item, i) => {
    const page: PDFPage = pages[item.dest.page]!;
    const dict: Record<string, unknown> = {
      Title: PDFHexString.fromText(item.title || `${item.dest.page + 1}`),
      Parent: outlinesRef,
      Dest: item.dest.at ?? context.obj([page.ref, PDFName.of('XYZ'), null, null, null]),
    };
    if (i > 0) dict.Prev = refs[i - 1];
    if (i < items.length - 1) dict.Next = refs[i + 1];
    context.assign(refs[i]!, context.obj(dict as never) as unknown as PDFDict);
  });
  context.assign(
    outlinesRef,
    context.obj({ Type: 'Outlines', First: refs[0] as PDFRef, Last: refs[refs.length - 1] as PDFRef, Count: PDFNumber.of(items.length) }),
  );
  pdf.catalog.set(PDFName.of('Outlines'), outlinesRef);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
