import { join, relative, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { loadConfig, withDefaults, type ProjectConfig } from './config.ts';
import { glyphMessages } from './glyphs.ts';
import { loadTemplates, type TemplateSet } from './layouts.ts';
import { PaparanError, sortMessages, type PaparanMessage } from './messages.ts';
import { bodyReferences } from './render/references.ts';
import { loadOutlineFile } from './outline/load.ts';
import type { HandoutOptions, Outline } from './outline/types.ts';
import { validateOutline } from './outline/validate.ts';
import { projectRoot } from './project.ts';
import { deckRehearsal, rehearsalFileOf, type DeckRehearsal } from './rehearsal-check.ts';
import { citeOutline } from './cite.ts';
import { renderDeck, type RenderedDeck } from './render/deck.ts';
import { loadThemes, type ThemeSet } from './themes.ts';

/** What `prepare` needs besides the outline file. */
export interface PrepareOptions {
  /** Project root: templates/, themes/ and every image must be inside it. */
  root?: string;
  autoSplit?: boolean;
  handout?: Partial<HandoutOptions>;
  speakingRate?: number;
  /** The project's config when the caller has already read it (`null`: it has none); read here otherwise. */
  config?: ProjectConfig | null;
}

/** A loaded, validated and rendered outline: everything up to export. */
export interface PreparedDeck {
  outline: Outline;
  deck: RenderedDeck;
  warnings: PaparanMessage[];
  templates: TemplateSet;
  themes: ThemeSet;
  source: string;
  /** The outline's saved rehearsals (`<name>.rehearsal.json`), matched to this deck's slides. */
  rehearsal: DeckRehearsal;
  /** The bibliography and style files read (for dev mode to watch), and the reference list of the works cited. */
  citations: { sources: string[]; references: string[] };
}

/** Load → validate → render, without touching the disk or a browser. Throws {@link PaparanError} on bad input. */
export function prepare(file: string, options: PrepareOptions = {}): PreparedDeck {
  const root = projectRoot(options.root, [file]);
  const display = relative(process.cwd(), resolve(file)) || file;
  const loaded = loadOutlineFile(resolve(file), display);
  const templates = loadTemplates(join(root, 'templates'));
  const themes = loadThemes(join(root, 'themes'));
  const config = options.config === undefined ? loadConfig(root, templates) : (options.config ?? undefined);
  const validated = validateOutline(withDefaults(loaded, config), templates, { root, autoSplit: options.autoSplit, handout: options.handout, speakingRate: options.speakingRate });
  const { messages } = validated;
  // Citations become text before anything is rendered: templates and themes see finished text.
  const cited = citeOutline(validated.outline, loaded, root, templates);
  const outline = cited.outline;
  if (!themes.themes.has(outline.deck.theme)) {
    const names = [...themes.themes.keys()];
    const hint = `Use one of: ${names.join(', ')} (did you mean \`${closest(outline.deck.theme.replace(/gelap/g, 'dark').replace(/cetak/g, 'print'), names)}\`?)`;
    const fromConfig = config && !Object.hasOwn(loaded.data, 'theme') && Object.hasOwn(config.defaults, 'theme');
    // A theme the project's config names is reported there, at its own line.
    if (fromConfig) throw PaparanError.input(config.file, config.positionOf(['theme']), 'theme-unknown', `Unknown theme \`${outline.deck.theme}\``, hint);
    messages.error(loaded.positionOf(['theme']), 'theme-unknown', `Unknown theme \`${outline.deck.theme}\``, hint);
    messages.throwIfFatal();
  }
  // Characters no embedded font can draw are reported with the references: warnings, or errors by `rules:`.
  const references = [...cited.messages, ...bodyReferences(outline, themes, root), ...glyphMessages(outline, loaded, config)];
  const deck = renderDeck(outline, templates);
  const rehearsed = deckRehearsal(outline, deck, loaded.positionOf(['duration']));
  const fatal = [...references, ...rehearsed.messages].filter((m) => m.fatal);
  if (fatal.length) throw new PaparanError('input', sortMessages([...references, ...rehearsed.messages, ...messages.items]));
  return { outline, deck, warnings: [...messages.warnings, ...references, ...rehearsed.messages], templates, themes, source: loaded.source, rehearsal: rehearsed.rehearsal, citations: { sources: cited.sources, references: cited.references } };
}

/** Every file that goes into a deck: the outline and each image it embeds (dev mode watches them all). */
export function inputFiles(prepared: Pick<PreparedDeck, 'outline' | 'citations'>): string[] {
  const { outline } = prepared;
  const files = new Set<string>([resolve(outline.file), ...prepared.citations.sources]);
  const add = (value: unknown) => {
    if (value && typeof value === 'object' && 'path' in value && typeof value.path === 'string') files.add(value.path);
  };
  for (const slide of outline.slides) for (const value of Object.values(slide.fields)) add(value);
  for (const image of Object.values(outline.bodyImages)) add(image);
  add(outline.deck.logo);
  // Watched in dev mode even before it exists: saving a rehearsal updates the script and the presenter view.
  files.add(rehearsalFileOf(outline));
  return [...files];
}
