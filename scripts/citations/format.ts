import { citationJs, LOCALES, type CiteprocEngine } from './citation-js.ts';
import { escapeMarkdown, htmlToMarkdown } from './markdown.ts';
import { newEngine, styleXml } from './style.ts';
import { parseLocator } from './syntax.ts';
import type { BibEntry, CitationItem, CitationRef } from './types.ts';

export { BUNDLED_STYLES } from './citation-js.ts';

export interface CitationFormatter {
  /** The in-text citation as inline Markdown, e.g. `(Aris, 2011, hlm. 12)` or narrative `Aris (2011)`; IEEE: `[1]`. */
  cite(ref: CitationRef): string;
  /** The reference list of these keys, in the style's order, each entry as inline Markdown (italics as *…*, DOI/URL as links). */
  bibliography(keys: string[]): string[];
  /** Fields the style needs that an entry lacks (for a warning), e.g. ['issued', 'publisher']. */
  missingFields(key: string): string[];
  /**
   * Optional: every citation of the deck, in document order, before the first `cite`. The works are then known
   * from the start (APA's 2011a/2011b, IEEE's numbers); without it they are learnt as `cite` is called.
   */
  register(refs: readonly CitationRef[]): void;
}

// One citeproc engine per style and locale, shared by the formatters that use them (building one costs about a
// second for APA). A formatter claims the engine before each call and re-registers its own works when another
// formatter used it last, so each deck still has its own numbering and disambiguation.
interface Shared { engine: CiteprocEngine; items: Map<string, Record<string, unknown>>; owner?: object; registered: string }
const engines = new Map<string, Shared>();

function sharedEngine(style: string, lang: 'id' | 'en'): Shared {
  const xml = styleXml(style);
  const locale = LOCALES[lang];
  const id = `${locale}\n${xml}`;
  let shared = engines.get(id);
  if (!shared) {
    const { citeproc, csl } = citationJs();
    const items = new Map<string, Record<string, unknown>>();
    const sys = {
      retrieveItem: (key: string) => items.get(key),
      retrieveLocale: (name: string) => csl.locales.get(name) ?? csl.locales.get(name.replace('-', '_')),
    };
    const engine = newEngine(() => new citeproc.Engine(sys, xml, locale, true), style);
    engine.setOutputFormat('html');
    engine.opt.development_extensions.wrap_url_and_doi = true;
    shared = { engine, items, registered: '' };
    engines.set(id, shared);
  }
  return shared;
}

const GENRES: Record<string, { id: string; en: string }> = {
  phdthesis: { id: 'Disertasi doktoral', en: 'Doctoral dissertation' },
  mathesis: { id: 'Tesis magister', en: "Master's thesis" },
  mastersthesis: { id: 'Tesis magister', en: "Master's thesis" },
  bathesis: { id: 'Skripsi', en: "Bachelor's thesis" },
};

/** The CSL item handed to citeproc: CSL 1.0 types and fields (as citation-js does), BibLaTeX thesis types in words. */
export function engineItem(entry: BibEntry, lang: 'id' | 'en'): Record<string, unknown> {
  const item: Record<string, unknown> = { ...entry.csl, id: entry.key };
  if ('event-title' in item) {
    item.event = item['event-title'];
    delete item['event-title'];
  }
  if (item.type === 'software') item.type = 'book';
  const genre = typeof item.genre === 'string' ? GENRES[item.genre.toLowerCase()] : undefined;
  if (item.type === 'thesis' && genre) item.genre = genre[lang];
  return item;
}

/** What the usual styles print for each type; author may be an editor instead. */
const NEEDS: Record<string, string[]> = {
  'article-journal': ['container-title'], 'article-magazine': ['container-title'], 'article-newspaper': ['container-title'],
  chapter: ['container-title', 'publisher'], 'paper-conference': ['container-title'], 'entry-encyclopedia': ['container-title'],
  book: ['publisher'], report: ['publisher'], thesis: ['publisher'], webpage: ['URL'], post: ['URL'], 'post-weblog': ['URL'],
};
const UNDATED_OK = new Set(['webpage', 'post', 'post-weblog']);

function missing(csl: Record<string, unknown>): string[] {
  const has = (field: string) => {
    const value = csl[field];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && String(value).trim() !== '';
  };
  const type = String(csl.type ?? '');
  const needed = [
    ...(has('author') || has('editor') ? [] : ['author']),
    ...(has('issued') || UNDATED_OK.has(type) ? [] : ['issued']),
    ...(has('title') ? [] : ['title']),
    ...(NEEDS[type] ?? []).filter((field) => !has(field)),
  ];
  return needed;
}

