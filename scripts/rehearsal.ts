import { existsSync, readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { PaparanMessage, type Position } from './messages.ts';
import { writeAtomic } from './write.ts';

/** One slide's times in one rehearsal, in seconds. */
export interface RehearsedSlide {
  id: string | null;
  title: string;
  planned: number;
  spoken: number;
}

/** One run through the talk, as the presenter view records it. */
export interface RehearsalTake {
  recordedAt: string;
  slides: RehearsedSlide[];
  /** Where the take starts in the file (for messages). */
  position?: Position;
}

/** `slides/<name>.rehearsal.json`: every rehearsal of one outline, oldest first. */
export interface RehearsalFile {
  paparan: 'rehearsals';
  version: 1;
  rehearsals: RehearsalTake[];
}

const MAX_BYTES = 1024 * 1024;
const MAX_TAKES = 500;
const MAX_SLIDES = 1000;
const MAX_SECONDS = 24 * 3600;

const HINT = 'This file is written by the presenter view (`paparan rehearse`): fix the value shown, or delete the file to start afresh';

/**
 * Checks one take, as sent by the presenter view or read from the file; returns what is wrong, path first
 * (`slides[2].spoken`), or nothing. Takes come from a browser page: every field is checked, nothing is trusted.
 */
export function takeProblem(value: unknown): { path: (string | number)[]; message: string } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { path: [], message: 'a rehearsal must be an object with `recordedAt` and `slides`' };
  const take = value as Record<string, unknown>;
  if (typeof take.recordedAt !== 'string' || Number.isNaN(Date.parse(take.recordedAt))) return { path: ['recordedAt'], message: '`recordedAt` must be a date and time, such as "2026-11-26T09:30:00.000Z"' };
  if (!Array.isArray(take.slides) || take.slides.length > MAX_SLIDES) return { path: ['slides'], message: `\`slides\` must be a list (at most ${MAX_SLIDES})` };
  for (const [i, slide] of take.slides.entries()) {
    if (!slide || typeof slide !== 'object' || Array.isArray(slide)) return { path: ['slides', i], message: 'each slide must be an object with `title`, `planned` and `spoken`' };
    const { id, title, planned, spoken } = slide as Record<string, unknown>;
    if (id !== null && id !== undefined && typeof id !== 'string') return { path: ['slides', i, 'id'], message: '`id` must be text or null' };
    if (typeof title !== 'string' || title.length > 1000) return { path: ['slides', i, 'title'], message: '`title` must be text' };
    for (const [name, seconds] of [['planned', planned], ['spoken', spoken]] as const) {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) return { path: ['slides', i, name], message: `\`${name}\` must be a number of seconds from 0 to ${MAX_SECONDS}` };
    }
  }
  return undefined;
}

/** A checked take, reduced to its known fields. */
export function cleanTake(value: unknown): RehearsalTake {
  const take = value as RehearsalTake;
  return {
    recordedAt: new Date(take.recordedAt).toISOString(),
    slides: take.slides.map((s) => ({ id: typeof s.id === 'string' ? s.id : null, title: s.title, planned: Math.round(s.planned), spoken: Math.round(s.spoken) })),
  };
}

/**
 * Reads an outline's rehearsal file, if there is one. A file that is not one paparan wrote is an error with its
 * line and column, like an outline's; returns no takes and no messages when there is no file.
 */
