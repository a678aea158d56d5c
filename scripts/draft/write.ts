import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { checkOutlineName } from '../new.ts';
import { selectChapter } from './chapters.ts';
import { draftOutline, type DraftLang } from './outline.ts';
import { readChapter, type Chapter } from './read.ts';

export interface DraftFileOptions {
  root: string;
  /** The chapter's file: .txt or .md (draftDocument: also .docx or .pdf). */
  chapter: string;
  /**
   * `--chapter`: when the file is a whole thesis, the chapter to draft: its number (`5`), roman numeral (`V`) or
   * words of its title (`kesimpulan`). Without it, a file holding two chapters or more is refused.
   */
  onlyChapter?: string;
  /** Default: the chapter's file name, made safe. */
  name?: string;
  lang?: DraftLang;
  /** Write over slides/<name>.md when it exists. */
  force?: boolean;
  /** `--slides N`: about this many slides in all. */
  slides?: number;
}

const MAX_BYTES = 2_000_000;
export const fail = (kind: 'input' | 'usage' | 'io', file: string, rule: string, message: string, hint: string) => new PaparanError(kind, [new PaparanMessage(file, { line: 0, column: 0 }, rule, message, hint)]);

/** Reads a chapter (.txt, .md), drafts its outline and writes slides/<name>.md; returns the path written. */
export function draftFile(options: DraftFileOptions): { name: string; outline: string; slides: number } {
  const root = resolve(options.root);
  const chapter = resolve(options.chapter);
  const shown = relative(process.cwd(), chapter) || chapter;
  const ext = extname(chapter).toLowerCase();
  // The text path only: .docx and .pdf are read by draftDocument (document.ts), which the CLI uses.
  if (['.doc', '.docx', '.pdf', '.odt', '.rtf'].includes(ext)) throw fail('input', shown, 'draft-format', `${ext} is not a text file`, 'Use draftDocument for .docx and .pdf (as `paparan draft` does), or export it as .txt');
  if (!['.txt', '.md', '.markdown', ''].includes(ext)) throw fail('input', shown, 'draft-format', `${basename(chapter)} is not a text chapter`, 'Give a .txt or .md file with the chapter\'s text');
  let text: string;
  try {
    if (!lstatSync(chapter).isFile()) throw fail('input', shown, 'draft-input', `${shown} is not a file`, 'Give the path of the chapter\'s .txt or .md file');
    if (lstatSync(chapter).size > MAX_BYTES) throw fail('input', shown, 'draft-too-long', `${shown} is larger than 2 MB`, 'Draft one chapter at a time: save the chapter alone as .txt');
    text = readFileSync(chapter, 'utf8');
  } catch (error) {
    if (error instanceof PaparanError) throw error;
    throw fail('input', shown, 'draft-input', `Cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check the path: paparan draft bab5.txt');
  }
  if (text.includes('\u0000')) throw fail('input', shown, 'draft-format', `${shown} is not plain text`, 'Export it as .txt (in Word: File > Save As > Plain Text), then run paparan draft on that file');
  const read = selectChapter(readChapter(text), options.onlyChapter, shown);
  if (!read.blocks.some((b) => b.kind === 'paragraph')) throw fail('input', shown, 'draft-empty', `${shown} has no paragraphs to draft from`, 'Paste the chapter\'s text into the file and save it, then run the command again');
  return writeDraft(root, chapter, read, options);
}

/** Drafts the outline of a chapter already read and writes slides/<name>.md (never over one, unless `force`). */
export function writeDraft(root: string, chapter: string, read: Chapter, options: Pick<DraftFileOptions, 'name' | 'lang' | 'force' | 'slides'>): { name: string; outline: string; slides: number } {
  const name = checkOutlineName(options.name ?? basename(chapter, extname(chapter)).toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^[-_]+|[-_]+$/g, '') ?? 'draft');
  const slides = join(root, 'slides');
  const outline = join(slides, `${name}.md`);
  if (existsSync(outline) && !options.force) throw fail('input', relative(root, outline), 'outline-exists', `${relative(root, outline)} already exists`, `Choose another name with --name ${name}-2, or add --force to write over it`);
  const data = draftOutline(read, { name, lang: options.lang, slides: options.slides, shown: relative(process.cwd(), chapter) || chapter });
  try {
    mkdirSync(slides, { recursive: true });
    // Written beside it, then moved over: never a half-written outline.
    const temp = `${outline}.draft-${process.pid}`;
    writeFileSync(temp, data, { flag: 'wx' });
    try {
      if (!options.force && existsSync(outline)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      renameSync(temp, outline);
    } finally {
      rmSync(temp, { force: true });
    }
  } catch (error) {
    throw fail('io', relative(root, outline), 'write-failed', `Could not write the draft (${(error as NodeJS.ErrnoException).code ?? String(error)})`, 'Check that slides/ is writable and the disk has room, then run the command again');
  }
  return { name, outline, slides: data.split('\n  - layout: ').length - 1 };
}
