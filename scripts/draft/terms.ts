import { ABBREVIATIONS, STOP_WORDS } from './stopwords.ts';

const TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** `pipa-pipa` → `pipa`, `negara-negara` → `negara`: a reduplication counts as its word. */
const base = (word: string) => {
  const parts = word.split('-');
  return parts.length === 2 && parts[0]!.toLowerCase() === parts[1]!.toLowerCase() ? parts[0]! : word;
};

// "Dr", "dkk", "hlm", "al" (of "et al."): parts of abbreviations, never key terms.
const ABBREVIATED = new Set(ABBREVIATIONS.flatMap((a) => a.split(/[.\s]+/)).filter(Boolean));
const content = (word: string) => word.length >= 2 && !/^\d+$/.test(word) && !STOP_WORDS.has(word.toLowerCase()) && !ABBREVIATED.has(word.toLowerCase());
const capital = (word: string) => /^\p{Lu}/u.test(word);
/** Looks like an Indonesian verb (me-, di-, ber-, ter-) or ends in -nya: not part of a two-word term or a title. */
/** Nouns too general to name a slide ("Permasalahan dan Rusia"). */
const GENERAL = new Set(['masalah', 'permasalahan', 'kelompok', 'pihak', 'upaya', 'cara', 'bentuk', 'hal', 'aspek', 'faktor', 'kondisi', 'jangka', 'waktu', 'issue', 'issues', 'problem', 'problems', 'aspect', 'factor', 'way', 'ways', 'group', 'groups']);
export const verbLike = (word: string) => /^(me|di|ber|ter)\p{L}{3,}|nya$/u.test(word.toLowerCase());

/** A sentence's words, each marked where punctuation stands before it (a name never runs across a comma or bracket). */
interface Token {
  word: string;
  /** Punctuation stands before it (or it starts the sentence). */
  pause: boolean;
}

