import { closest } from 'fastest-levenshtein';
import type { MessageList, Position } from '../messages.ts';
import type { PathKey } from './load.ts';
import type { ImageStore } from './images.ts';
import type { Deck, HandoutOptions, RuleSetting } from './types.ts';

/**
 * Every rule `rules:` may turn off or make an error: the warnings. Errors cannot be turned off.
 * (`overflow` is measured in the browser by scripts/fit.ts; the others are found while validating.)
 */
export const CONFIGURABLE_RULES = ['bullet-length', 'citation-fields', 'duplicate-id', 'glyph-missing', 'image-resolution', 'image-svg-text', 'notes-missing', 'overflow', 'rehearsal-stale', 'talk-too-long', 'talk-too-short', 'too-many-bullets', 'typographic-quotes', 'yaml-comment'] as const;
export type ConfigurableRule = (typeof CONFIGURABLE_RULES)[number];

const SETTINGS = ['off', 'warning', 'error'] as const;

export const DEFAULT_SPEAKING_RATE = 130;
/** Words per minute a speaker can plausibly say: below this is a pause, above it an auctioneer. */
export const SPEAKING_RATE_RANGE = [60, 300] as const;

type At = (path: PathKey[]) => Position;

/** `rules: { notes-missing: off, overflow: error }`: known names only, `off`/`false`, `warning` or `error`. */
export function readRules(raw: unknown, messages: MessageList, at: At, keyAt: At): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = Object.create(null);
  if (raw === undefined || raw === null) return rules;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    messages.error(at(['rules']), 'field-type', '`rules` must be a mapping of rule names to off, warning or error', 'Write for example `rules: { notes-missing: off, overflow: error }`');
    return rules;
  }
  const known: readonly string[] = CONFIGURABLE_RULES;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!known.includes(name)) {
      messages.error(keyAt(['rules', name]), 'field-unknown', `Unknown rule \`${name}\` in \`rules\``, `did you mean \`${closest(name, [...known])}\`? Rules that can be set: ${known.join(', ')}`);
      continue;
    }
    if (value === false) rules[name] = 'off';
    else if (typeof value === 'string' && (SETTINGS as readonly string[]).includes(value)) rules[name] = value as RuleSetting;
    else {
      const guess = typeof value === 'string' ? ` (did you mean \`${closest(value, [...SETTINGS])}\`?)` : '';
      messages.error(at(['rules', name]), 'field-type', `\`rules.${name}\` must be off, warning or error, not ${show(value)}${guess}`, `Write \`${name}: off\` to silence it, or \`${name}: error\` to make it fatal`);
    }
  }
  return rules;
}

/** `speakingRate`: words per minute, within {@link SPEAKING_RATE_RANGE}; the default when absent or wrong. */
export function readSpeakingRate(raw: unknown, messages: MessageList, at: At): number {
  if (raw === undefined || raw === null) return DEFAULT_SPEAKING_RATE;
  const [low, high] = SPEAKING_RATE_RANGE;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < low || raw > high) {
    messages.error(at(['speakingRate']), 'field-type', `\`speakingRate\` must be a number of words per minute from ${low} to ${high}, not ${show(raw)}`, `Write for example \`speakingRate: ${DEFAULT_SPEAKING_RATE}\` (most speakers say 110 to 160 words a minute)`);
    return DEFAULT_SPEAKING_RATE;
  }
  return raw;
}

const HANDOUT_FIELDS = ['perPage', 'mode', 'paper'];

