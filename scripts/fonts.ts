import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The family under which every fallback face is registered: emoji and the Noto faces of the scripts Source Sans 3
 * lacks. The themes' three stacks (sans, serif, mono) all name it right after their text font, so one set of faces
 * serves all three. It must be a family of its own: faces added to the "Source Sans 3" family itself would go
 * unused by its 600-weight and italic text (Chromium picks one weight and style per family before it looks at
 * unicode-range), and that text would fall back to a system font.
 */
export const FALLBACK_FAMILY = 'Noto Emoji';

const TEXT_SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];

/** The text fonts: each of their faces is embedded when the text uses a character of its range. */
const TEXT_FONTS: { pkg: string; css: string[] }[] = [
  { pkg: 'source-sans-3', css: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: 'source-serif-4', css: ['400.css', '400-italic.css'] },
  { pkg: 'jetbrains-mono', css: ['400.css', '700.css'] },
];

/**
 * The fallback fonts, most preferred first: a character the text fonts lack is drawn by the first of these whose
 * range holds it. Emoji come first for pictographs only (their ranges also hold digits and `#`), and last for
 * anything else in their ranges. Han is Simplified Chinese's (Noto Sans SC also has kana); KR adds Hangul.
 */
const FALLBACK_FONTS: { pkg: string; subsets: (subset: string) => boolean; chars?: RegExp }[] = [
  // Noto Sans SC has a few Hangul syllables too; Korean text takes all of them from KR.
  { pkg: 'noto-sans-kr', subsets: (s) => /^\d+$/.test(s), chars: /\p{Script=Hangul}/u },
  { pkg: 'noto-sans-arabic', subsets: (s) => s === 'arabic' },
  { pkg: 'noto-sans-hebrew', subsets: (s) => s === 'hebrew' },
  { pkg: 'noto-sans-devanagari', subsets: (s) => s === 'devanagari' },
  { pkg: 'noto-sans-thai', subsets: (s) => s === 'thai' },
  { pkg: 'noto-sans-arabic', subsets: (s) => s === 'symbols' || s === 'math' },
  { pkg: 'noto-sans-sc', subsets: (s) => /^\d+$/.test(s) },
  { pkg: 'noto-sans-kr', subsets: (s) => /^\d+$/.test(s) },
];
/** Weights of the fallback faces; other weights and italics are matched to these (italics synthesized). */
const FALLBACK_WEIGHTS = ['400', '700'];
const EMOJI_PKG = 'noto-emoji';

type Range = [number, number];

/** One @font-face of a package: one weight and style of one Unicode subset. Its font file is read only when used. */
interface Face {
  pkg: string;
  subset: string;
  weight: string;
  /** The rule, with {@link SRC} where the data: URL goes. */
  rule: string;
  file: string;
  ranges: Range[];
}

/** A subset of a fallback font in all its weights: chosen or not as a whole. */
interface Slot {
  faces: Face[];
  ranges: Range[];
  emoji: boolean;
}

const SRC = '\u0000src\u0000';

interface TextCatalog {
  /** The text faces, grouped by family, weight and style (one CSS file each), in their files' order. */
  groups: Face[][];
  /** The text faces of Source Sans 3, the body font: what it lacks is what the fallbacks are for. */
  body: Face[];
}

interface FallbackCatalog {
  /** Every fallback subset, most preferred first, emoji last. */
  slots: Slot[];
  /** The fallback subsets in order of preference, some only for the characters of one script. */
  preference: { slot: Slot; chars?: RegExp }[];
}

let textCatalog: TextCatalog | undefined;
let fallbackCatalog: FallbackCatalog | undefined;

function textFonts(): TextCatalog {
  if (textCatalog) return textCatalog;
  const groups = TEXT_FONTS.flatMap((f) => f.css.map((css) => readFaces(f.pkg, css, (s) => TEXT_SUBSETS.includes(s))));
  textCatalog = { groups, body: groups.filter((group) => group[0]?.pkg === 'source-sans-3').flat() };
  return textCatalog;
}

