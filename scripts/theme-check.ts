import { createRequire } from 'node:module';
import type { Root } from 'postcss';
import type { MessageList, Position } from './messages.ts';
import { sanitizeCss, type Removal } from './render/sanitize.mjs';

interface MarpitTheme {
  name: string;
  importRules: { value: string; node: { source?: { start?: { line: number; column: number } } } }[];
}

// Marpit as marp-core uses it (its own dependency), with marp-core's theme settings: what `themeSet.add` does.
// Both are loaded when a theme is first checked: a theme that passed before is not checked again (verdicts.ts).
type MarpitThemeClass = { fromCSS(css: string, options: object): MarpitTheme };
let marpitThemeClass: MarpitThemeClass | undefined;
const marpitTheme = () =>
  (marpitThemeClass ??= (createRequire(createRequire(import.meta.url).resolve('@marp-team/marp-core'))('@marp-team/marpit/lib/theme') as { default: MarpitThemeClass }).default);
let postcssModule: typeof import('postcss') | undefined;
const postcss = () => (postcssModule ??= createRequire(import.meta.url)('postcss') as typeof import('postcss'));
const MARP_THEME_OPTIONS = { metaType: { 'auto-scaling': String, size: Array }, cssNesting: true };

/** A theme name an outline can ask for (`theme:` in an outline takes the same). */
const THEME_NAME = /^[a-z0-9][a-z0-9-]*$/;
const EMBED_HINT = 'Download the file into the project and embed it, or remove it';

export interface ThemeImport {
  name: string;
  position: Position;
}

export interface CheckedTheme {
  name: string;
  /** Where the `@theme` comment is. */
  position: Position;
  /** Themes it imports, as Marp resolves them (`@import 'name'` before any rule, `@import-theme` anywhere). */
  imports: ThemeImport[];
}

/**
 * Checks one theme as Marp will read it: CSS syntax (postcss), the `@theme` name (Marpit's own Theme.fromCSS),
 * and everything that could load a file or reach the network, found by the same sanitizer that cleans the
 * rendered CSS, so the check and the sanitizer never disagree. Returns undefined after adding messages.
 */
export function checkTheme(css: string, messages: MessageList): CheckedTheme | undefined {
  let root: Root;
  try {
    root = postcss().parse(css);
  } catch (error) {
    syntaxError(error, messages);
    return undefined;
  }
  let theme: MarpitTheme;
  try {
    theme = marpitTheme().fromCSS(css, MARP_THEME_OPTIONS);
  } catch (error) {
    if ((error as { name?: string }).name === 'CssSyntaxError') syntaxError(error, messages);
    else if (/requires @theme meta/.test(String((error as Error).message))) {
      messages.error({ line: 1, column: 1 }, 'theme-invalid', 'The theme has no `/* @theme name */` comment, so Marp cannot register it', 'Start the file with a comment naming the theme, e.g. /* @theme my-theme */');
    } else messages.error({ line: 1, column: 1 }, 'theme-invalid', `Marp cannot read the theme: ${String((error as Error).message ?? error)}`, 'Compare the file with themes/paparan.css');
    return undefined;
  }
  let position: Position = { line: 1, column: 1 };
  root.walkComments((comment) => {
    if (/^[*!\s]*@theme\s/im.test(comment.text) && comment.source?.start) position = { line: comment.source.start.line, column: comment.source.start.column };
  });
  if (!THEME_NAME.test(theme.name)) {
    messages.error(position, 'theme-invalid', `\`${printable(theme.name)}\` cannot be a theme name`, 'A theme name is lower-case letters, digits and `-`, e.g. /* @theme my-theme */');
  }

  const removedAt = new Set<string>();
  for (const r of sanitizeCss(css, { themeImports: true }).removed) {
    const at = { line: r.line ?? 1, column: r.column ?? 1 };
    removedAt.add(`${at.line}:${at.column}`);
    reportRemoval(r, at, messages);
  }

  // Imports the sanitizer removed (`@import 'https://…'`, `@import 'x.css'`) were reported above as what they load.
  const rules = theme.importRules.map((rule) => ({ name: rule.value, position: startOf(rule.node) }));
  const imports = rules.filter((i) => !removedAt.has(`${i.position.line}:${i.position.column}`));
  const resolved = new Set(rules.map((i) => `${i.position.line}:${i.position.column}`));
  root.walkAtRules((rule) => {
    const name = decodeIdent(rule.name);
    if (name !== 'import' && name !== 'import-theme') return;
    const at = startOf(rule);
    const key = `${at.line}:${at.column}`;
    if (resolved.has(key) || removedAt.has(key)) return;
    // Marp leaves it in place and hoists it: the browser would then ask for a file of that name.
    messages.error(at, 'theme-import-misplaced', `\`@${name} ${printable(rule.params)}\` is not where Marp imports themes, so the browser would look for a file`, "Put `@import 'name';` before every rule of the theme, or write `@import-theme 'name';` at the top level");
  });
  return { name: theme.name, position, imports };
}

function reportRemoval(r: Removal, at: Position, messages: MessageList): void {
  const where = r.name === '/* comment */' ? 'A comment' : `\`${printable(r.name)}\``;
  if (r.url === undefined || r.url === 'expression(') {
    const what = r.url ? 'runs script (`expression(`)' : r.name.startsWith('@') ? 'is not an at-rule paparan lets through' : 'is not allowed in a theme';
    messages.error(at, 'theme-unsafe-css', `${where} ${what}; the sanitizer would drop it from every deck`, 'Remove it from the theme');
    return;
  }
  const url = normalizeUrl(r.url);
  if (r.name === '/* comment */') {
    messages.error(at, /^[a-z][a-z0-9+.-]*:|^[\\/]{2}/i.test(url) ? 'remote-url' : 'image-outside-project', `A comment holds \`url(${printable(url)})\`, which paparan treats as a load`, EMBED_HINT);
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || /^[\\/]{2}/.test(url)) {
    const data = /^data:/i.test(url);
    messages.error(
      at,
      'remote-url',
      data ? `${where} embeds \`${printable(url)}\`, which is neither an image nor a font` : `${where} loads \`${printable(url)}\`; paparan builds offline and never fetches anything`,
      EMBED_HINT,
    );
  } else {
    messages.error(at, 'image-outside-project', `${where} refers to the file \`${printable(url)}\`; a theme must be self-contained`, EMBED_HINT);
  }
}

function syntaxError(error: unknown, messages: MessageList): void {
  const e = error as { line?: number; column?: number; reason?: string; message?: string };
  messages.error({ line: e.line ?? 1, column: e.column ?? 1 }, 'theme-syntax', `CSS syntax error: ${e.reason ?? e.message ?? String(error)}`, 'Check the braces, semicolons, quotes and comments near here');
}

function startOf(node: { source?: { start?: { line: number; column: number } } }): Position {
  const start = node.source?.start;
  return start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
}

/** An identifier as the browser reads it: `\69mport` is `import`. */
function decodeIdent(name: string): string {
  return name
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?/g, (_m, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd))
    .replace(/\\(.)/g, '$1')
    .toLowerCase();
}

/** A URL as the URL parser sees it: tabs and newlines removed, spaces and controls trimmed. */
function normalizeUrl(url: string): string {
  return url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
}

/** Text for a message: one line, at most 80 characters. */
function printable(text: string): string {
  const line = text.replace(/[\p{Cc}`]/gu, '?');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
