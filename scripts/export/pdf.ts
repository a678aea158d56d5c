import { createRequire } from 'node:module';
import type { PDFDict, PDFDocument, PDFPage, PDFRef } from 'pdf-lib';
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

/** Prints an HTML document in the given page and returns the finished PDF bytes (metadata, bookmarks, fixed dates). */
export interface PrintOptions {
  /** Runs once the page is loaded, before printing (to fit notes, or to measure the slides). */
  afterLoad?: (page: Page) => Promise<void>;
  /** Let Chromium make the bookmarks from the headings, for documents that flow over pages. */
  headingOutline?: boolean;
}

export async function printPdf(page: Page, html: string, size: { width: string; height: string }, meta: PdfMeta, options: PrintOptions = {}): Promise<Uint8Array> {
  await loadPage(page, html);
  await options.afterLoad?.(page);
  const raw = await page.pdf({ width: size.width, height: size.height, printBackground: true, tagged: true, outline: options.headingOutline ?? false, timeout: 0 });
  return finishPdf(raw, meta);
}

export async function finishPdf(raw: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
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
  addBookmarks(lib, pdf, meta.bookmarks);
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

function addBookmarks(lib: typeof import('pdf-lib'), pdf: PDFDocument, bookmarks: PdfMeta['bookmarks']): void {
  const { PDFHexString, PDFName, PDFNumber } = lib;
  const pages = pdf.getPages();
  const items = bookmarks.filter((b) => pages[b.page]);
  if (items.length === 0) return;
  const context = pdf.context;
  const outlinesRef = context.nextRef();
  const refs = items.map(() => context.nextRef());
  items.forEach((item, i) => {
    const page: PDFPage = pages[item.page]!;
    const dict: Record<string, unknown> = {
      Title: PDFHexString.fromText(item.title || `${item.page + 1}`),
      Parent: outlinesRef,
      Dest: context.obj([page.ref, PDFName.of('XYZ'), null, null, null]),
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
