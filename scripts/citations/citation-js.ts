import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// citation-js (CommonJS) loaded through require when first needed, so tsx's ESM hooks and the CLI's start-up
// never pay for it. Input is always parsed with `forceType`: citation-js never guesses a type (a guessed DOI or
// URL would be fetched).

/** The part of citeproc-js's engine paparan uses. */
export interface CiteprocEngine {
  opt: { development_extensions: Record<string, boolean> };
  setOutputFormat(format: 'html' | 'text'): void;
  updateItems(ids: string[], nosort?: boolean): string[];
  makeCitationCluster(items: Record<string, unknown>[]): string;
  makeBibliography(): [{ entry_ids: string[][] }, string[]] | false;
}
interface CiteprocSys { retrieveItem(id: string): unknown; retrieveLocale(lang: string): string | undefined }
interface Citeproc {
  Engine: new (sys: CiteprocSys, style: string, lang: string, forceLang: boolean) => CiteprocEngine;
  debug: (message: string) => void;
}
interface Register { add(name: string, value: string): void; get(name: string): string | undefined; has(name: string): boolean }
export interface CitationJs {
  Cite: new (input: unknown, options: { forceType: string; generateGraph?: boolean }) => { data: Record<string, unknown>[]; format(kind: string, options: Record<string, unknown>): string };
  csl: { templates: Register; locales: Register };
  citeproc: Citeproc;
  logger: { _log: unknown[] };
}

/** The styles shipped in templates/citations/, by name. */
export const BUNDLED_STYLES: readonly string[] = ['apa', 'chicago-author-date', 'ieee', 'harvard'];
/** The locale of each `lang`. */
export const LOCALES = { id: 'id-ID', en: 'en-US' } as const;

function templatesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'citations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('paparan: cannot find templates/citations in its own package folder');
  }
}

/** The folder holding the bundled .csl styles and locale files. */
export const CITATION_TEMPLATES = templatesDir();

let loaded: CitationJs | undefined;

/** citation-js with its BibTeX and CSL plugins, the bundled styles and locales registered (once per process). */
export function citationJs(): CitationJs {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const core = require('@citation-js/core') as { Cite: CitationJs['Cite']; plugins: { config: { get(name: string): unknown } }; logger: CitationJs['logger'] };
  require('@citation-js/plugin-bibtex');
  require('@citation-js/plugin-csl');
  // citeproc is plugin-csl's own dependency: resolved from there, so it is the very copy citation-js uses.
  const citeproc = createRequire(require.resolve('@citation-js/plugin-csl'))('citeproc') as Citeproc;
  citeproc.debug = () => {}; // citeproc-js prints its warnings with console.log otherwise
  const csl = core.plugins.config.get('@csl') as CitationJs['csl'];
  for (const name of BUNDLED_STYLES) csl.templates.add(name, readFileSync(join(CITATION_TEMPLATES, `${name}.csl`), 'utf8'));
  for (const locale of Object.values(LOCALES)) csl.locales.add(locale, readFileSync(join(CITATION_TEMPLATES, `locales-${locale}.xml`), 'utf8'));
  loaded = { Cite: core.Cite, csl, citeproc, logger: core.logger };
  return loaded;
}

/** Parses with citation-js, never guessing the input type; its log (kept in memory forever otherwise) is emptied. */
export function parseWith(input: unknown, forceType: '@biblatex/text' | '@csl/list+object'): Record<string, unknown>[] {
  const { Cite, logger } = citationJs();
  try {
    return new Cite(input, { forceType, generateGraph: false }).data;
  } finally {
    logger._log.length = 0;
  }
}
