import { CONJUNCTIONS, OPENERS, STOP_WORDS } from './stopwords.ts';

/** A bullet: its text and, for an enumeration in the sentence, one sub-bullet per item. */
export interface DraftBullet {
  text: string;
  points?: string[];
}

export const MAX_WORDS = 12;
const CLAUSE_WORDS = new Set(['yang', 'karena', 'sehingga', 'agar', 'yaitu', 'yakni', 'which', 'because', 'who', 'whereas', 'while', 'that']);
const LIST_AND = new Set(['dan', 'atau', 'serta', 'and', 'or']);
const INTRODUCERS = new Set(['seperti', 'yaitu', 'yakni', 'meliputi', 'termasuk', 'including', 'namely', 'as']);

const SUBORDINATORS = new Set(['apabila', 'jika', 'bila', 'kalau', 'ketika', 'meskipun', 'walaupun', 'walau', 'if', 'when', 'although', 'though', 'while']);
// Words and phrases a shortened bullet can do without.
const FILLER = ['tentu saja', 'di wilayah ini', 'di dalamnya', 'tersebut', 'sebuah', 'salah satu', 'sangat', 'cukup', 'in fact', 'very'];
// A cut at a boundary keeps at least this many words; else the sentence is cut at twelve.
const MIN_CUT = 7;

