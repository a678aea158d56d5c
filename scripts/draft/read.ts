import { splitSentences } from './sentences.ts';

/** A heading of the chapter: Markdown `#`, numbered (`5.1`, `A.`) or a line in capitals (`KESIMPULAN`, `BAB V`). */
export interface ChapterHeading {
  kind: 'heading';
  /** The heading as written, without `#` marks. */
  source: string;
  /** For a slide: numbering taken off, capitals turned into title case. */
  text: string;
  level: number;
}

export interface ChapterParagraph {
  kind: 'paragraph';
  /** The paragraph with its lines joined, hyphenation at line ends undone, spaces collapsed. */
  text: string;
  sentences: string[];
}

export type ChapterBlock = ChapterHeading | ChapterParagraph;

export interface Chapter {
  blocks: ChapterBlock[];
}

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const SMALL_WORDS = new Set(['dan', 'di', 'ke', 'dari', 'yang', 'untuk', 'atau', 'dengan', 'pada', 'dalam', 'of', 'and', 'the', 'in', 'on', 'for', 'to', 'a', 'an']);
const ROMAN = /^[ivxlcdm]{1,7}$/i;

/** A page number, or a line of only digits and roman numerals ("12", "- 12 -", "xiv", "Halaman 3"). */
const isPageNumber = (line: string) => /^[-–—\s]*(?:halaman\s+|page\s+)?(\d{1,4}|[ivxlcdm]{1,7})[-–—\s]*$/i.test(line);

function headingOf(line: string, capsWords: ReadonlySet<string>): ChapterHeading | null {
  const markdown = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
  if (markdown) return { kind: 'heading', source: markdown[2]!, text: stripNumber(markdown[2]!, capsWords), level: markdown[1]!.length };
  const words = line.split(/\s+/);
  if (words.length > 12 || line.length > 100 || /[.,;:]$/.test(line)) return null;
  const numbered = /^(\d+(?:\.\d+)*)\.?\s+\S/.exec(line);
  if (numbered) return { kind: 'heading', source: line, text: stripNumber(line, capsWords), level: numbered[1]!.split('.').filter(Boolean).length };
  if (/^[A-H]\.\s+\p{Lu}/u.test(line)) return { kind: 'heading', source: line, text: stripNumber(line, capsWords), level: 2 };
  if (/\p{Lu}.*\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line)) return { kind: 'heading', source: line, text: titleCase(line, capsWords), level: 1 };
  return null;
}

function stripNumber(text: string, capsWords: ReadonlySet<string>): string {
  const bare = text.replace(/^(\d+(?:\.\d+)*\.?|[A-H]\.)\s+/, '');
  return /\p{Ll}/u.test(bare) ? bare : titleCase(bare, capsWords);
}

/** `BAB V KESIMPULAN DAN SARAN` → `Bab V Kesimpulan dan Saran`; acronyms the text writes in capitals (SCO) stay. */
export function titleCase(text: string, capsWords: ReadonlySet<string> = new Set()): string {
  return text.split(/\s+/).map((word, i) => {
    if (ROMAN.test(word) && i > 0) return word.toUpperCase();
    if (capsWords.has(word)) return word;
    const lower = word.toLowerCase();
    if (i > 0 && SMALL_WORDS.has(lower)) return lower;
    return lower.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  }).join(' ');
}

/** `organisasi  regional` → one space; tabs and non-breaking spaces too. */
const collapse = (line: string) => line.replace(/[\t\u00A0 ]+/g, ' ').trim();

/** Joins two lines, undoing hyphenation only where the joined word exists elsewhere or it is a reduplication. */
function joinLines(left: string, right: string, words: ReadonlySet<string>): string {
  const hyphen = /([\p{L}]+)-$/u.exec(left);
  const next = /^([\p{L}]+)/u.exec(right);
  if (hyphen && next) {
    const a = hyphen[1]!;
    const b = next[1]!;
    if (a.toLowerCase() !== b.toLowerCase() && words.has(`${a}${b}`.toLowerCase())) return `${left.slice(0, -1)}${right}`;
    return `${left}${right}`;
  }
  // A break after a dash or slash inside a word or range ("Baku–", "1991–", "minyak/"): no space was there.
  if (/[\p{L}\p{N}][–—/]$/u.test(left)) return `${left}${right}`;
  return `${left} ${right}`;
}

/**
 * Reads a chapter from plain text or Markdown, including text extracted from a PDF: running headers and footers
 * (lines repeated three or more times) and page numbers go, lines are joined into paragraphs, headings are found.
 */
export function readChapter(input: string): Chapter {
  const text = input.replace(/^\uFEFF/, '').normalize('NFC').replace(/\r\n?/g, '\n').replace(/\f/g, '\n\n\n');
  const raw = text.split('\n').map(collapse);
  // Headers and footers repeat on many pages (page numbers inside them vary: digits count as one).
  const counts = new Map<string, number>();
  for (const line of raw) if (line) counts.set(line.replace(/\d+/g, '#'), (counts.get(line.replace(/\d+/g, '#')) ?? 0) + 1);
  const lines = raw.map((line) => (line && (isPageNumber(line) || (counts.get(line.replace(/\d+/g, '#'))! >= 3 && line.length <= 80 && !/[.!?]$/.test(line))) ? null : line));
  const kept = lines.filter((l): l is string => l !== null);

  const words = new Set<string>();
  for (const line of kept) for (const w of line.match(WORD) ?? []) words.add(w.toLowerCase());
  const capsWords = new Set<string>();
  for (const line of kept) if (/\p{Ll}/u.test(line)) for (const w of line.match(/\b\p{Lu}{2,}\b/gu) ?? []) capsWords.add(w);

  // Double-spaced text (a blank line after every line) keeps paragraphs apart by line length only.
  const filled = kept.map((l, i) => (l ? i : -1)).filter((i) => i >= 0);
  const gaps = filled.slice(1).map((i, n) => i - filled[n]!);
  const doubleSpaced = gaps.length >= 4 && gaps.filter((g) => g === 2).length >= 0.6 * gaps.length;
  const lengths = kept.filter(Boolean).map((l) => l.length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const wrapped = lengths.length >= 5 && median >= 40 && median <= 120;

  const blocks: ChapterBlock[] = [];
  let current: string | null = null;
  const flush = () => {
    if (current !== null && current.trim()) blocks.push({ kind: 'paragraph', text: current, sentences: splitSentences(current) });
    current = null;
  };
  for (const line of kept) {
    if (!line) {
      if (!doubleSpaced) flush();
      continue;
    }
    const heading = current === null || /[.!?:"”)]$/.test(current) ? headingOf(line, capsWords) : null;
    if (heading) {
      flush();
      const last = blocks.at(-1);
      // `BAB V` over `KESIMPULAN`: one heading.
      if (last?.kind === 'heading' && last.level === 1 && heading.level === 1 && !/\p{Ll}/u.test(last.source + heading.source)) {
        last.source = `${last.source} ${heading.source}`;
        last.text = `${last.text} — ${heading.text}`;
      } else blocks.push(heading);
      continue;
    }
    current = current === null ? line : joinLines(current, line, words);
    if (wrapped && /[.!?:"”]$/.test(line) && line.length < 0.8 * median) flush();
  }
  flush();
  return { blocks };
}
