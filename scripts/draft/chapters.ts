import { PaparanError, PaparanMessage } from '../messages.ts';
import { titleCase, type Chapter, type ChapterBlock, type ChapterHeading } from './read.ts';

/** A chapter heading read from its text: `BAB V KESIMPULAN`, `Chapter 5: Conclusion`, `5 CONCLUSION`. */
export interface ChapterTitle {
  number: number;
  /** The title without the word and the number: `KESIMPULAN` (may be empty). */
  title: string;
  /** As messages list it: `BAB V Kesimpulan`. */
  label: string;
}

/** A chapter of a read text: its heading's block, and the end of its blocks (the next chapter or the back matter). */
export interface FoundChapter extends ChapterTitle {
  start: number;
  end: number;
  sentences: number;
}

const ROMAN = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/i;
const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
const WORD_NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const KATA_BILANGAN = ['satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh'];
/** Headings after which no chapter text follows: the bibliography, appendices, the author's CV, an index. */
const BACK_MATTER = /^(daftar (pustaka|referensi|rujukan|riwayat hidup)|kepustakaan|referensi|rujukan|bibliografi|references|bibliography|works cited|lampiran|appendix|appendices|riwayat hidup|curriculum vitae|glosarium|glossary|indeks|index)\b/;
/** A line of a table of contents: dot leaders, or a page number at its end. */
const CONTENTS_LINE = /(\.{4,}|…{2,}|\s\d{1,3})\s*$/;
const CHAPTER_MARK = /^(bab|chapter)\s+(\S+)(.*)$/iu;

/** Lower case, accents off, one space: `Kesimpulan  dan Saran` and `kesimpulan dan saran` compare equal. */
export const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

function romanValue(token: string): number | undefined {
  if (!token || !ROMAN.test(token)) return undefined;
  const digits = [...token.toLowerCase()].map((c) => ROMAN_VALUES[c]!);
  return digits.reduce((sum, d, i) => sum + (d < (digits[i + 1] ?? 0) ? -d : d), 0);
}

/** `5`, `V`, `v`, `five`, `lima` → 5; anything else (or above 99) → undefined. */
export function chapterNumber(token: string): number | undefined {
  const t = token.toLowerCase();
  const n = /^\d{1,2}$/.test(t) ? Number(t) : (romanValue(t) ?? (WORD_NUMBERS.indexOf(t) + 1 || KATA_BILANGAN.indexOf(t) + 1 || undefined));
  return n !== undefined && n >= 1 && n <= 99 ? n : undefined;
}

/**
 * Reads `BAB V KESIMPULAN`, `Bab 5: Kesimpulan`, `CHAPTER FIVE` as a chapter heading. A bookmark may glue the numeral
 * to the title (`BAB VKESIMPULAN`): then the numeral that follows `expected` wins, else the longest one.
 */
export function chapterTitle(text: string, expected?: number): ChapterTitle | undefined {
  const m = CHAPTER_MARK.exec(text.trim());
  if (!m) return undefined;
  let numeral = m[2]!.replace(/[.:,–—-]+$/, '');
  let rest = m[3]!;
  if (chapterNumber(numeral) === undefined) {
    const glued = /^(\d{1,2}|[IVXLC]+)(\p{Lu}.*)$/u.exec(m[2]!);
    if (!glued) return undefined;
    const run = glued[1]!;
    const splits = [...run].map((_, i) => run.slice(0, i + 1)).filter((p) => chapterNumber(p) !== undefined);
    const found = splits.find((p) => chapterNumber(p) === expected) ?? splits.at(-1);
    if (!found) return undefined;
    numeral = found;
    rest = `${run.slice(found.length)}${glued[2]}${rest}`;
  }
  const title = rest.replace(/^[\s.:–—-]+/, '').trim();
  return { number: chapterNumber(numeral)!, title, label: labelOf(`${m[1]} ${numeral}`, title) };
}

const labelOf = (mark: string, title: string) => (title ? `${mark} ${/\p{Ll}/u.test(title) ? title : titleCase(title)}` : mark);
const isContents = (text: string) => CONTENTS_LINE.test(text);
const isBackMatter = (block: ChapterBlock) => block.kind === 'heading' && BACK_MATTER.test(normalise(block.source));

