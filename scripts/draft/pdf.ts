import { PaparanError, PaparanMessage } from '../messages.ts';
import { chapterPages, type PdfDocument } from './bookmarks.ts';

/** A line of a PDF page: its text, font size and weight, and where it stands (PDF units, y up). */
export interface PdfLine {
  text: string;
  size: number;
  bold: boolean;
  x: number;
  right: number;
  y: number;
  page: number;
}

export interface PdfTextOptions {
  /** The file as shown in messages. */
  shown: string;
  /** Only these pages (1-based, inclusive). */
  pages?: { from: number; to: number };
  /** Above this many pages (in the range read), refuse. Default: MAX_PDF_PAGES, or MAX_THESIS_PAGES with `chapter`. */
  maxPages?: number;
  /**
   * `--chapter`: the PDF may be a whole thesis (up to MAX_THESIS_PAGES). When its bookmarks name the chapter, only
   * the chapter's pages are read; otherwise all of them (the caller picks the chapter out of the text).
   */
  chapter?: string;
}

/** A chapter's pages at most, without --chapter. */
export const MAX_PDF_PAGES = 60;
/** A whole thesis's pages at most, with --chapter. */
export const MAX_THESIS_PAGES = 800;

const fail = (file: string, rule: string, message: string, hint: string) => new PaparanError('input', [new PaparanMessage(file, { line: 0, column: 0 }, rule, message, hint)]);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const isPageNumber = (line: string) => /^[-–—\s]*(?:halaman\s+|page\s+|hlm\.?\s+)?(\d{1,4}|[ivxlcdm]{1,7})(?:\s+(?:dari|of|\/)\s+\d{1,4})?[-–—\s]*$/i.test(line);

/** `12-30` → pages 12 to 30; a clear error otherwise. */
export function parsePageRange(value: string, shown = 'paparan'): { from: number; to: number } {
  const m = /^\s*(\d{1,5})\s*(?:[-–]\s*(\d{1,5}))?\s*$/.exec(value);
  const from = Number(m?.[1]);
  const to = Number(m?.[2] ?? m?.[1]);
  if (!m || from < 1 || to < from) throw new PaparanError('usage', [new PaparanMessage(shown, { line: 0, column: 0 }, 'draft-pages', `--pages ${value} is not a page range`, 'Write the chapter\'s first and last page: --pages 87-112')]);
  return { from, to };
}

type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
/** The lines of one page, in reading order, with each line's font size and whether all of it is bold. */
async function pageLines(page: PdfPage, number: number): Promise<PdfLine[]> {
  const content = await page.getTextContent();
  // Fonts are known (with their weight) only once the page's operators are loaded.
  const boldFonts = new Set<string>();
  try {
    await page.getOperatorList();
    for (const name of new Set(content.items.flatMap((i) => ('fontName' in i ? [i.fontName] : [])))) {
      const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as { bold?: boolean; black?: boolean; name?: string }) : undefined;
      if (font && (font.bold || font.black || /bold|black|heavy|semibold/i.test(font.name ?? ''))) boldFonts.add(name);
    }
  } catch {
    // Weight unknown: headings come from size alone.
  }
  const lines: PdfLine[] = [];
  let current: (PdfLine & { chars: number; boldChars: number; sizes: Map<number, number> }) | undefined;
  const close = () => {
    if (current && current.text.trim()) {
      const text = current.text.replace(/[\s\u00A0]+/g, ' ').trim();
      const size = [...current.sizes].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
      lines.push({ text, size, bold: current.boldChars === current.chars, x: current.x, right: current.right, y: current.y, page: number });
    }
    current = undefined;
  };
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const [a, b, c, d, x, y] = item.transform as number[];
    const size = Math.round(Math.hypot(c!, d!) * 10) / 10 || Math.round(Math.hypot(a!, b!) * 10) / 10;
    if (item.str) {
      if (current && Math.abs(y! - current.y) > 0.5 * Math.max(size, current.size)) close();
      if (!current) current = { text: '', size, bold: false, x: x!, right: x!, y: y!, page: number, chars: 0, boldChars: 0, sizes: new Map() };
      const gap = x! - current.right;
      if (current.text && gap > 0.15 * size && !/\s$/.test(current.text) && !/^\s/.test(item.str)) current.text += ' ';
      current.text += item.str;
      current.right = Math.max(current.right, x! + item.width);
      const chars = item.str.replace(/\s/g, '').length;
      current.chars += chars;
      if (boldFonts.has(item.fontName)) current.boldChars += chars;
      current.sizes.set(size, (current.sizes.get(size) ?? 0) + chars);
    }
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

