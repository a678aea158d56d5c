import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fontFaceCss } from './fonts.ts';
import { MessageList, PaparanError, PaparanMessage, sortMessages, type Position } from './messages.ts';
import { checkTheme, type CheckedTheme } from './theme-check.ts';
import { passedBefore, rememberPass } from './verdicts.ts';

export { fontFaceCss } from './fonts.ts';

/** marp-core's own themes, which a theme may import. */
const BUILT_IN_THEMES = ['default', 'gaia', 'uncover'];

export interface ThemeSet {
  /** Theme name → CSS, as read from themes/*.css. */
  themes: Map<string, string>;
  /** The always-embedded @font-face rules (emoji faces are added per document by {@link fontFaceCss}). */
  readonly fontCss: string;
  dir: string;
  /** What goes into every render: the theme files and the embedded fonts' bytes. */
  readonly hash: string;
}

/** The newest theme set of each folder, by the digest of its files. */
const cache = new Map<string, { files: string; set: ThemeSet }>();

/**
 * Reads every Marp theme in `dir` (themes/*.css) and checks it as Marp will use it: CSS syntax, the `@theme`
 * name, imports of other themes (each must exist, none in a circle) and nothing that loads a file or reaches the
 * network. Any problem is a {@link PaparanError} at the theme's line and column, thrown before anything renders.
 */
export function loadThemes(dir: string): ThemeSet {
  const folder = resolve(dir);
  const files = readThemeFiles(folder, dir);
  const hash = createHash('sha256');
  for (const [name, css] of files) hash.update(name).update('\0').update(css).update('\0');
  const digest = hash.digest('hex');
  const cached = cache.get(folder);
  if (cached?.files === digest) return cached.set;

  const lists = new Map<string, MessageList>();
  const checked: { file: string; css: string; theme: CheckedTheme }[] = [];
  for (const [name, css] of files) {
    const messages = new MessageList(relative(process.cwd(), join(folder, name)) || join(folder, name));
    lists.set(name, messages);
    let theme = passedBefore('theme', [css], readCheckedTheme);
    if (!theme) {
      theme = checkTheme(css, messages);
      if (theme && messages.items.length === 0) rememberPass('theme', [css], theme);
    }
    if (theme) checked.push({ file: name, css, theme });
  }
  const byName = new Map<string, (typeof checked)[number]>();
  for (const entry of checked) {
    const other = byName.get(entry.theme.name);
    if (other) {
      lists.get(entry.file)!.error(entry.theme.position, 'theme-duplicate', `Theme \`${entry.theme.name}\` is also declared in themes/${other.file}`, 'Give each theme its own name in its /* @theme name */ comment');
    } else byName.set(entry.theme.name, entry);
  }
  // A theme that failed its own check is reported there; an import of it is not a second, misleading error.
  const broken = new Set([...files].filter(([name]) => !checked.some((c) => c.file === name)).map(([, css]) => /@theme\s+([\w-]+)/.exec(css)?.[1]).filter((n): n is string => !!n));
  checkImports(byName, lists, broken);

  const messages = [...lists.values()].flatMap((l) => l.items);
  if (messages.some((m) => m.fatal)) throw new PaparanError('input', sortMessages(messages));
  const themes = new Map([...byName].map(([name, entry]) => [name, entry.css]));
  // The fonts (the Latin faces' bytes, ~0.5 MB of base64) are read only when something renders or hashes the
  // inputs: `check --no-overflow` does neither. They are the same for the whole process.
  let withFonts: string | undefined;
  const set: ThemeSet = {
    themes,
    dir,
    get fontCss() {
      return fontFaceCss();
    },
    get hash() {
      return (withFonts ??= createHash('sha256').update(digest).update(fontFaceCss()).digest('hex'));
    },
  };
  cache.set(folder, { files: digest, set });
  return set;
}

const isPosition = (value: unknown): value is Position =>
  typeof value === 'object' && value !== null && Number.isInteger((value as Position).line) && Number.isInteger((value as Position).column);

/** A theme's remembered check (see verdicts.ts), only if it has exactly the shape checkTheme returns. */
function readCheckedTheme(value: unknown): CheckedTheme | undefined {
  const theme = value as CheckedTheme;
  if (typeof theme !== 'object' || theme === null || typeof theme.name !== 'string' || !isPosition(theme.position) || !Array.isArray(theme.imports)) return undefined;
  if (!theme.imports.every((i) => typeof i === 'object' && i !== null && typeof i.name === 'string' && isPosition(i.position))) return undefined;
  return { name: theme.name, position: theme.position, imports: theme.imports.map((i) => ({ name: i.name, position: i.position })) };
}

function readThemeFiles(folder: string, dir: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.css')).sort();
  } catch {
    throw new PaparanError('usage', [new PaparanMessage(dir, { line: 0, column: 0 }, 'no-themes', 'The themes folder is missing', 'Restore themes/paparan.css from the project')]);
  }
  const files = new Map<string, string>();
  const unreadable: PaparanMessage[] = [];
  for (const name of names) {
    const path = join(folder, name);
    try {
      if (!statSync(path).isFile()) continue;
      files.set(name, readFileSync(path, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      unreadable.push(new PaparanMessage(relative(process.cwd(), path) || path, { line: 0, column: 0 }, 'theme-unreadable', `Cannot read the theme (${code})`, 'A theme is a UTF-8 CSS file; check its permissions'));
    }
  }
  if (unreadable.length) throw new PaparanError('io', unreadable);
  return files;
}

interface Entry {
  file: string;
  theme: CheckedTheme;
}

/** Every imported theme exists, and no theme imports itself through others (Marp would throw mid-render). */
function checkImports(byName: Map<string, Entry>, lists: Map<string, MessageList>, broken: Set<string>): void {
  const known = [...byName.keys(), ...BUILT_IN_THEMES];
  for (const { file, theme } of byName.values()) {
    for (const imported of theme.imports) {
      if (byName.has(imported.name) || BUILT_IN_THEMES.includes(imported.name) || broken.has(imported.name)) continue;
      lists.get(file)!.error(imported.position, 'theme-unknown', `Theme \`${imported.name}\` imported here does not exist`, `Import one of: ${known.filter((k) => k !== theme.name).join(', ')}`);
    }
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: { name: string; at: Position }[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'open');
    for (const imported of byName.get(name)!.theme.imports) {
      if (!byName.has(imported.name)) continue;
      path.push({ name, at: imported.position });
      if (state.get(imported.name) === 'open') reportCycle(path.slice(path.findIndex((p) => p.name === imported.name)));
      else if (!state.has(imported.name)) visit(imported.name);
      path.pop();
    }
    state.set(name, 'done');
  };
  const reportCycle = (cycle: { name: string; at: Position }[]) => {
    const names = cycle.map((c) => c.name);
    const key = [...names].sort().join('\0');
    if (seen.has(key)) return;
    seen.add(key);
    const first = cycle[0]!;
    const circle = [...names, first.name].join(' → ');
    lists.get(byName.get(first.name)!.file)!.error(first.at, 'theme-import-cycle', `Themes import each other in a circle: ${circle}`, 'Remove one of these imports; a theme can build on another, not on itself');
  };
  for (const name of [...byName.keys()].sort()) if (!state.has(name)) visit(name);
}
