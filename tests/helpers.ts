import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { loadTemplates } from '../scripts/layouts.ts';
import { loadOutline } from '../scripts/outline/load.ts';
import { validateOutline } from '../scripts/outline/validate.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const templates = () => loadTemplates(join(ROOT, 'templates'));

/** Loads and validates an in-memory outline against the real templates. */
export function outlineFrom(source: string, file = 'slides/test.md') {
  return validateOutline(loadOutline(source, file), templates(), { root: ROOT });
}

/** A minimal valid outline with the given slides (YAML list items, indented by two spaces). */
export function deckSource(slides: string, extra = ''): string {
  return `---\ntitle: "Uji"\nauthor: "Penguji"\nlang: id\n${extra}slides:\n${slides}\n---\n`;
}

export function tempDir(prefix = 'paparan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A throwaway copy of the project's sources to build in: templates, themes and the conclusion deck only, so
 * that no test depends on whatever else a user keeps in slides/.
 */
export function tempProject(): string {
  const dir = tempDir('paparan-project-');
  for (const d of ['templates', 'themes']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  cpSync(join(ROOT, 'slides', 'kesimpulan.md'), join(dir, 'slides', 'kesimpulan.md'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

// PDFs are read back with npm packages only (pdf.js for text, pdf-lib for fonts), so `npm test` needs nothing from apt.

async function openPdf(file: string) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
}

/** Each page's text in content-stream order, so a slide thumbnail never splits the notes beside it. */
export async function pdfPageTexts(file: string): Promise<string[]> {
  const doc = await openPdf(file);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

export async function pdfText(file: string): Promise<string> {
  return (await pdfPageTexts(file)).join('\f');
}

export async function pdfInfo(file: string): Promise<{ pages: number; width: number; height: number; title?: string; author?: string }> {
  const doc = await openPdf(file);
  const page = await doc.getPage(1);
  const [x0, y0, x1, y1] = page.view as number[];
  const meta = (await doc.getMetadata()).info as Record<string, unknown>;
  const info = { pages: doc.numPages, width: x1! - x0!, height: y1! - y0!, title: meta.Title as string | undefined, author: meta.Author as string | undefined };
  await doc.destroy();
  return info;
}

export async function pdfPages(file: string): Promise<number> {
  return (await pdfInfo(file)).pages;
}

/** Every font the PDF's pages use: its base name, and whether its program is embedded. */
export async function pdfFonts(file: string): Promise<{ name: string; embedded: boolean }[]> {
  const pdf = await PDFDocument.load(readFileSync(file));
  const fonts = new Map<string, boolean>();
  for (const page of pdf.getPages()) {
    const dict = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of dict?.entries() ?? []) {
      const font = pdf.context.lookup(ref, PDFDict);
      const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
      const name = font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? `[${subtype}]`;
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict);
      const descriptor = (descendant ?? font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      const embedded = subtype === '/Type3' || ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
      fonts.set(name, embedded);
    }
  }
  return [...fonts].map(([name, embedded]) => ({ name, embedded }));
}

export const read = (file: string) => readFileSync(file, 'utf8');
