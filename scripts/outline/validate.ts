import { dirname, resolve } from 'node:path';
import { bodySlideLimitLine } from './body.ts';
import { capitalize, type SlideContext } from './context.ts';
import { readCitationSettings, CITATION_FIELDS } from './citation-settings.ts';
import { checkBodyImages, checkField, readBackup } from './fields.ts';
import { checkImageResolution } from './image-resolution.ts';
import { ImageStore } from './images.ts';
import { placeName, slideLabelIn } from './names.ts';
import { describe, unknownField, unknownLayout } from './report.ts';
import { synonymFor } from './synonyms.ts';
import { readHandout, readRules, readSpeakingRate, readTitleFields, TITLE_FIELDS } from './settings.ts';
import { checkTiming } from './timing.ts';
import { countWords } from './words.ts';
import { COMMON_FIELDS, type FieldDeclaration, type TemplateSet } from '../layouts.ts';
import { MessageList, type Position } from '../messages.ts';
import { normalizeText } from '../render/escape.ts';
import type { LoadedOutline, PathKey } from './load.ts';
import type { Column, Deck, FieldValue, HandoutOptions, Outline, Slide } from './types.ts';

export const MAX_SLIDES = 500;
export const MAX_BULLET_WORDS = 12;
export const MAX_BULLETS = 6;

const DECK_FIELDS = ['title', 'subtitle', 'author', 'institution', 'date', 'lang', 'theme', 'duration', 'shortTitle', 'handout', 'autoSplit', 'speakingRate', 'rules', 'slides', ...TITLE_FIELDS, ...CITATION_FIELDS];
const DECK_TEXT = ['title', 'subtitle', 'author', 'institution', 'date', 'shortTitle'] as const;

export interface ValidateOptions {
  /** Project root; images and themes must stay inside it. */
  root: string;
  autoSplit?: boolean;
  handout?: Partial<HandoutOptions>;
  speakingRate?: number;
}

