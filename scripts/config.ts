import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { TemplateSet } from './layouts.ts';
import { MessageList, PaparanError } from './messages.ts';
import { isInside } from './outline/fields.ts';
import { loadOutlineFile, type LoadedOutline } from './outline/load.ts';
import { validateOutline } from './outline/validate.ts';

/**
 * `paparan.config.yaml` at the project root: defaults for every outline of the project, which an outline's own
 * front matter overrides field by field. It is data, never code (a project someone sent may carry one), read and
 * checked like an outline, with its own `file:line:col`.
 */
export const CONFIG_FILES = ['paparan.config.yaml', 'paparan.config.yml'];
/** Deck fields a project may set for all its outlines, and `out`, the output folder. */
export const CONFIG_FIELDS = ['theme', 'lang', 'author', 'institution', 'duration', 'handout', 'autoSplit', 'speakingRate', 'rules', 'bibliography', 'csl', 'references', 'out'];

export interface ProjectConfig {
  file: string;
  /** Where a field of the config is written, for messages about a value that came from it. */
  positionOf: LoadedOutline['positionOf'];
  /** Deck-field defaults, to merge under an outline's front matter. */
  defaults: Record<string, unknown>;
  /** The output folder, resolved against the project root. */
  out?: string;
}

/** Reads and checks the project's config; undefined when there is none. Throws PaparanError on any problem. */
export function loadConfig(root: string, templates: TemplateSet): ProjectConfig | undefined {
  const path = CONFIG_FILES.map((name) => join(root, name)).find((p) => existsSync(p));
  if (!path) return undefined;
  const loaded = loadOutlineFile(path, relative(process.cwd(), path) || path);
  const messages = new MessageList(loaded.file);
  const data = loaded.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    messages.error({ line: 1, column: 1 }, 'field-type', 'The config must be a mapping of deck fields', 'Write for example `theme: paparan` and `handout: { perPage: 3 }`, one per line');
    messages.throwIfFatal();
  }
  for (const key of Object.keys(data)) {
    if (CONFIG_FIELDS.includes(key)) continue;
    const where = loaded.keyPositionOf([key]);
    const perOutline = ['title', 'subtitle', 'shortTitle', 'date', 'slides'].includes(key);
    messages.error(where, 'field-unknown', `\`${key}\` cannot be set for the whole project`, perOutline ? `Set \`${key}\` in each outline's front matter` : `Did you mean \`${closest(key, CONFIG_FIELDS)}\`? The config takes: ${CONFIG_FIELDS.join(', ')}`);
  }
  // A config may come with a project from someone else: its output folder stays inside the project.
  const out = typeof data.out === 'string' && data.out.trim() ? resolve(root, data.out) : undefined;
  if (data.out !== undefined && !out) messages.error(loaded.positionOf(['out']), 'field-type', '`out` must be a folder name', 'Write for example `out: dist`');
  else if (out && (!isInside(root, out) || out === root)) {
    messages.error(loaded.positionOf(['out']), 'out-dir', `\`out: ${String(data.out)}\` is outside the project (or the project itself)`, 'Name a folder inside the project, such as `out: dist`; for another place, use --out once on the command line');
  }
  const { out: _out, ...defaults } = data;
  // The deck fields are checked by the outline's own rules, at the config's own lines; every problem at once.
  const asOutline: LoadedOutline = { ...loaded, data: Object.fromEntries(Object.entries({ title: 'config', slides: [], ...defaults }).filter(([key]) => key === 'title' || key === 'slides' || CONFIG_FIELDS.includes(key))) };
  try {
    validateOutline(asOutline, templates, { root });
  } catch (error) {
    if (!(error instanceof PaparanError)) throw error;
    messages.items.push(...error.messages.filter((m) => m.fatal));
  }
  messages.throwIfFatal();
  return { file: loaded.file, positionOf: loaded.positionOf, defaults, out };
}

/** An outline with the project's defaults under its own fields. */
export function withDefaults(loaded: LoadedOutline, config: ProjectConfig | undefined): LoadedOutline {
  if (!config || typeof loaded.data !== 'object' || loaded.data === null || Array.isArray(loaded.data)) return loaded;
  return { ...loaded, data: { ...config.defaults, ...loaded.data } };
}
