import { ABBREVIATIONS } from './stopwords.ts';

const segmenter = new Intl.Segmenter('id', { granularity: 'sentence' });

/** True when `text` ends with an abbreviation (dkk., hlm., e.g.) or a run of initials ("A.", "U.S."), not a sentence. */
function endsWithAbbreviation(text: string): boolean {
  const lower = text.trimEnd().toLowerCase();
  for (const abbreviation of ABBREVIATIONS) {
    if (!lower.endsWith(abbreviation)) continue;
    const before = lower.slice(0, lower.length - abbreviation.length);
    if (before === '' || /[\s(“"']$/.test(before)) return true;
  }
  // Initials: "A.", "U.S.", "R.I." (a sentence that really ends in "U.S." before a capital stays joined: rare).
  return /(^|[\s(])(?:\p{Lu}\.)+$/u.test(text.trimEnd());
}

/**
 * The sentences of a paragraph, each exactly as written (trimmed): Intl.Segmenter, with the pieces it cut after an
 * abbreviation or before a lower-case letter joined again. Joined back with single spaces they give the paragraph.
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(paragraph)) {
    const piece = segment.trim();
    if (!piece) continue;
    const last = sentences.at(-1);
    if (last !== undefined && (endsWithAbbreviation(last) || /^[\p{Ll}\d,;)]/u.test(piece))) sentences[sentences.length - 1] = `${last} ${piece}`;
    else sentences.push(piece);
  }
  return sentences;
}