/** Checks an outline against its layouts' declarations; returns the typed outline and every message. */
export function validateOutline(loaded: LoadedOutline, templates: TemplateSet, options: ValidateOptions): { outline: Outline; messages: MessageList } {
  const messages = new MessageList(loaded.file);
  const data = loaded.data;
  const at = (path: PathKey[]) => loaded.positionOf(path);
  const keyAt = (path: PathKey[]) => loaded.keyPositionOf(path);
  const rules = readRules(data.rules, messages, at, keyAt);
  const warn = (position: Position, rule: string, message: string, hint?: string) => {
    const setting = rules[rule] ?? 'warning';
    if (setting === 'error') messages.error(position, rule, message, hint);
    else if (setting === 'warning') messages.warn(position, rule, message, hint);
  };
  const place = (path: readonly PathKey[]) => placeName(path, data);
  for (const cut of loaded.cutByComments) {
    warn(cut.position, 'yaml-comment', `\`${cut.cut.slice(0, 40)}\` is read as a YAML comment and left out: the text stops at "${cut.kept}"`, `Put the whole text in quotes: "${cut.kept} ${cut.cut}"`);
  }
  const curly = new Set<string>();
  const text = (path: PathKey[], value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') {
      // Quoted with Word's curly quotes, the value is read, quotes and all, and they show on the slide.
      const key = JSON.stringify(path);
      if (/^\s*[“”„‘’‚«»].*[“”„‘’‚«»]\s*$/su.test(value) && !curly.has(key)) {
        curly.add(key);
        warn(at(path), 'typographic-quotes', `The text is wrapped in typographic quotes (${value.trim().at(0)}…${value.trim().at(-1)}): they will show on the slide`, `To quote the text, use straight quotes "…": "${value.trim().slice(1, -1)}"; to show quotes, keep them and ignore this`);
      }
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    const last = path[path.length - 1];
    const example = typeof last === 'number' ? '- "..."' : `${String(last)}: "..."`;
    messages.error(at(path), 'field-type', `${capitalize(place(path))} must be text, not ${describe(value)}`, `Write it as one line of text: ${example}`);
    return undefined;
  };

  if (typeof data !== 'object' || Array.isArray(data)) {
    messages.error({ line: 1, column: 1 }, 'field-type', 'The front matter must be a mapping of deck fields', 'Start with `title: ...`');
    messages.throwIfFatal();
  }
  const renamed = new Set<string>();
  for (const key of Object.keys(data)) {
    const meant = DECK_FIELDS.includes(key) ? undefined : unknownField(messages, keyAt([key]), key, DECK_FIELDS, 'deck');
    if (meant) renamed.add(meant);
  }
  const title = text(['title'], data.title);
  if ((!title || !normalizeText(title)) && !renamed.has('title')) messages.error(at([]), 'field-missing', 'The deck has no `title`', 'Add a line `title: "Your talk title"` to the front matter');
  const lang = data.lang ?? 'id';
  if (lang !== 'id' && lang !== 'en') messages.error(at(['lang']), 'field-type', `\`lang\` must be \`id\` or \`en\`, not \`${String(lang)}\``, 'Write `lang: id` for Indonesian or `lang: en` for English');
  const duration = data.duration;
  if (duration !== undefined && (typeof duration !== 'number' || !(duration > 0) || !Number.isFinite(duration))) messages.error(at(['duration']), 'field-type', '`duration` must be a number of minutes', 'Write for example `duration: 20`');
  const speakingRate = options.speakingRate ?? readSpeakingRate(data.speakingRate, messages, at);
  const deck: Deck = {
    title: title ?? '',
    lang: lang === 'en' ? 'en' : 'id',
    theme: text(['theme'], data.theme) ?? 'paparan',
    duration: typeof duration === 'number' ? duration : undefined,
    handout: readHandout(data.handout, options.handout, messages, at, keyAt),
    autoSplit: options.autoSplit ?? readAutoSplit(data.autoSplit, messages, at),
    speakingRate,
    rules,
  };
  for (const key of DECK_TEXT) {
    if (key === 'title') continue;
    const value = text([key], data[key]);
    if (value !== undefined) deck[key] = value;
  }
  if (!/^[a-z0-9-]+$/.test(deck.theme)) messages.error(at(['theme']), 'theme-unknown', `Theme \`${deck.theme}\` is not a theme name`, 'Use the name of a file in themes/, without .css, e.g. `theme: paparan`');

  const slides: Slide[] = [];
  const images = new ImageStore(messages, dirname(resolve(loaded.file)), options.root);
  Object.assign(deck, readTitleFields(data, { text, at, messages, images }));
  const citations = readCitationSettings(data, { at, messages });
  if (citations) deck.citations = citations;
  const ctx: SlideContext = { loaded, templates, messages, at, keyAt, text, warn, place, images };
  const rawSlides = data.slides;
  // Marp makes slides of the body too: they count against the same limit.
  const outlineSlides = Array.isArray(rawSlides) ? rawSlides.length : 0;
  const excessLine = outlineSlides <= MAX_SLIDES ? bodySlideLimitLine(loaded.body, loaded.bodyLine, MAX_SLIDES - outlineSlides) : undefined;
  if (excessLine !== undefined) {
    messages.error({ line: excessLine, column: 1 }, 'too-many-slides', `The outline has more than ${MAX_SLIDES} slides: ${outlineSlides} in \`slides\` and the rest in the Markdown body, where slide ${MAX_SLIDES + 1} starts here`, 'Split the talk into several outlines');
    // Nothing else is checked (no image read) in an outline that cannot be built anyway.
    messages.throwIfFatal();
  }
  if (!Array.isArray(rawSlides)) {
    if (rawSlides === undefined && !renamed.has('slides')) messages.error(at([]), 'field-missing', 'The deck has no `slides` list', 'Add `slides:` with one `- layout: ...` entry per slide');
    else if (rawSlides !== undefined) messages.error(at(['slides']), 'field-type', `\`slides\` must be a list, not ${describe(rawSlides)}`, 'Write each slide as a list item starting with `- layout: ...`');
  } else if (rawSlides.length > MAX_SLIDES) {
    messages.error(at(['slides']), 'too-many-slides', `The outline has ${rawSlides.length} slides; the limit is ${MAX_SLIDES}`, 'Split the talk into several outlines');
  } else {
    const ids = new Map<string, number>();
    rawSlides.forEach((raw, index) => {
      const slide = validateSlide(raw, index, ctx);
      if (!slide) return;
      if (slide.id !== undefined) {
        const first = ids.get(slide.id);
        if (first !== undefined) warn(at(['slides', index, 'id']), 'duplicate-id', `Slide id \`${slide.id}\` is already used by ${slideLabelIn(data, first)}`, 'Give every slide a different `id`');
        else ids.set(slide.id, index);
      }
      slides.push(slide);
    });
  }
  const bodyImages = checkBodyImages(loaded, ctx);
  const outline: Outline = { file: loaded.file, dir: dirname(resolve(loaded.file)), deck, slides, body: loaded.body, bodyLine: loaded.bodyLine, bodyImages };
  checkImageResolution(slides, at, warn);
  checkTiming(outline, rawSlides, at(['duration']), warn);
  messages.throwIfFatal();
  return { outline, messages };
}

