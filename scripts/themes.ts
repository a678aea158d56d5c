import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Font files shipped in npm packages, embedded as data: URIs so nothing is ever fetched. */
const FONTS: { pkg: string; css: string[] }[] = [
  { pkg: '@fontsource/source-sans-3', css: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'] },
  { pkg: '@fontsource/source-serif-4', css: ['400.css', '400-italic.css'] },
  { pkg: '@fontsource/jetbrains-mono', css: ['400.css'] },
];
const SUBSETS = ['latin', 'latin-ext'];

export interface ThemeSet {
  /** Theme name → CSS, as read from themes/*.css. */
  themes: Map<string, string>;
  /** The @font-face rules with embedded fonts. */
  fontCss: string;
  dir: string;
  hash: string;
}

let fontCssCache: string | undefined;

export function fontFaceCss(): string {
  if (fontCssCache) return fontCssCache;
  const rules: string[] = [];
  for (const font of FONTS) {
    const pkgDir = dirname(require.resolve(`${font.pkg}/package.json`));
    for (const file of font.css) {
      const css = readFileSync(join(pkgDir, file), 'utf8');
      for (const block of css.split(/(?=\/\* )/)) {
        const subset = /\/\* [\w-]+?-((?:latin-ext|latin|[a-z-]+?))-\d{3}-(?:normal|italic) \*\//.exec(block)?.[1];
        if (!subset || !SUBSETS.includes(subset)) continue;
        rules.push(
          block
            .replace(/\/\*.*?\*\/\s*/, '')
            .replace(/font-display: swap;/, 'font-display: block;')
            .replace(/src: url\(\.\/files\/([\w.-]+\.woff2)\) format\('woff2'\)[^;]*;/, (_m, name: string) => {
              const data = readFileSync(join(pkgDir, 'files', name)).toString('base64');
              return `src: url(data:font/woff2;base64,${data}) format('woff2');`;
            })
            .trim(),
        );
      }
    }
  }
  fontCssCache = rules.join('\n');
  return fontCssCache;
}

/** Reads every Marp theme in `dir` (themes/*.css) and the embedded fonts. */
export function loadThemes(dir: string): ThemeSet {
  const themes = new Map<string, string>();
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.css')).sort()) {
    const css = readFileSync(join(dir, name), 'utf8');
    const declared = /@theme\s+([\w-]+)/.exec(css)?.[1] ?? basename(name, '.css');
    themes.set(declared, css);
    hash.update(name).update('\0').update(css).update('\0');
  }
  const fontCss = fontFaceCss();
  hash.update(fontCss);
  return { themes, fontCss, dir, hash: hash.digest('hex') };
}
