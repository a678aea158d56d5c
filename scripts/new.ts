import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PaparanError, PaparanMessage } from './messages.ts';
import { outputName } from './project.ts';

export const STARTER_LANGS = ['id', 'en'] as const;
export type StarterLang = (typeof STARTER_LANGS)[number];

/** Options of {@link createOutline}. */
export interface NewOutlineOptions {
  /** The project root: the outline goes to `<root>/slides/<name>.md`. */
  root: string;
  /** The outline's name: letters, digits, `-` and `_` (a trailing `.md` is dropped). */
  name: string;
  /** The deck's language, and of the comments that explain its fields. Default `id`. */
  lang?: StarterLang;
}

/** What {@link createOutline} wrote (absolute paths). */
export interface NewOutline {
  name: string;
  /** `slides/<name>.md`: one slide of every layout, each field explained in a comment. */
  outline: string;
  /** `slides/<name>/`: the outline's images. */
  images: string;
  /** `slides/<name>/figure.svg`: the sample figure of the image slide. */
  figure: string;
}

const MAX_NAME = 64;
// Names Windows will not open as files, whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const FIGURE = 'figure.svg';

const usage = (rule: string, message: string, hint: string) => new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, rule, message, hint)]);

/** A suggestion of a safe name close to what was typed (`My talk!` → `my-talk`), or `talk` when nothing is left. */
function suggestName(name: string): string {
  const safe = name.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, MAX_NAME);
  return safe && !RESERVED.test(safe) ? safe : 'talk';
}

/** The name to write under, or a usage error saying which names are safe and suggesting one. */
export function checkOutlineName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\.md$/i, '');
  const hint = (why: string) => `${why}. Use letters, digits, - and _ only, starting with a letter or digit, such as ${suggestName(name)}`;
  const refuse = (message: string, why: string) => usage('name-invalid', message, hint(why));
  if (name.trim() === '') throw refuse('The outline needs a name', 'The name becomes slides/<name>.md and dist/<name>/');
  if (/[/\\]/.test(name)) throw refuse(`"${raw}" is a path, not a name`, 'The outline is always written to slides/<name>.md');
  if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(name)) {
    throw refuse(`"${raw}" is not a safe file name`, 'Spaces, dots and signs in file names break commands, links and other systems');
  }
  if (name.length > MAX_NAME) throw refuse(`"${raw}" is longer than ${MAX_NAME} characters`, 'A short name is easier to type');
  if (RESERVED.test(name)) throw refuse(`"${raw}" is a device name that Windows cannot open as a file`, 'Choose another name');
  return name;
}

/** The starter files: the project's own templates/starter/ if it has one, else paparan's. */
function starterDir(root: string): string {
  const own = join(root, 'templates', 'starter');
  if (existsSync(own)) return own;
  // scripts/new.ts and the compiled lib/paparan.mjs both sit one folder below paparan's root.
  return resolve(import.meta.dirname, '..', 'templates', 'starter');
}

function readStarter(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    throw new PaparanError('input', [new PaparanMessage(join(dir, file), { line: 0, column: 0 }, 'template-missing', `The starter file ${file} is missing`, 'Restore templates/starter/ from paparan (git checkout templates/starter)')]);
  }
}

/** Something already at `path` (a file, folder or symlink, even a dangling one). */
function taken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Refuses when the outline, its image folder or an outline writing to the same dist/<name>/ exists already. */
function checkFree(root: string, slides: string, name: string): void {
  const show = (p: string) => relative(root, p) || p;
  const exists = (path: string, what: string, hint: string) => new PaparanError('input', [new PaparanMessage(show(path), { line: 0, column: 0 }, 'outline-exists', what, hint)]);
  const other = `Choose another name, such as ${name}-2, or open the one there: paparan never writes over your files`;
  if (taken(slides) && !lstatSync(slides).isDirectory()) throw exists(slides, 'slides is a file, not a folder', 'Rename or move that file: outlines are written to slides/');
  const outline = join(slides, `${name}.md`);
  if (taken(outline)) throw exists(outline, `${show(outline)} already exists`, other);
  if (taken(slides)) {
    // Another outline with the same output name (talk.yaml, Talk.md on a case-insensitive disk) would clash with it.
    const twin = readdirSync(slides).find((n) => /\.(md|ya?ml)$/i.test(n) && outputName(n).toLowerCase() === name.toLowerCase());
    if (twin) throw exists(join(slides, twin), `${show(join(slides, twin))} already uses the name ${name}`, other);
  }
  const images = join(slides, name);
  if (taken(images)) throw exists(images, `${show(images)} already exists: it would hold the new outline's images`, other);
}

/** Writes a file that must not exist yet ('wx': never over one that appeared meanwhile); a half-written one goes. */
function writeNew(path: string, data: string): void {
  try {
    writeFileSync(path, data, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(path, { force: true });
    throw error;
  }
}

/**
 * Writes `slides/<name>.md`, a starter outline with one slide of every layout and comments on what each field is
 * for, and `slides/<name>/figure.svg`, the figure of its image slide. Writes nothing when anything is in the way.
 */
export function createOutline(options: NewOutlineOptions): NewOutline {
  const lang = options.lang ?? 'id';
  if (!(STARTER_LANGS as readonly string[]).includes(lang)) throw usage('lang-unknown', `Unknown language "${lang}"`, 'Choose id (Indonesian) or en (English)');
  const name = checkOutlineName(options.name);
  const root = resolve(options.root);
  const slides = join(root, 'slides');
  const dir = starterDir(root);
  const text = readStarter(dir, `${lang}.md`).replaceAll('{{name}}', name).replaceAll('{{year}}', String(new Date().getFullYear()));
  const svg = readStarter(dir, FIGURE);
  checkFree(root, slides, name);

  const result: NewOutline = { name, outline: join(slides, `${name}.md`), images: join(slides, name), figure: join(slides, name, FIGURE) };
  // What was made so far, undone in reverse on failure: only our own files, and folders only when empty.
  const made: { path: string; folder: boolean }[] = [];
  try {
    if (!existsSync(slides)) {
      mkdirSync(slides);
      made.push({ path: slides, folder: true });
    }
    mkdirSync(result.images);
    made.push({ path: result.images, folder: true });
    writeNew(result.figure, svg);
    made.push({ path: result.figure, folder: false });
    writeNew(result.outline, text);
  } catch (error) {
    for (const { path, folder } of made.reverse()) {
      try {
        if (folder) rmdirSync(path);
        else rmSync(path);
      } catch {
        // Left as it is: someone else put something there meanwhile.
      }
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') checkFree(root, slides, name);
    throw new PaparanError('io', [new PaparanMessage(relative(root, result.outline), { line: 0, column: 0 }, 'write-failed', `Could not write the new outline (${code ?? String(error)})`, 'Check that slides/ is writable and the disk has room, then run the command again')]);
  }
  return result;
}