/** Drops running headers and footers (the same first or last lines on many pages, numbers aside) and page numbers. */
function dropFurniture(pages: PdfLine[][]): PdfLine[][] {
  const key = (line: PdfLine, where: string) => `${where}:${line.text.replace(/\d+/g, '#').toLowerCase()}`;
  // By position, not content order: Chromium and Word write the header and footer last.
  const byHeight = (lines: PdfLine[]) => [...lines].sort((a, b) => b.y - a.y);
  const topOf = (lines: PdfLine[]) => byHeight(lines).slice(0, 2);
  const bottomOf = (lines: PdfLine[]) => byHeight(lines).slice(-2);
  const counts = new Map<string, number>();
  for (const lines of pages) for (const k of new Set([...topOf(lines).map((l) => key(l, 'top')), ...bottomOf(lines).map((l) => key(l, 'bottom'))])) counts.set(k, (counts.get(k) ?? 0) + 1);
  const repeated = (k: string) => pages.length >= 2 && (counts.get(k) ?? 0) >= Math.max(2, Math.ceil(pages.length * 0.5));
  return pages.map((lines) => {
    const top = new Set(topOf(lines));
    const bottom = new Set(bottomOf(lines));
    return lines.filter((line) => {
      const edge = top.has(line) ? 'top' : bottom.has(line) ? 'bottom' : undefined;
      if (!edge) return true;
      return !isPageNumber(line.text) && !repeated(key(line, edge));
    });
  });
}

/**
 * The text of a PDF chapter as the Markdown-like text `readChapter` reads: headings (lines set larger than the body,
 * or short lines all in bold) as `#` lines, ranked by size; paragraphs apart by a blank line, found from the spacing,
 * first-line indents and short last lines; the lines of a paragraph kept, so that hyphenation is undone as for text.
 */