function validateSlide(raw: unknown, index: number, ctx: SlideContext): Slide | undefined {
  const { messages, at, keyAt, text, warn, templates } = ctx;
  const base: PathKey[] = ['slides', index];
  const slide = capitalize(ctx.place(base));
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    messages.error(at(base), 'field-type', `${slide} must be a mapping with a \`layout\`, not ${describe(raw)}`, 'Write `- layout: points` and the layout\'s fields below it');
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const layoutName = text([...base, 'layout'], entry.layout);
  const names = [...templates.layouts.keys()].sort();
  if (!layoutName) {
    // `jenis: points`: the layout under another name.
    const other = Object.keys(entry).find((key) => synonymFor(key, ['layout']));
    if (other) unknownField(messages, keyAt([...base, other]), other, ['layout'], 'a slide');
    else messages.error(at(base), 'field-missing', `${slide} has no \`layout\``, `Add \`layout:\` with one of: ${names.join(', ')}`);
    return undefined;
  }
  const layout = templates.layouts.get(layoutName);
  if (!layout) {
    unknownLayout(messages, at([...base, 'layout']), layoutName, names);
    return undefined;
  }
  const declared: Record<string, FieldDeclaration> = { ...COMMON_FIELDS, ...layout.fields };
  const renamed = new Set<string>();
  for (const key of Object.keys(entry)) {
    const meant = Object.hasOwn(declared, key) ? undefined : unknownField(messages, keyAt([...base, key]), key, Object.keys(declared), `layout \`${layoutName}\``);
    if (meant) renamed.add(meant);
  }
  const fields: Record<string, FieldValue> = {};
  for (const [name, decl] of Object.entries(layout.fields)) {
    const value = entry[name];
    const path = [...base, name];
    if (value === undefined || value === null || (typeof value === 'string' && normalizeText(value) === '')) {
      // Written under another name (`judul:`): that is reported already.
      if (renamed.has(name)) continue;
      if (decl.required && name === 'alt') messages.error(at(base), 'image-alt', `${slide} has an image without \`alt\` text`, 'Describe the image for people who cannot see it: `alt: "Peta Asia Tengah"`');
      else if (decl.required) messages.error(at(base), 'field-missing', `${slide} (layout \`${layoutName}\`) is missing \`${name}\``, `Add \`${name}:\` ${exampleFor(decl)}`);
      continue;
    }
    const checked = checkField(value, decl, path, ctx);
    if (checked !== undefined) fields[name] = checked;
  }
  const notes = text([...base, 'notes'], entry.notes);
  if (!notes?.trim() && !renamed.has('notes')) warn(at(base), 'notes-missing', `${slide} has no speaker notes`, 'Add `notes: |` with what you will say');
  for (const [name, value] of Object.entries(fields)) {
    const points = Array.isArray(value) ? value : isColumn(value) ? value.points : undefined;
    if (!points) continue;
    const pointsPath = isColumn(value) ? [...base, name, 'points'] : [...base, name];
    if (points.length > MAX_BULLETS) warn(at(pointsPath), 'too-many-bullets', `${slide} has ${points.length} bullets in \`${name}\` (max ${MAX_BULLETS})`, 'Move some into the notes, or split the slide');
    points.forEach((p, i) => {
      const check = (t: string, path: PathKey[]) => {
        const words = countWords(t);
        if (words > MAX_BULLET_WORDS) warn(at(path), 'bullet-length', `Bullet has ${words} words (max ${MAX_BULLET_WORDS})`, 'Keep the key phrase on the slide and move the full sentence into the notes');
      };
      if (typeof p === 'string') check(p, [...pointsPath, i]);
      else {
        check(p.text, [...pointsPath, i, 'text']);
        p.points.forEach((q, j) => check(q, [...pointsPath, i, 'points', j]));
      }
    });
  }
  const id = text([...base, 'id'], entry.id);
  const slideEntry: Slide = { index, layout: layoutName, id, notes, fields, position: at(base) };
  if (readBackup(entry, base, ctx)) slideEntry.backup = true;
  return slideEntry;
}

function readAutoSplit(raw: unknown, messages: MessageList, at: (path: PathKey[]) => Position): boolean {
  if (raw !== undefined && raw !== null && typeof raw !== 'boolean') messages.error(at(['autoSplit']), 'field-type', `\`autoSplit\` must be true or false, not ${describe(raw)}`, 'Write `autoSplit: true` to split overflowing slides, or leave it out');
  return raw === true;
}

function exampleFor(decl: FieldDeclaration): string {
  if (decl.type === 'points') return 'with a list of points, e.g. `- "..."`';
  if (decl.type === 'column') return 'with `heading:` and `points:`';
  if (decl.type === 'image') return 'with a local image path, e.g. `img/peta.png`';
  return 'with text, e.g. "..."';
}

function isColumn(value: FieldValue): value is Column {
  return typeof value === 'object' && !Array.isArray(value) && 'points' in value;
}