export function readHandout(raw: unknown, override: Partial<HandoutOptions> | undefined, messages: MessageList, at: At, keyAt: At): HandoutOptions {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    messages.error(at(['handout']), 'field-type', `\`handout\` must be a mapping, not ${show(raw)}`, 'Write for example `handout: { perPage: 3, mode: lines, paper: a4 }`');
  }
  const h = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  for (const key of Object.keys(h)) {
    if (!HANDOUT_FIELDS.includes(key)) messages.error(keyAt(['handout', key]), 'field-unknown', `Unknown field \`${key}\` in \`handout\``, `did you mean \`${closest(key, HANDOUT_FIELDS)}\`? Fields of handout: ${HANDOUT_FIELDS.join(', ')}`);
  }
  const perPage = override?.perPage ?? h.perPage ?? 3;
  const mode = override?.mode ?? h.mode ?? 'lines';
  const paper = override?.paper ?? h.paper ?? 'a4';
  const result: HandoutOptions = { perPage: 3, mode: 'lines', paper: 'a4' };
  if ([1, 2, 3, 4, 6].includes(perPage as number)) result.perPage = perPage as HandoutOptions['perPage'];
  else messages.error(at(['handout', 'perPage']), 'field-type', `handout.perPage must be 1, 2, 3, 4 or 6, not ${String(perPage)}`, 'Write for example `perPage: 3`');
  if (mode === 'notes' || mode === 'lines' || mode === 'blank') result.mode = mode;
  else messages.error(at(['handout', 'mode']), 'field-type', `handout.mode must be notes, lines or blank, not ${String(mode)}`, 'Write for example `mode: lines`');
  if (paper === 'a4' || paper === 'letter') result.paper = paper;
  else messages.error(at(['handout', 'paper']), 'field-type', `handout.paper must be a4 or letter, not ${String(paper)}`, 'Write `paper: a4` or `paper: letter`');
  return result;
}

/** Deck fields of a thesis defence's title slide, beside title, author and institution; each shown only when given. */
export const TITLE_FIELDS = ['studentId', 'supervisors', 'faculty', 'university', 'logo'] as const;

/** What reading the title fields needs from the outline's checks. */
export interface TitleFieldsContext {
  text: (path: PathKey[], value: unknown) => string | undefined;
  at: At;
  messages: MessageList;
  /** The same store the image slides use: one check, one read, one size budget per outline. */
  images: ImageStore;
}

/**
 * `studentId` (NIM), `supervisors` (one name or a list of names), `faculty`, `university` (text) and `logo` (a local
 * image, checked, read and sniffed like an image slide's `src`, with the same errors at its position).
 */
export function readTitleFields(data: Record<string, unknown>, ctx: TitleFieldsContext): Pick<Deck, (typeof TITLE_FIELDS)[number]> {
  const { text, at, messages, images } = ctx;
  const fields: Pick<Deck, (typeof TITLE_FIELDS)[number]> = {};
  const given = (path: PathKey[], value: unknown) => {
    const t = text(path, value);
    return t !== undefined && t.trim() !== '' ? t : undefined;
  };
  for (const key of ['studentId', 'faculty', 'university'] as const) {
    const value = given([key], data[key]);
    if (value !== undefined) fields[key] = value;
  }
  const supervisors = data.supervisors;
  if (Array.isArray(supervisors)) {
    const names = supervisors.map((name, i) => given(['supervisors', i], name)).filter((n): n is string => n !== undefined);
    if (names.length) fields.supervisors = names;
  } else if (supervisors !== null && typeof supervisors === 'object') {
    messages.error(at(['supervisors']), 'field-type', `\`supervisors\` must be a name or a list of names, not ${show(supervisors)}`, 'Write `supervisors: "Dr. Siti Rahma, M.Si."`, or one name per line: `supervisors:` then `  - "Dr. ..."`');
  } else {
    const name = given(['supervisors'], supervisors);
    if (name !== undefined) fields.supervisors = [name];
  }
  const logo = given(['logo'], data.logo);
  if (logo !== undefined) {
    const image = images.check(logo, at(['logo']));
    if (image) fields.logo = image;
  }
  return fields;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || typeof value === 'object') return 'a mapping';
  const text = String(value);
  return `\`${text.length > 40 ? `${text.slice(0, 40)}…` : text}\``;
}