export async function pdfText(data: Uint8Array, options: PdfTextOptions): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0, stopAtErrors: false });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as Error)?.name ?? '';
    if (name === 'PasswordException') throw fail(options.shown, 'draft-pdf-password', `${options.shown} is protected by a password`, 'Open it, save a copy without the password (or export the chapter from Word), then run paparan draft on that copy');
    throw fail(options.shown, 'draft-pdf-invalid', `${options.shown} is not a PDF that can be read (${String((error as Error)?.message ?? error).split('\n')[0]})`, 'Export the chapter from Word again as PDF, or save it as .docx and draft from that');
  }
  try {
    let from = options.pages?.from ?? 1;
    let to = Math.min(options.pages?.to ?? doc.numPages, doc.numPages);
    const thesis = options.chapter !== undefined;
    const max = options.maxPages ?? (thesis ? MAX_THESIS_PAGES : MAX_PDF_PAGES);
    if (from > doc.numPages) throw fail(options.shown, 'draft-pages', `${options.shown} has only ${doc.numPages} pages`, `Give pages between 1 and ${doc.numPages}: --pages 1-${Math.min(doc.numPages, max)}`);
    const count = to - from + 1;
    const has = options.pages ? `--pages ${from}-${to} of ${options.shown} is ${count} pages` : `${options.shown} has ${count} pages`;
    if (count > max && thesis) throw fail(options.shown, 'draft-too-long', `${has}; paparan reads at most ${max} pages, even to find one chapter`, `Give the pages that hold the chapter with --pages (for example --pages 87-112), or export just the chapter as PDF or .docx`);
    if (count > max) throw fail(options.shown, 'draft-too-long', `${has}; paparan drafts one chapter (at most ${max} pages) at a time`, `Name the chapter with --chapter (for example --chapter 5 or --chapter kesimpulan; up to ${MAX_THESIS_PAGES} pages are read to find it), or give its pages with --pages 87-112`);
    if (thesis) {
      // Only the chapter's pages when the bookmarks show them, within --pages.
      const pages = await chapterPages(doc, options.chapter!);
      if (pages && pages.from <= to && pages.to >= from) [from, to] = [Math.max(from, pages.from), Math.min(to, pages.to)];
    }
    const pages: PdfLine[][] = [];
    for (let n = from; n <= to; n++) {
      const page = await doc.getPage(n);
      pages.push(await pageLines(page, n));
      page.cleanup();
    }
    const chars = pages.flat().reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0);
    if (chars < 20) throw fail(options.shown, 'draft-pdf-no-text', `${options.shown}: this PDF has no text (a scan?)`, 'Export the chapter from Word instead (File > Save As > PDF, or save it as .docx), then run paparan draft on that file');
    return linesToText(dropFurniture(pages).flat());
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** Lines (reading order) → `#` headings and blank-line-separated paragraphs. */
export function linesToText(lines: PdfLine[]): string {
  const weight = (l: PdfLine) => l.text.replace(/\s/g, '').length;
  // The body's size: the size most of the text is set in (by characters).
  const bySize = new Map<number, number>();
  for (const l of lines) bySize.set(l.size, (bySize.get(l.size) ?? 0) + weight(l));
  const body = [...bySize].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const mostlyBold = lines.filter((l) => l.bold).reduce((n, l) => n + weight(l), 0) > 0.5 * lines.reduce((n, l) => n + weight(l), 0);
  const words = (t: string) => t.split(/\s+/).length;
  const isHeading = (l: PdfLine) => (l.size >= body * 1.15 && words(l.text) <= 20 && !isPageNumber(l.text)) || (!mostlyBold && l.bold && l.size >= body * 0.95 && words(l.text) <= 12 && !/[.,;:]$/.test(l.text));
  const headingSizes = [...new Set(lines.filter((l) => isHeading(l) && l.size >= body * 1.15).map((l) => Math.round(l.size)))].sort((a, b) => b - a);
  const levelOf = (l: PdfLine) => Math.min(6, (l.size >= body * 1.15 ? headingSizes.indexOf(Math.round(l.size)) : headingSizes.length) + 1);

  const bodyLines = lines.filter((l) => !isHeading(l));
  const gaps: number[] = [];
  for (let i = 1; i < bodyLines.length; i++) if (bodyLines[i]!.page === bodyLines[i - 1]!.page && bodyLines[i - 1]!.y > bodyLines[i]!.y) gaps.push(bodyLines[i - 1]!.y - bodyLines[i]!.y);
  const lineGap = median(gaps) || body * 1.2;
  const rights = bodyLines.map((l) => l.right).sort((a, b) => a - b);
  const columnRight = rights[Math.floor(rights.length * 0.9)] ?? 0;
  const lefts = bodyLines.map((l) => l.x);
  const columnLeft = median(lefts);

  const out: string[] = [];
  let previous: PdfLine | undefined;
  let previousHeading = false;
  for (const line of lines) {
    if (isHeading(line)) {
      const level = levelOf(line);
      // A heading that wraps: the next line in the same size continues it.
      if (previousHeading && previous && previous.page === line.page && Math.round(previous.size) === Math.round(line.size) && previous.y - line.y < line.size * 1.6) out[out.length - 2] += ` ${line.text}`;
      else out.push('', `${'#'.repeat(level)} ${line.text}`, '');
      previous = line;
      previousHeading = true;
      continue;
    }
    if (previous && !previousHeading) {
      const samePage = previous.page === line.page;
      const ended = /[.!?:"”)]$/.test(previous.text) && previous.right < columnRight - 2 * body;
      const spaced = samePage && previous.y - line.y > lineGap * 1.4;
      const indented = line.x > columnLeft + body && line.x > previous.x + 0.5 * body;
      if (ended || spaced || indented) out.push('');
    }
    out.push(line.text);
    previous = line;
    previousHeading = false;
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
