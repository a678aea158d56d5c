import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import matter from 'gray-matter';
import Handlebars from 'handlebars';

/** The kinds of value a layout field can hold; adding a layout never needs a new kind. */
export const FIELD_TYPES = ['text', 'points', 'column', 'image'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDeclaration {
  type: FieldType;
  required: boolean;
  description: string;
}

/** A layout: its template and the fields it declares in its own front matter. */
export interface Layout {
  name: string;
  file: string;
  description: string;
  fields: Record<string, FieldDeclaration>;
  /** Field whose points may be split over continuation slides when they overflow. */
  splittable: string[];
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
};

const cache = new Map<string, TemplateSet>();

/** Reads templates/ once per content: layouts, partials, the deck frame and the labels. */
export function loadTemplates(dir: string): TemplateSet {
  const files = listTemplateFiles(dir);
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(name).update('\0').update(text).update('\0');
  const digest = hash.digest('hex');
  const key = `${dir}\0${digest}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('inc', (n: number) => n + 1);
  const compile = (text: string) => hbs.compile(text, { strict: false, preventIndent: true });
  const layouts = new Map<string, Layout>();
  for (const [name, text] of files) {
    if (name.startsWith('partials/')) hbs.registerPartial(basename(name, '.hbs'), text);
  }
  for (const [name, text] of files) {
    if (!name.startsWith('layouts/')) continue;
    const parsed = matter(text);
    const layoutName = basename(name, '.hbs');
    layouts.set(layoutName, {
      name: layoutName,
      file: join(dir, name),
      description: String(parsed.data.description ?? ''),
      fields: readFields(parsed.data.fields, name),
      splittable: Array.isArray(parsed.data.splittable) ? parsed.data.splittable.map(String) : [],
      template: compile(parsed.content.replace(/^\n+/, '')),
    });
  }
  const labelsText = files.get('labels.json');
  const set: TemplateSet = {
    dir,
    layouts,
    deck: compile(files.get('deck.hbs') ?? ''),
    labels: labelsText ? JSON.parse(labelsText) : {},
    hash: digest,
  };
  cache.set(key, set);
  return set;
}

function listTemplateFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const read = (sub: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, sub)).filter((n) => n.endsWith('.hbs') || n.endsWith('.json')).sort();
    } catch {
      return;
    }
    for (const n of names) files.set(sub ? `${sub}/${n}` : n, readFileSync(join(dir, sub, n), 'utf8'));
  };
  read('');
  read('partials');
  read('layouts');
  return files;
}

function readFields(raw: unknown, file: string): Record<string, FieldDeclaration> {
  const fields: Record<string, FieldDeclaration> = {};
  if (raw === undefined || raw === null) return fields;
  if (typeof raw !== 'object') throw new Error(`${file}: "fields" must be a mapping of field names`);
  for (const [name, decl] of Object.entries(raw as Record<string, unknown>)) {
    const d = (decl ?? {}) as Record<string, unknown>;
    const type = String(d.type ?? 'text') as FieldType;
    if (!FIELD_TYPES.includes(type)) throw new Error(`${file}: field "${name}" has unknown type "${type}" (use ${FIELD_TYPES.join(', ')})`);
    fields[name] = { type, required: d.required === true, description: String(d.description ?? '') };
  }
  return fields;
}

/** Every fixed label (Agenda, Terima kasih, ...) in the deck's language, English where it has none. */
export function labelsFor(set: TemplateSet, lang: string): Record<string, string> {
  return { ...set.labels.en, ...set.labels[lang] };
}

/** One fixed label in the deck's language; its key when no language has it. */
export function label(set: TemplateSet, lang: string, key: string): string {
  return labelsFor(set, lang)[key] ?? key;
}