function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  let pause = true;
  for (const chunk of sentence.split(/\s+/)) {
    const found = chunk.match(TOKEN) ?? [];
    found.forEach((word, i) => tokens.push({ word: base(word), pause: pause || i > 0 || /^[("“'‘[]/.test(chunk) }));
    pause = found.length === 0 || /[.,;:!?)"”'’\]]$/.test(chunk);
  }
  return tokens;
}

const MAX_NAME = 4;

/**
 * The key terms of a set of sentences: content words, names (`Asia Tengah`, `Shanghai Cooperation Organization`: two to
 * four capitalised words in a row, the first word of a sentence only when the text never writes it in lower case) and
 * two content words written together at least twice (`gas alam`). Each term has a key (lower case) and the form to
 * show (as the text mostly writes it mid-sentence).
 */
export class TermIndex {
  /** Each sentence's term keys, in order, repeats kept. */
  readonly sentenceTerms: string[][];
  private readonly idf = new Map<string, number>();
  private readonly shown = new Map<string, string>();
  /** Terms written with a capital mid-sentence: names. */
  private readonly proper = new Set<string>();

  constructor(sentences: readonly string[]) {
    const tokenized = sentences.map(tokenize);
    const lowerWords = new Set(tokenized.flat().map((t) => t.word).filter((w) => !capital(w)));
    const pairs = new Map<string, number>();
    for (const tokens of tokenized) {
      tokens.forEach(({ word }, i) => {
        const next = tokens[i + 1];
        if (next === undefined || next.pause || !content(word) || !content(next.word) || verbLike(word) || verbLike(next.word)) return;
        const key = `${word} ${next.word}`.toLowerCase();
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      });
    }
    /** The capitalised run from `i`: up to four words, never across punctuation. */
    const runAt = (tokens: Token[], i: number): number => {
      let n = 0;
      while (i + n < tokens.length && n < MAX_NAME && capital(tokens[i + n]!.word) && !/^\d/.test(tokens[i + n]!.word) && (n === 0 || !tokens[i + n]!.pause)) n++;
      return n;
    };
    const known = new Set<string>();
    for (const tokens of tokenized) for (let i = 1; i < tokens.length; i++) if (tokens[i]!.pause || !capital(tokens[i - 1]!.word)) {
      const n = runAt(tokens, i);
      if (n >= 2) known.add(tokens.slice(i, i + n).map((t) => t.word.toLowerCase()).join(' '));
    }
    /** How many words from `i` make a name (0: none). */
    const nameAt = (tokens: Token[], i: number): number => {
      if (i > 1 && !tokens[i]!.pause && capital(tokens[i - 1]!.word)) return 0;
      const n = runAt(tokens, i);
      if (n < 2) return 0;
      // From the second word on (a name at the first word was looked for first).
      if (i > 0) return n;
      // A sentence's first word is capitalised anyway: a name there is one the text writes elsewhere, or three
      // capitalised words whose first the text never writes in lower case (`Shanghai Cooperation Organization`).
      for (let k = n; k >= 2; k--) if (known.has(tokens.slice(0, k).map((t) => t.word.toLowerCase()).join(' '))) return k;
      return n >= 3 && !lowerWords.has(tokens[0]!.word.toLowerCase()) ? n : 0;
    };
    const forms = new Map<string, Map<string, number>>();
    this.sentenceTerms = tokenized.map((tokens) => {
      const terms: string[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const start = i;
        const word = tokens[i]!.word;
        const next = tokens[i + 1];
        let term = word;
        const name = nameAt(tokens, i);
        if (name >= 2) {
          term = tokens.slice(i, i + name).map((t) => t.word).join(' ');
          i += name - 1;
        } else if (next !== undefined && !next.pause && content(word) && content(next.word) && (pairs.get(`${word} ${next.word}`.toLowerCase()) ?? 0) >= 2) {
          term = `${word} ${next.word}`;
          i++;
        }
        if (!term.includes(' ') && !content(term)) continue;
        const key = term.toLowerCase();
        terms.push(key);
        // The form mid-sentence wins over the capital a sentence starts with.
        const weight = start === 0 ? 1 : 10;
        if (start > 0 && capital(term)) this.proper.add(key);
        const seen = forms.get(key) ?? new Map<string, number>();
        seen.set(term, (seen.get(term) ?? 0) + weight);
        forms.set(key, seen);
      }
      return terms;
    });
    const df = new Map<string, number>();
    for (const terms of this.sentenceTerms) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    const n = Math.max(1, sentences.length);
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + n / d));
    for (const [key, seen] of forms) {
      const best = [...seen].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      this.shown.set(key, best);
    }
  }

  /** How the text writes a term. */
  show(key: string): string {
    return this.shown.get(key) ?? key;
  }

  /** TF-IDF weight of each term over the given sentences (by index). */
  weights(indices: readonly number[]): Map<string, number> {
    const tf = new Map<string, number>();
    for (const i of indices) for (const t of this.sentenceTerms[i] ?? []) tf.set(t, (tf.get(t) ?? 0) + 1);
    return new Map([...tf].map(([t, f]) => [t, f * (this.idf.get(t) ?? 0)]));
  }

  /** A sentence's score: the weight of its distinct terms over the square root of its length (long ones do not win by length). */
  score(index: number): number {
    const terms = this.sentenceTerms[index] ?? [];
    if (terms.length === 0) return 0;
    let sum = 0;
    for (const t of new Set(terms)) sum += this.idf.get(t) ?? 0;
    return sum / Math.sqrt(terms.length);
  }

  /** The `count` heaviest terms over the given sentences, heaviest first (ties: first written first). */
  topTerms(indices: readonly number[], count: number): string[] {
    const order = new Map<string, number>();
    indices.forEach((i) => (this.sentenceTerms[i] ?? []).forEach((t) => order.has(t) || order.set(t, order.size)));
    return [...this.weights(indices)].sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!).slice(0, count).map(([t]) => t);
  }

  /** Terms for a title: names and two-word terms first, words that look like verbs (me-, di-, ber-, ter-, -nya) last. */
  titleTerms(indices: readonly number[], count: number): string[] {
    const factor = (t: string) => (verbLike(t) || GENERAL.has(t) ? 0.3 : t.includes(' ') || this.proper.has(t) ? 1.5 : 1);
    const ranked = this.topTerms(indices, 50);
    const weight = this.weights(indices);
    return ranked.map((t, i) => ({ t, i, w: weight.get(t)! * factor(t) })).sort((a, b) => b.w - a.w || a.i - b.i).slice(0, count).map((x) => x.t);
  }

  /** Cosine similarity of the term weights of two sets of sentences. */
  similarity(a: readonly number[], b: readonly number[]): number {
    const wa = this.weights(a);
    const wb = this.weights(b);
    let dot = 0;
    for (const [t, w] of wa) dot += w * (wb.get(t) ?? 0);
    const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, w) => s + w * w, 0));
    return dot === 0 ? 0 : dot / (norm(wa) * norm(wb));
  }
}
