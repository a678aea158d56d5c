import { STOP_WORDS } from './stopwords.ts';

const TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** `pipa-pipa` → `pipa`, `negara-negara` → `negara`: a reduplication counts as its word. */
const base = (word: string) => {
  const parts = word.split('-');
  return parts.length === 2 && parts[0]!.toLowerCase() === parts[1]!.toLowerCase() ? parts[0]! : word;
};

const content = (word: string) => word.length >= 2 && !/^\d+$/.test(word) && !STOP_WORDS.has(word.toLowerCase());
const capital = (word: string) => /^\p{Lu}/u.test(word);

/**
 * The key terms of a set of sentences: content words, and two-word names (`Asia Tengah`, `Uni Soviet`: two capitalised
 * words somewhere other than the start of a sentence) or two content words written together at least twice
 * (`gas alam`). Each term has a key (lower case) and the form to show (as the text mostly writes it mid-sentence).
 */
export class TermIndex {
  /** Each sentence's term keys, in order, repeats kept. */
  readonly sentenceTerms: string[][];
  private readonly idf = new Map<string, number>();
  private readonly shown = new Map<string, string>();

  constructor(sentences: readonly string[]) {
    const tokenized = sentences.map((s) => (s.match(TOKEN) ?? []).map(base));
    const pairs = new Map<string, number>();
    const names = new Set<string>();
    for (const tokens of tokenized) {
      tokens.forEach((word, i) => {
        const next = tokens[i + 1];
        if (next === undefined || !content(word) || !content(next)) return;
        const key = `${word} ${next}`.toLowerCase();
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
        if (i > 0 && capital(word) && capital(next)) names.add(key);
      });
    }
    const forms = new Map<string, Map<string, number>>();
    this.sentenceTerms = tokenized.map((tokens) => {
      const terms: string[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i]!;
        const next = tokens[i + 1];
        let term = word;
        if (next !== undefined && content(word) && content(next)) {
          const key = `${word} ${next}`.toLowerCase();
          if (names.has(key) || (pairs.get(key) ?? 0) >= 2) {
            term = `${word} ${next}`;
            i++;
          }
        }
        if (!term.includes(' ') && !content(term)) continue;
        const key = term.toLowerCase();
        terms.push(key);
        // The form mid-sentence wins over the capital a sentence starts with.
        const weight = i === 0 || (i === 1 && term.includes(' ')) ? 1 : 10;
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
    const factor = (t: string) => (t.includes(' ') || /^\p{Lu}/u.test(this.show(t)) ? 1.5 : /^(me|di|ber|ter)\p{L}{3,}|nya$/u.test(t) ? 0.3 : 1);
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
