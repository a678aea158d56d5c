import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Font files shipped in npm packages, embedded as data: URIs so nothing is ever fetched. */
const FONTS: { pkg: string; css: string[]; subsets?: string[] }[] = [
  { pkg: '@fontsource/source-sans-3', css: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'], subsets: ['latin', 'latin-ext'] },
  { pkg: '@fontsource/source-serif-4', css: ['400.css', '400-italic.css'], subsets: ['latin', 'latin-ext'] },
  { pkg: '@fontsource/jetbrains-mono', css: ['400.css', '700.css'], subsets: ['latin', 'latin-ext'] },
  // Emoji subsets are large; each is embedded only in decks that use one of its characters.
  { pkg: '@fontsource/noto-emoji', css: ['400.css'] },
];

interface FontFace {
  css: string;
  ranges: [number, number][];
  /** Emoji faces are chosen by pictographic characters only (their ranges also hold digits and #). */
  emoji: boolean;
}

let faces: FontFace[] | undefined;

function fontFaces(): FontFace[] {
  if (faces) return faces;
  faces = [];
  for (const font of FONTS) {
    const pkgDir = dirname(require.resolve(`${font.pkg}/package.json`));
    for (const file of font.css) {
      const css = readFileSync(join(pkgDir, file), 'utf8');
      for (const block of css.split(/(?=\/\* )/)) {
        const family = font.pkg.replace('@fontsource/', '');
        const subset = new RegExp(`^/\\* ${family}-\\[?([a-z0-9-]+?)\\]?-\\d{3}-(?:normal|italic) \\*/`).exec(block)?.[1];
        if (!subset || (font.subsets && !font.subsets.includes(subset))) continue;
        const rule = block
          .replace(/\/\*.*?\*\/\s*/, '')
          .replace(/font-display: swap;/, 'font-display: block;')
          .replace(/src: url\(\.\/files\/([\w.-]+\.woff2)\) format\('woff2'\)[^;]*;/, (_m, name: string) => {
            const data = readFileSync(join(pkgDir, 'files', name)).toString('base64');
            return `src: url(data:font/woff2;base64,${data}) format('woff2');`;
          })
          .trim();
        faces.push({ css: rule, ranges: unicodeRanges(rule), emoji: !font.subsets });
      }
    }
  }
  return faces;
}

function unicodeRanges(rule: string): [number, number][] {
  const list = /unicode-range:\s*([^;]+);/.exec(rule)?.[1] ?? '';
  return list.split(',').map((r) => {
    const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(lo!, 16), parseInt(hi ?? lo!, 16)] as [number, number];
  });
}

const PICTOGRAPHIC = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}]/gu;

/**
 * The @font-face rules a document needs: a face (one weight of one Unicode subset) is embedded only when
 * `text` holds a character of its range, so a deck in plain Latin carries no Latin Extended or emoji fonts.
 * The basic Latin faces are always embedded. Without `text`, every text face is returned.
 */
export function fontFaceCss(text?: string): string {
  // ASCII is always covered by the basic Latin faces, so only the rest of the text is looked at.
  const chars = text === undefined ? undefined : new Set([...text.matchAll(/[^\x00-\x7F]/gu)].map((m) => m[0].codePointAt(0)!));
  const pictographs = new Set([...(text ?? '').matchAll(PICTOGRAPHIC)].map((m) => m[0].codePointAt(0)!));
  const covers = (f: FontFace, set: Set<number>) => [...set].some((c) => f.ranges.some(([lo, hi]) => c >= lo && c <= hi));
  return fontFaces()
    .filter((f) => (f.emoji ? covers(f, pictographs) : !chars || f.ranges.some(([lo]) => lo === 0) || covers(f, chars)))
    .map((f) => f.css)
    .join('\n');
}