/**
 * The blocks with chapter headings on their own: a table of contents in capitals that the reader merged with the
 * first chapter's heading is split at each `BAB`, and a short paragraph `Bab V Kesimpulan` becomes a heading.
 */
function separateHeadings(blocks: ChapterBlock[]): ChapterBlock[] {
  const heading = (source: string, level: number): ChapterHeading => ({ kind: 'heading', source, text: /\p{Ll}/u.test(source) ? source : titleCase(source), level });
  return blocks.flatMap((block): ChapterBlock[] => {
    if (block.kind === 'paragraph') {
      const short = block.text.split(/\s+/).length <= 10 && !/[.!?;:,]$/.test(block.text) && !isContents(block.text);
      return short && chapterTitle(block.text) ? [heading(block.text, 1)] : [block];
    }
    const parts = block.source.split(/\s+(?=(?:BAB|CHAPTER)\s+(?:[IVXLC]+|\d{1,2})\b)/u);
    return parts.length > 1 ? parts.map((part) => heading(part, block.level)) : [block];
  });
}

/** The chapters of a text: `BAB`/`CHAPTER` headings; else, numbered top headings that are clearly chapters (`5 CONCLUSION` over `5.1`). */
export function findChapters(blocks: ChapterBlock[]): FoundChapter[] {
  const starts: { index: number; title: ChapterTitle }[] = [];
  for (const [index, block] of blocks.entries()) {
    if (block.kind !== 'heading' || isContents(block.source)) continue;
    const title = chapterTitle(block.source, (starts.at(-1)?.title.number ?? 0) + 1);
    if (title) starts.push({ index, title });
  }
  if (!starts.length) {
    const numbered = blocks.flatMap((b, index) => (b.kind === 'heading' && /^\d{1,2}\.?\s+\S/.test(b.source) && !isContents(b.source) ? [{ index, level: b.level }] : []));
    const top = Math.min(...numbered.map((n) => n.level));
    for (const { index, level } of numbered.filter((n) => n.level === top)) {
      // `1 KERJA SAMA` in a chapter is a section; `5 CONCLUSION` with `5.1 Findings` under it is a chapter.
      const [, digits, rest] = /^(\d{1,2})\.?\s+(.*)$/.exec((blocks[index] as ChapterHeading).source)!;
      const sections = blocks.slice(index + 1).findIndex((b) => b.kind === 'heading' && b.level <= level);
      const within = blocks.slice(index + 1, sections < 0 ? undefined : index + 1 + sections);
      const hasSections = within.some((b) => b.kind === 'heading' && b.source.startsWith(`${digits}.`) && /^\d+\.\d/.test(b.source));
      if (hasSections) starts.push({ index, title: { number: Number(digits), title: rest!, label: labelOf(digits!, rest!) } });
    }
  }
  const withRanges = (list: typeof starts): FoundChapter[] =>
    list.map(({ index, title }, i) => {
      const next = list[i + 1]?.index ?? blocks.length;
      const back = blocks.slice(index + 1, next).findIndex(isBackMatter);
      const end = back < 0 ? next : index + 1 + back;
      const sentences = blocks.slice(index, end).reduce((n, b) => n + (b.kind === 'paragraph' ? b.sentences.length : 0), 0);
      // `BAB V` over a mixed-case `Kesimpulan`: the next heading is the title.
      const following = blocks[index + 1];
      const named = !title.title && following?.kind === 'heading' && !chapterTitle(following.source) ? { ...title, title: following.source, label: labelOf(title.label, following.source) } : title;
      return { ...named, start: index, end, sentences };
    });
  // A number found twice (a table of contents, a running header): the one with the text.
  const first = withRanges(starts);
  const kept = starts.filter((_, i) => !first.some((other, j) => j !== i && other.number === first[i]!.number && (other.sentences > first[i]!.sentences || (other.sentences === first[i]!.sentences && j > i))));
  return withRanges(kept);
}