/** `Aris`, `Aris dan Lee`, `Putri dkk.`: the narrative author when the style (IEEE) prints no author in citations. */
function namesOf(csl: Record<string, unknown>, lang: 'id' | 'en'): string {
  const people = (Array.isArray(csl.author) && csl.author.length ? csl.author : Array.isArray(csl.editor) ? csl.editor : []) as Record<string, string>[];
  const name = (p: Record<string, string>) => [p['non-dropping-particle'], p.family ?? p.literal ?? p.given].filter(Boolean).join(' ');
  const and = lang === 'id' ? 'dan' : 'and';
  if (people.length === 0) return String(csl.title ?? csl.id);
  if (people.length === 1) return name(people[0]!);
  if (people.length === 2) return `${name(people[0]!)} ${and} ${name(people[1]!)}`;
  return `${name(people[0]!)} ${lang === 'id' ? 'dkk.' : 'et al.'}`;
}

const AFFIX = (n: number) => `\uE000${n}\uE001`;

/** `style`: a bundled name (apa, chicago-author-date, ieee, harvard) or an absolute path to a project .csl; `lang` picks the locale (id → id-ID, en → en-US). */
export function createFormatter(entries: Map<string, BibEntry>, style: string, lang: 'id' | 'en'): CitationFormatter {
  const shared = sharedEngine(style, lang);
  const self = {};
  const items = new Map([...entries].map(([key, entry]) => [key, engineItem(entry, lang)]));
  const order: string[] = [];

  /** Adds these works (first mention first) and makes the shared engine this deck's. */
  const claim = (keys: string[]) => {
    for (const key of keys) if (items.has(key) && !order.includes(key)) order.push(key);
    const { engine } = shared;
    if (shared.owner !== self) {
      engine.updateItems([]);
      shared.items.clear();
      for (const [key, item] of items) shared.items.set(key, item);
      shared.owner = self;
      shared.registered = '';
    }
    const wanted = order.join('\n');
    if (shared.registered !== wanted) {
      engine.updateItems([...order]);
      shared.registered = wanted;
    }
    return engine;
  };

  const cite = (ref: CitationRef): string => {
    const known = ref.items.filter((item) => items.has(item.key));
    const unknown = ref.items.filter((item) => !items.has(item.key)).map((item) => `**${item.key}?**`).join('; ');
    if (known.length === 0) return unknown;
    const engine = claim(known.map((item) => item.key));
    const affixes: string[] = [];
    const affix = (text: string) => (affixes.push(text), AFFIX(affixes.length - 1));
    const cslItem = (item: CitationItem, extra: Record<string, unknown> = {}) => {
      const out: Record<string, unknown> = { id: item.key, ...extra };
      if (item.locator) Object.assign(out, (({ label, value }) => ({ label, locator: value }))(parseLocator(item.locator)));
      if (item.prefix) out.prefix = `${affix(item.prefix)} `;
      if (item.suffix) out.suffix = `${/^[,.;:]/.test(item.suffix) ? '' : ' '}${affix(item.suffix)}`;
      if (item.suppressAuthor) out['suppress-author'] = true;
      return out;
    };
    const restore = (html: string) => htmlToMarkdown(html).replace(/\uE000(\d+)\uE001/g, (_, n: string) => affixes[Number(n)]!);
    let markdown: string;
    if (ref.narrative && known.length === 1) {
      const item = known[0]!;
      const author = htmlToMarkdown(engine.makeCitationCluster([{ id: item.key, 'author-only': true }]));
      const name = !author || /NO\\?_PRINTED\\?_FORM/.test(author) ? escapeMarkdown(namesOf(items.get(item.key)!, lang)) : author;
      markdown = `${name} ${restore(engine.makeCitationCluster([cslItem(item, { 'suppress-author': true })]))}`;
    } else {
      markdown = restore(engine.makeCitationCluster(known.map((item) => cslItem(item))));
    }
    return unknown ? `${markdown} ${unknown}` : markdown;
  };

  return {
    cite,
    register(refs) {
      for (const ref of refs) for (const item of ref.items) if (items.has(item.key) && !order.includes(item.key)) order.push(item.key);
    },
    bibliography(keys) {
      const wanted = new Set(keys.filter((key) => items.has(key)));
      if (wanted.size === 0) return [];
      const engine = claim([...wanted]);
      const result = engine.makeBibliography();
      if (!result) return [];
      const [params, html] = result;
      return html.flatMap((entry, i) => (wanted.has(params.entry_ids[i]![0]!) ? [htmlToMarkdown(entry)] : []));
    },
    missingFields(key) {
      const item = items.get(key);
      return item ? missing(item) : [];
    },
  };
}
