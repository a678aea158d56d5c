import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { readLayoutHeader, type FieldDeclaration } from './layout-front-matter.ts';
import { MessageList, PaparanError, sortMessages } from './messages.ts';
import { TEMPLATE_HELPERS } from './render/helpers.ts';
import { compileTemplate, type TemplateScope } from './template-check.ts';
import { readLabels } from './template-labels.ts';

export { FIELD_TYPES, type FieldDeclaration, type FieldType } from './layout-front-matter.ts';

/** A layout: its template and the fields it declares in its own front matter. */
export interface Layout {
  name: string;
  file: string;
  description: string;
  fields: Record<string, FieldDeclaration>;
  /** Field whose points may be split over continuation slides when they overflow. */
  splittable: string[];
  /** Split when it overflows, with or without the outline's `autoSplit`. */
  splitAlways: boolean;
  template: Handlebars.TemplateDelegate;
}

export interface TemplateSet {
  dir: string;
  layouts: Map<string, Layout>;
  deck: Handlebars.TemplateDelegate;
  labels: Record<string, Record<string, string>>;
  /** Hash of every template file, for the build manifest. */
  hash: string;
}

/** Fields every slide may carry whatever its layout. */
export const COMMON_FIELDS: Record<string, FieldDeclaration> = {
  layout: { type: 'text', required: true, description: 'The name of a template in templates/layouts/.' },
  id: { type: 'text', required: false, description: 'A stable name for the slide.' },
  notes: { type: 'text', required: false, description: 'Speaker notes, in Markdown.' },
  backup: { type: 'boolean', required: false, description: 'true puts the slide after the closing slide, as an appendix: no page number, no progress, not in the timing.' },
};

/** Layout and partial names: what `layout:` and `{{> name}}` can refer to, and safe in a CSS class. */
const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The newest template set of each folder: dev mode reloads on every save, and keeps only the latest. */
const cache = new Map<string, TemplateSet>();

/**
 * Reads templates/: layouts (front matter = field declarations), partials, the deck frame and the labels,
 * and compiles every template now. Any problem in any file is a {@link PaparanError} with each file's
 * line and column, thrown before anything is rendered. Loading the same content again costs one hash.
 */
export function loadTemplates(dir: string): TemplateSet {
  const folder = resolve(dir);
  const files = listTemplateFiles(folder);
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(name).update('\0').update(text).update('\0');
  const digest = hash.digest('hex');
  const cached = cache.get(folder);
  if (cached?.hash === digest) return cached;
  const set = compileTemplateSet(dir, files, digest);
  cache.set(folder, set);
  return set;
}

function compileTemplateSet(dir: string, files: Map<string, string>, digest: string): TemplateSet {
  const lists: MessageList[] = [];
  const listFor = (name: string) => {
    const list = new MessageList(relative(process.cwd(), join(dir, name)) || join(dir, name));
    lists.push(list);
    return list;
  };
  const hbs = Handlebars.create();
  hbs.registerHelper(TEMPLATE_HELPERS);
  const partialFiles = [...files].filter(([name]) => name.startsWith('partials/'));
  const scope: TemplateScope = { hbs, partials: new Set(partialFiles.map(([name]) => basename(name, '.hbs'))) };

  for (const [name, text] of partialFiles) {
    const messages = listFor(name);
    const partial = basename(name, '.hbs');
    if (!checkName(partial, name, messages)) continue;
    const template = compileTemplate(text, 1, scope, messages);
    if (template) hbs.registerPartial(partial, template);
  }

  const layouts = new Map<string, Layout>();
  for (const [name, text] of files) {
    if (!name.startsWith('layouts/')) continue;
    const messages = listFor(name);
    const layoutName = basename(name, '.hbs');
    if (!checkName(layoutName, name, messages)) continue;
    const header = readLayoutHeader(text, messages);
    if (!header) continue;
    const body = header.body.replace(/^\n+/, '');
    const skipped = header.body.length - body.length;
    const template = compileTemplate(body, header.bodyLine + skipped, scope, messages);
    if (!template || messages.items.some((m) => m.fatal)) continue;
    const { description, fields, splittable, splitAlways } = header;
    layouts.set(layoutName, { name: layoutName, file: join(dir, name), description, fields, splittable, splitAlways, template });
  }

  const deckMessages = listFor('deck.hbs');
  const deckText = files.get('deck.hbs');
  if (deckText === undefined) deckMessages.error({ line: 0, column: 0 }, 'template-missing', 'The deck frame templates/deck.hbs is missing', "Restore templates/deck.hbs from paparan's own templates");
  const deck = deckText === undefined ? undefined : compileTemplate(deckText, 1, scope, deckMessages);

  const labelsText = files.get('labels.json');
  const labels = labelsText === undefined ? {} : readLabels(labelsText, listFor('labels.json'));

  const messages = lists.flatMap((l) => l.items);
  if (messages.some((m) => m.fatal) || !deck || !labels) throw new PaparanError('input', sortMessages(messages));
  return { dir, layouts, deck, labels, hash: digest };
}

function checkName(name: string, file: string, messages: MessageList): boolean {
  if (TEMPLATE_NAME.test(name)) return true;
  const kind = file.startsWith('layouts/') ? 'layout' : 'partial';
  messages.error({ line: 0, column: 0 }, 'template-name', `\`${name}\` cannot be the name of a ${kind}`, `Rename the file: letters, digits, \`-\` and \`_\`, e.g. ${kind === 'layout' ? 'two-column' : 'bullets'}.hbs`);
  return false;
}

/** The template files by their name in `dir` (deck.hbs, labels.json, partials/x.hbs, layouts/x.hbs). */
function listTemplateFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const unreadable: MessageList[] = [];
  const read = (name: string) => {
    try {
      files.set(name, readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && (name === 'deck.hbs' || name === 'labels.json')) return;
      const list = new MessageList(relative(process.cwd(), join(dir, name)) || join(dir, name));
      list.error({ line: 0, column: 0 }, 'template-unreadable', `Cannot read the template (${code ?? String(error)})`, 'A template is a UTF-8 text file; check its permissions');
      unreadable.push(list);
    }
  };
  read('deck.hbs');
  read('labels.json');
  for (const sub of ['partials', 'layouts']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, sub)).filter((n) => n.endsWith('.hbs')).sort();
    } catch {
      continue;
    }
    for (const n of names) read(`${sub}/${n}`);
  }
  if (unreadable.length) throw new PaparanError('io', unreadable.flatMap((l) => l.items));
  return files;
}

/** Every fixed label (Agenda, Terima kasih, ...) in the deck's language, English where it has none. */
export function labelsFor(set: TemplateSet, lang: string): Record<string, string> {
  return { ...set.labels.en, ...set.labels[lang] };
}

/** One fixed label in the deck's language; its key when no language has it. */
export function label(set: TemplateSet, lang: string, key: string): string {
  return labelsFor(set, lang)[key] ?? key;
}