/** Read only for a text that has a character Source Sans 3 lacks, or a pictograph: a Latin deck never pays for it. */
function fallbackFonts(): FallbackCatalog {
  if (fallbackCatalog) return fallbackCatalog;
  const slots = new Map<string, Slot>();
  const preference: FallbackCatalog['preference'] = [];
  const add = (pkg: string, subsets: (subset: string) => boolean, emoji: boolean, chars?: RegExp) => {
    const faces = FALLBACK_WEIGHTS.flatMap((w) => readFaces(pkg, `${w}.css`, subsets, emoji ? undefined : FALLBACK_FAMILY));
    for (const face of faces) {
      const key = `${pkg}/${face.subset}`;
      let slot = slots.get(key);
      if (!slot) {
        slot = { faces: [], ranges: face.ranges, emoji };
        slots.set(key, slot);
        preference.push({ slot, chars });
      } else if (!preference.some((p) => p.slot === slot && p.chars === chars)) preference.push({ slot, chars });
      if (!slot.faces.some((f) => f.file === face.file)) slot.faces.push(face);
    }
  };
  for (const f of FALLBACK_FONTS) add(f.pkg, f.subsets, false, f.chars);
  add(EMOJI_PKG, () => true, true);
  // In the order of their unrestricted entries: Korean's subsets rank after Chinese's for the Han they share.
  fallbackCatalog = { slots: preference.filter((p) => !p.chars).map((p) => p.slot), preference };
  return fallbackCatalog;
}

/** The faces of one CSS file of a @fontsource package, in its subsets that `keep` accepts. */
function readFaces(pkg: string, cssFile: string, keep: (subset: string) => boolean, family?: string): Face[] {
  const pkgDir = dirname(require.resolve(`@fontsource/${pkg}/package.json`));
  const css = readFileSync(join(pkgDir, cssFile), 'utf8');
  const faces: Face[] = [];
  for (const block of css.split(/(?=\/\* )/)) {
    const head = new RegExp(`^/\\* ${pkg}-\\[?([a-z0-9-]+?)\\]?-(\\d{3})-(?:normal|italic) \\*/`).exec(block);
    if (!head || !keep(head[1]!)) continue;
    let file = '';
    let rule = block
      .replace(/\/\*.*?\*\/\s*/, '')
      .replace(/font-display: swap;/, 'font-display: block;')
      .replace(/src: url\(\.\/files\/([\w.-]+\.woff2)\) format\('woff2'\)[^;]*;/, (_m, name: string) => {
        file = join(pkgDir, 'files', name);
        return `src: ${SRC} format('woff2');`;
      })
      .trim();
    if (!file) continue;
    if (family) rule = rule.replace(/font-family: '[^']*';/, `font-family: '${family}';`);
    faces.push({ pkg, subset: head[1]!, weight: head[2]!, rule, file, ranges: unicodeRanges(rule) });
  }
  return faces;
}

/** Parsed unicode-ranges by their text: a subset's weights share one list. */
const rangeLists = new Map<string, Range[]>();

function unicodeRanges(rule: string): Range[] {
  const list = /unicode-range:\s*([^;]+);/.exec(rule)?.[1] ?? '';
  let ranges = rangeLists.get(list);
  if (!ranges) {
    ranges = [...list.matchAll(/U\+([0-9a-f]+)(?:-([0-9a-f]+))?/gi)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)] as Range);
    rangeLists.set(list, ranges);
  }
  return ranges;
}

const inRanges = (c: number, ranges: Range[]) => ranges.some(([lo, hi]) => c >= lo && c <= hi);

/** Font files as base64, each read once per process and only when a document needs it. */
const data = new Map<string, string>();

function embed(face: Face): string {
  let base64 = data.get(face.file);
  if (base64 === undefined) {
    base64 = readFileSync(face.file).toString('base64');
    data.set(face.file, base64);
  }
  return face.rule.replace(SRC, () => `url(data:font/woff2;base64,${base64})`);
}

const PICTOGRAPHIC = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}]/u;

/** The fallback subsets that draw a character, found once per character and process. */
const slotsOf = new Map<number, Slot[]>();