/** The chapters `which` names: a number (`5`), a roman numeral (`V`), `BAB 5`, words of the title (`kesimpulan`), or both. */
export function matchChapters<T extends ChapterTitle>(chapters: readonly T[], which: string): T[] {
  const words = normalise(which).replace(/^(bab|chapter|ch\.?)\s+/, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return [];
  const number = chapterNumber(words[0]!);
  const titled = (chapter: T, query: string[]) => {
    const own = normalise(chapter.title).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return query.every((q) => own.some((w) => w.startsWith(q)));
  };
  if (number !== undefined) {
    const byNumber = chapters.filter((c) => c.number === number && titled(c, words.slice(1)));
    if (byNumber.length || /^\d+$/.test(words[0]!)) return byNumber;
  }
  return chapters.filter((c) => titled(c, words));
}

const quoted = (file: string) => (/^[\w./@+-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`);
const listOf = (chapters: readonly ChapterTitle[]) => (chapters.length <= 12 ? chapters.map((c) => c.label).join(', ') : `${chapters.slice(0, 10).map((c) => c.label).join(', ')} and ${chapters.length - 10} more`);
const problem = (shown: string, rule: string, message: string, hint: string) => new PaparanError('usage', [new PaparanMessage(shown, { line: 0, column: 0 }, rule, message, hint)]);

/** What to type for a chapter: `--chapter 5`, and `(or --chapter kesimpulan)` when a title word names it alone. */
function optionFor(chapters: readonly ChapterTitle[], chapter: ChapterTitle): string {
  const word = normalise(chapter.title).split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
  return word && matchChapters(chapters, word).length === 1 ? `--chapter ${chapter.number} (or --chapter ${word})` : `--chapter ${chapter.number}`;
}

/** `paparan draft thesis.pdf --chapter 5`: the conclusion when there is one, else the last chapter, as the example. */
function exampleHint(shown: string, chapters: readonly ChapterTitle[]): string {
  const example = chapters.find((c) => /kesimpulan|conclusion|penutup|closing/.test(normalise(c.title))) ?? chapters.at(-1)!;
  return `Choose the chapter by its number or words of its title: paparan draft ${quoted(shown)} ${optionFor(chapters, example)}`;
}

/** The one chapter `which` names, or a message listing the chapters there are. */
export function pickChapter<T extends ChapterTitle>(chapters: readonly T[], which: string, shown: string): T {
  const matches = matchChapters(chapters, which);
  if (matches.length === 1) return matches[0]!;
  if (!chapters.length) throw problem(shown, 'draft-chapter-unknown', `--chapter ${which}: ${shown} has no chapter headings (such as BAB V KESIMPULAN or CHAPTER 5)`, `Leave out --chapter to draft the whole file as one chapter, or start each chapter with its heading: BAB V KESIMPULAN`);
  if (!matches.length) throw problem(shown, 'draft-chapter-unknown', `--chapter ${which}: ${shown} has no such chapter; it holds ${listOf(chapters)}`, exampleHint(shown, chapters));
  throw problem(shown, 'draft-chapter-ambiguous', `--chapter ${which} matches ${matches.length} chapters of ${shown}: ${listOf(matches)}`, `Give its number: ${matches.map((m) => `--chapter ${m.number}`).join(' or ')}`);
}

/** Without `which`: the text as read, refused when it holds two chapters or more. With it: that chapter alone, its heading at level 1. */
export function selectChapter(read: Chapter, which: string | undefined, shown: string): Chapter {
  const blocks = separateHeadings(read.blocks);
  const chapters = findChapters(blocks);
  if (which === undefined) {
    if (chapters.length >= 2) throw problem(shown, 'draft-chapters', `${shown} holds ${chapters.length} chapters (${listOf(chapters)}); paparan drafts one chapter at a time`, exampleHint(shown, chapters));
    return read;
  }
  const chosen = pickChapter(chapters, which, shown);
  const part = blocks.slice(chosen.start, chosen.end);
  const shift = (part[0] as ChapterHeading).level - 1;
  return { blocks: part.map((b) => (b.kind === 'heading' ? { ...b, level: Math.max(1, b.level - shift) } : b)) };
}
