// Plain JavaScript: loaded by the Marp engine (see engine.mjs), where no TypeScript loader runs.

/**
 * A hyphenated word: Indonesian reduplication (`negara-negara`, `kepentingan-kepentingan`) and compounds
 * (`Pasca-Perang`). Browsers may break a line after its hyphen, leaving "negara-" at a line's end; such a word
 * is one word to a reader, so it is kept whole. A chain longer than a column could hold is left breakable.
 */
const HYPHENATED = /[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)+/gu;
const LONGEST_KEPT_WHOLE = 40;

/** The class the themes and the printed pages style with `white-space: nowrap`. */
export const NOBR_CLASS = 'nobr';

/** Splits text into runs: `{ text, whole }`, where `whole` runs are hyphenated words to keep on one line. */
export function hyphenatedRuns(text) {
  const runs = [];
  let last = 0;
  for (const match of text.matchAll(HYPHENATED)) {
    if (match[0].length > LONGEST_KEPT_WHOLE) continue;
    if (match.index > last) runs.push({ text: text.slice(last, match.index), whole: false });
    runs.push({ text: match[0], whole: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), whole: false });
  return runs;
}

/** markdown-it plugin: every hyphenated word in running text is wrapped in `<span class="nobr">`. */
export function nobrPlugin(md) {
  md.renderer.rules.paparan_nobr_open = () => `<span class="${NOBR_CLASS}">`;
  md.renderer.rules.paparan_nobr_close = () => '</span>';
  md.core.ruler.after('inline', 'paparan_nobr', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const children = [];
      for (const token of block.children) {
        if (token.type !== 'text' || !token.content.includes('-')) {
          children.push(token);
          continue;
        }
        for (const run of hyphenatedRuns(token.content)) {
          const text = new state.Token('text', '', 0);
          text.content = run.text;
          if (!run.whole) {
            children.push(text);
            continue;
          }
          children.push(new state.Token('paparan_nobr_open', 'span', 1), text, new state.Token('paparan_nobr_close', 'span', -1));
        }
      }
      block.children = children;
    }
  });
}