/** Which fallback subsets draw the characters Source Sans 3 lacks, and the pictographs; characters none can draw are left out. */
function chooseFallbacks(chars: Iterable<number>): Set<Slot> {
  const { body } = textFonts();
  const chosen = new Set<Slot>();
  for (const c of chars) {
    let found = slotsOf.get(c);
    if (!found) {
      const char = String.fromCodePoint(c);
      const pictograph = PICTOGRAPHIC.test(char);
      found = !pictograph && body.some((f) => inRanges(c, f.ranges)) ? [] : fallbacksFor(c, char, pictograph);
      slotsOf.set(c, found);
    }
    found.forEach((s) => chosen.add(s));
  }
  return chosen;
}

function fallbacksFor(c: number, char: string, pictograph: boolean): Slot[] {
  const { slots, preference } = fallbackFonts();
  const emoji = slots.filter((s) => s.emoji && inRanges(c, s.ranges));
  // Every emoji subset that holds a pictograph, as a sequence joined by U+200D needs its parts in one face.
  if (pictograph && emoji.length) return emoji;
  const slot = preference.find((p) => !p.slot.emoji && (!p.chars || p.chars.test(char)) && inRanges(c, p.slot.ranges))?.slot;
  return slot ? [slot] : emoji;
}

let latinCss: string | undefined;

/**
 * The @font-face rules a document needs: a face (one weight of one Unicode subset) is embedded only when `text`
 * holds a character of its range that no later face of its family, weight and style holds (the browser tries the
 * last rule first), so a deck in plain Latin carries no Greek, Cyrillic, CJK or emoji fonts. The basic Latin faces
 * are always embedded. Characters Source Sans 3 lacks get the fallback faces (emoji, Arabic, Hebrew, Devanagari,
 * Thai, Chinese and Japanese, Korean) under {@link FALLBACK_FAMILY}, in 400 and 700.
 * Without `text`, the faces of Latin and Latin Extended.
 */
export function fontFaceCss(text?: string): string {
  const { groups } = textFonts();
  if (text === undefined) {
    latinCss ??= groups.flat().filter((f) => f.subset === 'latin' || f.subset === 'latin-ext').map(embed).join('\n');
    return latinCss;
  }
  // ASCII is always covered by the basic Latin faces, so only the rest of the text is looked at.
  const chars = new Set([...text.matchAll(/[^\x00-\x7F]/gu)].map((m) => m[0].codePointAt(0)!));
  const used = new Set<Face>();
  for (const group of groups) {
    for (const face of group) if (face.ranges.some(([lo]) => lo === 0)) used.add(face);
    for (const c of chars) {
      for (let i = group.length - 1; i >= 0; i--) {
        if (!inRanges(c, group[i]!.ranges)) continue;
        used.add(group[i]!);
        break;
      }
    }
  }
  const chosen = chooseFallbacks(chars);
  const scripts = [...chosen].some((s) => !s.emoji);
  // Declared from the least preferred up (where ranges overlap, the browser tries the last rule first); emoji
  // last, in their package's order. Bold emoji are synthesized from the 400 face, unless script faces give the
  // family a 700 weight.
  const picked = chosen.size ? fallbackFonts().slots.filter((s) => chosen.has(s)) : [];
  const fallbackFaces = [...picked.filter((s) => !s.emoji).reverse(), ...picked.filter((s) => s.emoji)].flatMap((s) => s.faces.filter((f) => !s.emoji || scripts || f.weight === '400'));
  return [...groups.flat().filter((f) => used.has(f)), ...fallbackFaces].map(embed).join('\n');
}

/**
 * The font package that draws `codePoint` (by the unicode-range of its subsets), or undefined when no embedded face
 * covers it: Source Sans 3 first, then the fallbacks in order of preference.
 */
export function fontFor(codePoint: number): string | undefined {
  const [slot] = chooseFallbacks([codePoint]);
  if (slot) return slot.faces[0]!.pkg;
  return textFonts().body.some((f) => inRanges(codePoint, f.ranges)) ? 'source-sans-3' : undefined;
}