export function readRehearsals(file: string): { takes: RehearsalTake[]; messages: PaparanMessage[] } {
  if (!existsSync(file)) return { takes: [], messages: [] };
  const error = (position: Position, message: string) => ({ takes: [], messages: [new PaparanMessage(file, position, 'rehearsal-invalid', message, HINT)] });
  let source: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BYTES) return error({ line: 1, column: 1 }, `The rehearsal file is ${bytes.length} bytes; at most ${MAX_BYTES} are read`);
    source = bytes.toString('utf8');
  } catch (e) {
    return error({ line: 0, column: 0 }, `Cannot read the rehearsal file: ${(e as Error).message}`);
  }
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (document.errors.length) return error(at(document.errors[0]!.pos[0]), `The rehearsal file is not valid JSON: ${document.errors[0]!.message.split('\n')[0]}`);
  const positionOf = (path: (string | number)[]) => nodePosition(document, path, at);
  const data = document.toJS({ maxAliasCount: 0 }) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || data.paparan !== 'rehearsals' || data.version !== 1 || !Array.isArray(data.rehearsals)) {
    return error({ line: 1, column: 1 }, 'This is not a paparan rehearsal file: it needs `"paparan": "rehearsals"`, `"version": 1` and a `rehearsals` list');
  }
  if (data.rehearsals.length > MAX_TAKES) return error(positionOf(['rehearsals']), `The file holds ${data.rehearsals.length} rehearsals; at most ${MAX_TAKES} are read`);
  const takes: RehearsalTake[] = [];
  for (const [i, take] of data.rehearsals.entries()) {
    const problem = takeProblem(take);
    if (problem) return error(positionOf(['rehearsals', i, ...problem.path]), `Rehearsal ${i + 1}: ${problem.message}`);
    takes.push({ ...cleanTake(take), position: positionOf(['rehearsals', i]) });
  }
  return { takes, messages: [] };
}

function nodePosition(document: Document.Parsed, path: (string | number)[], at: (offset: number) => Position): Position {
  for (let n = path.length; n >= 0; n--) {
    const node = document.getIn(path.slice(0, n), true) as Node | undefined;
    if (node?.range && (n === path.length || isMap(node) || isSeq(node))) return at(node.range[0]);
  }
  return { line: 1, column: 1 };
}

/** Adds a take to the file (created when missing), written atomically: a crash leaves the old file whole. */
export function appendRehearsal(file: string, take: RehearsalTake): RehearsalFile {
  const { takes, messages } = readRehearsals(file);
  if (messages.length) throw new Error(messages[0]!.message);
  const rehearsals = [...takes.map(({ position: _position, ...rest }) => rest), cleanTake(take)].slice(-MAX_TAKES);
  const content: RehearsalFile = { paparan: 'rehearsals', version: 1, rehearsals };
  writeAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
  return content;
}

/** A deck slide, as rehearsals are matched to it: by `id` when both have one, else by title. */
export interface DeckSlide {
  id: string | null;
  title: string;
  backup: boolean;
}

/** Per deck slide: seconds in the latest rehearsal and the median over all rehearsals that had it. */
export interface RehearsalSummary {
  takes: number;
  latest: (number | undefined)[];
  median: (number | undefined)[];
  latestTotal: number;
  medianTotal: number;
  /** What no longer matches between the latest rehearsal and the deck, for the `rehearsal-stale` warning. */
  stale?: { missing: string[]; gone: string[]; position?: Position; recordedAt: string };
}

const matches = (slide: DeckSlide, rehearsed: RehearsedSlide) => (slide.id && rehearsed.id ? slide.id === rehearsed.id : slide.title === rehearsed.title);

const medianOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

export function summarize(takes: RehearsalTake[], slides: DeckSlide[]): RehearsalSummary | undefined {
  const latestTake = takes[takes.length - 1];
  if (!latestTake) return undefined;
  const timesOf = (take: RehearsalTake) => slides.map((slide) => take.slides.find((r) => matches(slide, r))?.spoken);
  const all = takes.map(timesOf);
  const latest = all[all.length - 1]!;
  const median = slides.map((_, i) => {
    const values = all.map((times) => times[i]).filter((v): v is number => v !== undefined);
    return values.length ? medianOf(values) : undefined;
  });
  const sum = (times: (number | undefined)[]) => times.reduce<number>((total, v, i) => total + (slides[i]!.backup ? 0 : (v ?? 0)), 0);
  const missing = slides.filter((slide, i) => !slide.backup && latest[i] === undefined).map((s) => s.title);
  const gone = latestTake.slides.filter((r) => !slides.some((slide) => matches(slide, r))).map((r) => r.title);
  return {
    takes: takes.length,
    latest,
    median,
    latestTotal: sum(latest),
    medianTotal: sum(median),
    stale: missing.length || gone.length ? { missing, gone, position: latestTake.position, recordedAt: latestTake.recordedAt } : undefined,
  };
}