const bare = (word: string) => word.replace(/^[("“'‘]+|[.,;:!?)"”'’]+$/g, '');
export const capitalise = (text: string) => text.replace(/^\p{Ll}/u, (c) => c.toUpperCase());

/** Openers ("Dengan demikian,", "Oleh karena itu") and leading conjunctions taken off, trailing dot too. */
function trimStart(words: string[]): string[] {
  let rest = words;
  for (let changed = true; changed && rest.length > 0;) {
    changed = false;
    const lower = rest.map((w) => bare(w).toLowerCase());
    for (const opener of OPENERS) {
      const parts = opener.split(' ');
      if (parts.every((p, i) => lower[i] === p) && rest.length > parts.length) {
        rest = rest.slice(parts.length);
        changed = true;
        break;
      }
    }
    if (!changed && rest.length > 1 && CONJUNCTIONS.has(lower[0]!)) {
      rest = rest.slice(1);
      changed = true;
    }
  }
  return rest;
}

/** Filler phrases taken out (a comma on the last word taken stays). */
function dropFiller(words: string[]): string[] {
  let rest = [...words];
  for (const filler of FILLER) {
    const parts = filler.split(' ');
    for (let i = 1; i + parts.length <= rest.length; i++) {
      if (!parts.every((p, k) => bare(rest[i + k]!).toLowerCase() === p)) continue;
      const tail = /[,;:]$/.exec(rest[i + parts.length - 1]!)?.[0] ?? '';
      rest = [...rest.slice(0, i), ...rest.slice(i + parts.length)];
      if (tail && i > 0 && !/[,;:]$/.test(rest[i - 1]!)) rest[i - 1] += tail;
      i--;
    }
  }
  return rest;
}

/** Stop words and commas off the end of a cut, so it never ends on "dan", "yang" or "di" (a name's "Tengah" stays). */
function trimEnd(words: string[]): string[] {
  const rest = [...words];
  const loose = (word: string) => bare(word) === '' || END_WORDS.has(bare(word).toLowerCase()) || PREPOSITIONS.has(bare(word).toLowerCase());
  while (rest.length > 1 && loose(rest.at(-1)!)) rest.pop();
  return rest;
}

// Function words a cut leaves off its end (the ranking's stop words are too many: "cara", "Tengah").
const END_WORDS = new Set(['dan', 'atau', 'serta', 'yang', 'karena', 'sehingga', 'agar', 'supaya', 'bahwa', 'untuk', 'akan', 'tidak', 'juga', 'tetapi', 'namun', 'bahkan', 'maupun', 'jika', 'apabila', 'sebagai', 'di', 'ke', 'dari', 'dalam', 'pada', 'dengan', 'bagi', 'oleh', 'antara', 'atas', 'and', 'or', 'but', 'that', 'which', 'who', 'because', 'not', 'also', 'will', 'as', 'in', 'for', 'with', 'from', 'by', 'on', 'at', 'of', 'to', 'the', 'a', 'an']);
const PREPOSITIONS = new Set(['di', 'ke', 'dari', 'dalam', 'pada', 'untuk', 'dengan', 'bagi', 'oleh', 'antara', 'terhadap', 'sejak', 'selama', 'in', 'for', 'with', 'from', 'by', 'on', 'at', 'during', 'since', 'within', 'between', 'against', 'among', 'about', 'into', 'over', 'under', 'through', 'across', 'outside', 'without', 'towards']);
// Words a cut must not end on: they need what follows ("menyebabkan …", "merupakan …", "is …").
const NEEDS_OBJECT = new Set(['adalah', 'merupakan', 'meliputi', 'menjadi', 'ialah', 'yaitu', 'seperti', 'termasuk', 'is', 'are', 'was', 'were', 'be', 'the', 'a', 'an', 'of', 'its', 'their', 'to']);
const dangling = (word: string) => NEEDS_OBJECT.has(bare(word).toLowerCase()) || /^me\p{L}{3,}(kan|i)$/u.test(bare(word).toLowerCase());
// Two capitalised words in a row are a name ("Asia Tengah"): never cut between them.
const insideName = (words: string[], i: number) => /^\p{Lu}/u.test(bare(words[i]!)) && /^\p{Lu}/u.test(bare(words[i - 1]!)) && !/[,;:.]$/.test(words[i - 1]!);

/** The longest start of `words` that ends at a boundary (`at(i)`: a cut may come before word i), at most `max` words. */
function cutAt(words: string[], at: (i: number) => boolean, max: number): string[] | null {
  for (let i = Math.min(max, words.length - 1); i >= MIN_CUT; i--) {
    if (!at(i) || insideName(words, i)) continue;
    const kept = trimEnd(words.slice(0, i));
    if (kept.length >= MIN_CUT - 1 && !dangling(kept.at(-1)!)) return kept;
  }
  return null;
}

/** Asides a slide can do without: "(SCO)", "(Ivanov et al. 2015, p. 45)", ", i.e. left the Federation," (a
 * restatement; an example after "e.g." may be the start of a list, so it stays). */
function dropAsides(words: string[]): string[] {
  const text = words.join(' ')
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/,\s+(?:i\.e\.|yakni|that is)\s[^,]*,/giu, ',');
  return text.split(/\s+/).filter(Boolean).length >= MIN_CUT ? text.split(/\s+/).filter(Boolean) : words;
}

/**
 * "konflik kepentingan yang terjadi dalam tubuh pemerintahan menyebabkan …": a short relative clause between a noun
 * and its verb (me-) is left out, so the bullet keeps what the sentence says.
 */
function dropRelative(words: string[]): string[] {
  for (let j = 2; j < words.length - 2; j++) {
    if (bare(words[j]!).toLowerCase() !== 'yang' || /[,;:]$/.test(words[j - 1]!)) continue;
    for (let k = j + 2; k <= Math.min(words.length - 1, j + 6); k++) {
      // Another "yang" or a comma: not one short clause.
      if (/[,;:.]$/.test(words[k - 1]!) || bare(words[k]!).toLowerCase() === 'yang') break;
      if (/^me\p{L}{3,}$/u.test(bare(words[k]!).toLowerCase()) || ['adalah', 'merupakan'].includes(bare(words[k]!).toLowerCase())) return [...words.slice(0, j), ...words.slice(k)];
    }
  }
  return words;
}

/** A sentence shortened to at most 12 words, cut at a clause boundary when it can be: a comma, "yang", "karena". */
export function shorten(sentence: string, max = MAX_WORDS): string {
  let words = trimStart(sentence.trim().split(/\s+/));
  if (words.length > max) words = dropAsides(words);
  // "Apabila X, Y": the main clause Y says it on a slide.
  const comma = words.findIndex((w) => /,$/.test(w));
  if (words.length > max && SUBORDINATORS.has(bare(words[0]!).toLowerCase()) && comma > 0 && words.length - comma - 1 >= 4) words = trimStart(words.slice(comma + 1));
  if (words.length > max) words = dropFiller(words);
  if (words.length > max) words = dropRelative(words);
  if (words.length > max) {
    const clause = (i: number) => /,$/.test(words[i - 1]!) || CLAUSE_WORDS.has(bare(words[i]!).toLowerCase());
    const preposition = (i: number) => PREPOSITIONS.has(bare(words[i]!).toLowerCase());
    words = cutAt(words, clause, max) ?? cutAt(words, preposition, max) ?? cutAt(words, () => true, max) ?? trimEnd(words.slice(0, max));
  }
  return capitalise(words.join(' ').replace(/[.,;:!?]+$/, ''));
}

/** An enumeration "a, b, dan c" (three items or more, each of one to three words) in a sentence's words. */
function findEnumeration(words: string[]): { start: number; end: number; items: string[] } | null {
  for (let c = 2; c < words.length - 1; c++) {
    if (!LIST_AND.has(words[c]!.toLowerCase())) continue;
    // The items between commas before the conjunction, walking back.
    const bounds: [number, number][] = [];
    let end = c;
    let start = end - 1;
    while (start > 0 && !/,$/.test(words[start - 1]!) && end - start < 3) start--;
    if (start === 0 || !/,$/.test(words[start - 1]!)) continue;
    bounds.unshift([start, end]);
    end = start;
    for (;;) {
      let s = end - 1;
      while (s > 0 && !/,$/.test(words[s - 1]!) && end - s < 3) s--;
      if (s > 0 && /,$/.test(words[s - 1]!) && end - s <= 3) {
        bounds.unshift([s, end]);
        end = s;
      } else {
        // The first item: as long as the one after it.
        const length = bounds[0]![1] - bounds[0]![0];
        bounds.unshift([Math.max(0, end - length), end]);
        break;
      }
    }
    const lastLength = bounds.at(-1)![1] - bounds.at(-1)![0];
    let last = c + 1;
    while (last < words.length && last - (c + 1) < lastLength) if (/[.,;:!?]$/.test(words[last++]!)) break;
    bounds.push([c + 1, last]);
    if (bounds.length < 3 || bounds.some(([s, e]) => e - s < 1 || e - s > 3 || words.slice(s, e).some((w) => STOP_WORDS.has(bare(w).toLowerCase())))) continue;
    const items = bounds.map(([s, e]) => capitalise(words.slice(s, e).map(bare).join(' ')));
    return { start: bounds[0]![0], end: bounds.at(-1)![1], items };
  }
  return null;
}

/** A bullet from a sentence: shortened; an enumeration in it becomes sub-bullets under the words that lead to it. */
export function bulletOf(sentence: string): DraftBullet {
  const words = sentence.trim().split(/\s+/);
  const list = findEnumeration(words);
  if (list) {
    const head = trimStart(words.slice(0, list.start));
    if (head.length >= 2) {
      let text = shorten(head.join(' '));
      const lastHead = bare(head.at(-1)!).toLowerCase();
      const kept = bare(text.split(' ').at(-1)!).toLowerCase() === lastHead;
      const leadingVerb = /^(ber|me|ter)\p{L}{4,}$/u.test(lastHead);
      // "… yang beranggotakan" cut off: the verb that leads to the list comes back after an ellipsis.
      if (!kept && leadingVerb) text = `${shorten(head.join(' '), MAX_WORDS - 2)} … ${bare(head.at(-1)!)}`;
      const introduces = leadingVerb || INTRODUCERS.has(lastHead) || PREPOSITIONS.has(lastHead) || lastHead === 'of';
      return { text: introduces && (kept || leadingVerb) ? `${text}:` : text, points: list.items };
    }
  }
  return { text: shorten(sentence) };
}
