import { lstatSync, readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { PaparanError } from '../messages.ts';
import { docxText } from './docx.ts';
import { selectChapter } from './chapters.ts';
import { parsePageRange, pdfText } from './pdf.ts';
import { readChapter, type Chapter } from './read.ts';
import { draftFile, fail, writeDraft, type DraftFileOptions } from './write.ts';

export interface DraftDocumentOptions extends DraftFileOptions {
  /** For a PDF: only these pages, `87-112`. */
  pages?: string;
}

/** Word and PDF files larger than this are not a chapter. */
const MAX_BYTES = 50_000_000;

/**
 * Reads a .docx or .pdf into a chapter (the same reading as for .txt/.md once its text and headings are out). A file
 * holding two chapters or more is refused unless `onlyChapter` names one (a PDF may then have up to 800 pages).
 */
export async function readDocument(file: string, options: { shown?: string; pages?: string; onlyChapter?: string } = {}): Promise<Chapter> {
  const chapter = resolve(file);
  const shown = options.shown ?? (relative(process.cwd(), chapter) || chapter);
  const ext = extname(chapter).toLowerCase();
  let data: Buffer;
  try {
    if (!lstatSync(chapter).isFile()) throw fail('input', shown, 'draft-input', `${shown} is not a file`, 'Give the path of the chapter\'s .docx, .pdf, .txt or .md file');
    if (lstatSync(chapter).size > MAX_BYTES) throw fail('input', shown, 'draft-too-long', `${shown} is larger than 50 MB`, 'Draft one chapter at a time: save the chapter alone as .docx or PDF');
    data = readFileSync(chapter);
  } catch (error) {
    if (error instanceof PaparanError) throw error;
    throw fail('input', shown, 'draft-input', `Cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check the path: paparan draft bab5.docx');
  }
  let text: string;
  if (ext === '.docx') {
    if (data.subarray(0, 2).toString('latin1') !== 'PK') throw fail('input', shown, 'draft-docx-invalid', `${shown} is not a Word .docx file`, 'Open it in Word and save it again as .docx (Word Document), then run paparan draft on that file');
    try {
      text = await docxText(data);
    } catch (error) {
      throw fail('input', shown, 'draft-docx-invalid', `${shown} cannot be read as a Word document (${String((error as Error)?.message ?? error).split('\n')[0]})`, 'Open it in Word and save it again as .docx (Word Document), then run paparan draft on that file');
    }
  } else if (ext === '.pdf') {
    if (!data.subarray(0, 1024).toString('latin1').includes('%PDF')) throw fail('input', shown, 'draft-pdf-invalid', `${shown} is not a PDF`, 'Export the chapter from Word again as PDF, or save it as .docx and draft from that');
    text = await pdfText(new Uint8Array(data), { shown, pages: options.pages === undefined ? undefined : parsePageRange(options.pages, shown), chapter: options.onlyChapter });
  } else throw fail('input', shown, 'draft-format', `${shown} is not a .docx or .pdf file`, 'Give the chapter as .docx, .pdf, .txt or .md');
  return selectChapter(readChapter(text), options.onlyChapter, shown);
}

/**
 * `paparan draft` for any chapter: .docx (Word's heading styles as headings) and .pdf (headings from font size and
 * weight, running headers, footers and page numbers removed) here, .txt and .md through draftFile. An old Word .doc,
 * .odt or .rtf is refused with a hint to save it as .docx.
 */
export async function draftDocument(options: DraftDocumentOptions): Promise<{ name: string; outline: string; slides: number }> {
  const chapter = resolve(options.chapter);
  const shown = relative(process.cwd(), chapter) || chapter;
  const ext = extname(chapter).toLowerCase();
  if (['.doc', '.odt', '.rtf', '.wpd', '.pages'].includes(ext)) {
    throw fail('input', shown, 'draft-format', `paparan draft cannot read ${ext} files`, ext === '.doc' ? 'This is an old Word document: open it in Word, save it as .docx (File > Save As > Word Document), then run paparan draft on the .docx' : 'Save it as .docx (Word Document) or export it as PDF, then run paparan draft on that file');
  }
  if (options.pages !== undefined && ext !== '.pdf') throw fail('usage', shown, 'draft-pages', '--pages is only for PDF chapters', 'Leave out --pages, or give the chapter as a PDF');
  if (ext !== '.docx' && ext !== '.pdf') return draftFile(options);
  const read = await readDocument(chapter, { shown, pages: options.pages, onlyChapter: options.onlyChapter });
  if (!read.blocks.some((b) => b.kind === 'paragraph')) throw fail('input', shown, 'draft-empty', `${shown} has no paragraphs to draft from`, ext === '.pdf' ? 'Export the chapter from Word again as PDF with its text (not as an image), or save it as .docx' : 'Write the chapter\'s text in the document and save it, then run the command again');
  return writeDraft(resolve(options.root), chapter, read, options);
}
