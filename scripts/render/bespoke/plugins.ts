// What marp-cli adds to the engine for its bespoke page, done the same way here so that paparan's page equals
// marp-cli's byte for byte (tests/export/bespoke.test.ts) without loading marp-cli and rendering a second time.
// After marp-cli 4.5.1's meta and transition plugins (MIT, Copyright Marp team).
import vendored from './marp-cli.json' with { type: 'json' };

interface Token {
  type: string;
  tag: string;
  hidden: boolean;
  content: string;
  meta?: { marpitDirectives?: { transition?: unknown }; marpitStyleScoped?: { key?: string; keyframeSet?: Set<string> }; marpitSlideElement?: number } | null;
  attrSet(name: string, value: string): void;
}
interface State {
  inlineMode: boolean;
  tokens: Token[];
}
type Directives = Record<string, unknown>;
interface Marpit {
  customDirectives: { global: Record<string, (value: unknown) => Directives>; local: Record<string, (value: unknown) => Directives> };
  lastGlobalDirectives?: Directives;
  themeSet: { default?: { name?: string } };
  options: { lang?: string };
}
interface MarkdownIt {
  marpit: Marpit;
  core: { ruler: { after(rule: string, name: string, fn: (state: State) => boolean | void): void; push(name: string, fn: (state: State) => boolean | void): void } };
}

/** The page's metadata, read from the deck's global directives. */
export interface PageMeta {
  title?: string;
  author?: string;
  description?: string;
  image?: string;
  keywords?: string[];
  url?: string;
  lang?: string;
}
export interface Transitions {
  /** The keyframes of the built-in transitions the deck uses. */
  builtinStyle: string;
}

const META = Symbol('paparan-page-meta');
const TRANSITIONS = Symbol('paparan-transitions');
type WithResults = Marpit & { [META]?: PageMeta; [TRANSITIONS]?: Transitions };

export const pageMetaOf = (marpit: Marpit): PageMeta => (marpit as WithResults)[META] ?? {};
export const transitionsOf = (marpit: Marpit): Transitions => (marpit as WithResults)[TRANSITIONS] ?? { builtinStyle: '' };

const asString = (key: string) => (value: unknown): Directives => (typeof value === 'string' ? { [key]: value } : {});

function keywordList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((k) => k.trim()) : undefined;
  if (!list) return undefined;
  const unique = [...new Set(list.filter((k): k is string => typeof k === 'string' && !!k))];
  return unique.length > 0 ? unique : undefined;
}

/** The global directives that fill the page's head, and the title from the highest heading when none is given. */
export function pageMetaPlugin(md: MarkdownIt): void {
  const { marpit } = md;
  Object.assign(marpit.customDirectives.global, {
    author: asString('marpCLIAuthor'),
    description: asString('marpCLIDescription'),
    image: asString('marpCLIImage'),
    keywords: (value: unknown) => {
      const keywords = keywordList(value);
      return keywords ? { marpCLIKeywords: keywords } : {};
    },
    title: asString('marpCLITitle'),
    url: (value: unknown) => {
      if (Array.isArray(value)) return {};
      try {
        if (value) new URL(value as string);
      } catch {
        return {};
      }
      return { marpCLIURL: value ?? undefined };
    },
  });
  md.core.ruler.after('marpit_directives_global_parse', 'paparan_page_title', (state) => {
    if (state.inlineMode) return false;
    const directives = marpit.lastGlobalDirectives;
    if (!directives || 'marpCLITitle' in directives) return;
    let best: { level: number; content?: string } = { level: Number.MAX_SAFE_INTEGER };
    state.tokens.forEach((token, index) => {
      const level = token.type === 'heading_open' && !token.hidden ? /^h([1-6])$/i.exec(token.tag) : null;
      const inline = state.tokens[index + 1];
      if (level && inline?.type === 'inline' && Number(level[1]) < best.level) best = { level: Number(level[1]), content: inline.content.trim() };
    });
    if (best.content) directives.marpCLITitle = best.content;
  });
  md.core.ruler.push('paparan_page_meta', (state) => {
    if (state.inlineMode) return;
    const directives = marpit.lastGlobalDirectives ?? {};
    (marpit as WithResults)[META] = {
      author: directives.marpCLIAuthor as string | undefined,
      description: directives.marpCLIDescription as string | undefined,
      image: directives.marpCLIImage as string | undefined,
      keywords: directives.marpCLIKeywords as string[] | undefined,
      lang: (directives.lang as string | undefined) || marpit.options.lang,
      title: directives.marpCLITitle as string | undefined,
      url: directives.marpCLIURL as string | undefined,
    };
  });
}

interface Transition {
  name: string;
  duration?: string;
  builtinFallback?: boolean;
}
const isTransition = (value: unknown): value is Transition =>
  typeof value === 'object' && value !== null && typeof (value as Transition).name === 'string' && ((value as Transition).duration === undefined || typeof (value as Transition).duration === 'string');

const KEYFRAMES = /^marp-(?:(?:outgoing|incoming)-)?transition-(?:backward-)?(.+)$/;
const BUILT_IN: Record<string, string> = vendored.transitions;

/** The `transition` directive: each slide says how it is entered and left, for bespoke's View Transitions. */
export function transitionPlugin(md: MarkdownIt): void {
  const { marpit } = md;
  marpit.customDirectives.local.transition = (value: unknown) => {
    if (typeof value !== 'string') return {};
    const [name, duration] = value.trim().split(/\s+/);
    const transition = { name, duration };
    return isTransition(transition) ? { transition } : {};
  };
  md.core.ruler.after('marpit_directives_apply', 'paparan_transition', (state) => {
    if (state.inlineMode) return false;
    const used = new Map<string, string>();
    let back: string | undefined;
    for (const token of state.tokens) {
      const { marpitDirectives, marpitStyleScoped } = token.meta ?? {};
      if (token.type === 'marpit_slide_open' && back) {
        token.attrSet('data-transition-back', back);
        back = undefined;
      }
      if (typeof marpitDirectives?.transition !== 'object') continue;
      const transition = { ...(marpitDirectives.transition as Transition) };
      if (!isTransition(transition)) continue;
      const builtin = Object.hasOwn(BUILT_IN, transition.name) ? BUILT_IN[transition.name] : undefined;
      if (builtin) {
        used.set(transition.name, builtin);
        transition.builtinFallback = true;
      }
      // A scoped style's own keyframes of that name win over the built-in ones.
      const key = marpitStyleScoped?.key;
      if (key) {
        for (const keyframes of marpitStyleScoped?.keyframeSet?.values() ?? []) {
          const match = KEYFRAMES.exec(keyframes);
          if (match && transition.name === match[1]) {
            transition.name = `${transition.name}-${key}`;
            transition.builtinFallback = false;
            break;
          }
        }
      }
      back = JSON.stringify(transition);
      token.attrSet('data-transition', back);
    }
    (marpit as WithResults)[TRANSITIONS] = { builtinStyle: [...used.values()].join('') };
    return true;
  });
}
