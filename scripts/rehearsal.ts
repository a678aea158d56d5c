import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { PaparanError, PaparanMessage, type Position } from './messages.ts';
import { readSmallFile } from './outline/files.ts';
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
  const error = (position: Position, message: string) => ({ takes: [], messages: [new PaparanMessage(file, position, 'rehearsal-invalid', message, HINT)] });
  let source: string | undefined;
  try {
    source = readSmallFile(file, MAX_BYTES);
  } catch (e) {
    return error({ line: 0, column: 0 }, `Cannot read the rehearsal file: ${(e as Error).message}`);
  }
  if (source === undefined) return { takes: [], messages: [] };
  const lines = new LineCounter();
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  // JSON.parse first: it takes any text without recursing. The yaml package (kept for the positions of values)
  // recurses once per level of nesting: a few kilobytes of `[[[[` overflow its stack, and a second such overflow
  // in one process (dev mode rebuilds, check then build) has crashed Node outright. It also would read YAML, such
  // as aliases, which this JSON file never holds.
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    return error(positionIn(source, jsonErrorOffset(source)), `The rehearsal file is not valid JSON: ${(e as Error).message.replace(/, (\.\.\.)?".*$|\s+in JSON at position \d+.*$/s, '')}`);
  }
  const deep = tooDeep(source);
  if (deep !== undefined) {
    return error(positionIn(source, deep), `The rehearsal file nests more than ${MAX_DEPTH} levels deep; a rehearsal file has 5`);
  }
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length) return error(at(document.errors[0]!.pos[0]), `The rehearsal file is not valid JSON: ${document.errors[0]!.message.split('\n')[0]}`);
  const positionOf = (path: (string | number)[]) => nodePosition(document, path, at);
  const root = data as Record<string, unknown> | null;
  if (!root || typeof root !== 'object' || root.paparan !== 'rehearsals' || root.version !== 1 || !Array.isArray(root.rehearsals)) {
    return error({ line: 1, column: 1 }, 'This is not a paparan rehearsal file: it needs `"paparan": "rehearsals"`, `"version": 1` and a `rehearsals` list');
  }
  if (root.rehearsals.length > MAX_TAKES) return error(positionOf(['rehearsals']), `The file holds ${root.rehearsals.length} rehearsals; at most ${MAX_TAKES} are read`);
  const takes: RehearsalTake[] = [];
  for (const [i, take] of root.rehearsals.entries()) {
    const problem = takeProblem(take);
    if (problem) return error(positionOf(['rehearsals', i, ...problem.path]), `Rehearsal ${i + 1}: ${problem.message}`);
    takes.push({ ...cleanTake(take), position: positionOf(['rehearsals', i]) });
  }
  return { takes, messages: [] };
}

const positionIn = (text: string, offset: number): Position => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
};

/** A file paparan wrote nests 5 levels; far deeper is not one, and the yaml package could not take it. */
const MAX_DEPTH = 16;

/** Where valid JSON first nests deeper than MAX_DEPTH (strings skipped), or undefined. */
function tooDeep(json: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}

/**
 * Where JSON.parse fails in `source`: the shortest prefix that fails other than by ending early (V8 names the
 * position only for some errors), found by bisection; the end of the text when only its end is missing.
 */
function jsonErrorOffset(source: string): number {
  const failsInside = (length: number) => {
    try {
      JSON.parse(source.slice(0, length));
      return false;
    } catch (e) {
      const message = (e as Error).message;
      if (/end of JSON input/.test(message)) return false;
      const at = /at position (\d+)/.exec(message);
      return !at || Number(at[1]) < length;
    }
  };
  if (!failsInside(source.length)) return source.length;
  let [low, high] = [0, source.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsInside(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

function nodePosition(document: Document.Parsed, path: (string | number)[], at: (offset: number) => Position): Position {
  for (let n = path.length; n >= 0; n--) {
    const node = document.getIn(path.slice(0, n), true) as Node | undefined;
    if (node?.range && (n === path.length || isMap(node) || isSeq(node))) return at(node.range[0]);
  }
  return { line: 1, column: 1 };
}

/**
 * Adds a take to the file (created when missing), written atomically: a crash leaves the old file whole. A file
 * that cannot be read is left as it is: the error says where it is wrong, and the take is not saved.
 */
export function appendRehearsal(file: string, take: RehearsalTake): RehearsalFile {
  const { takes, messages } = readRehearsals(file);
  if (messages.length) throw new PaparanError('input', messages);
  const rehearsals = [...takes.map(({ position: _position, ...rest }) => rest), cleanTake(take)].slice(-MAX_TAKES);
  // The oldest takes go when the file would outgrow what readRehearsals reads: a file this writes stays readable.
  let text = serialize(rehearsals);
  while (Buffer.byteLength(text) > MAX_BYTES && rehearsals.length > 1) {
    rehearsals.splice(0, Math.max(1, Math.ceil(rehearsals.length * (1 - MAX_BYTES / Buffer.byteLength(text)))));
    text = serialize(rehearsals);
  }
  if (Buffer.byteLength(text) > MAX_BYTES) {
    throw new PaparanError('input', [new PaparanMessage(file, { line: 0, column: 0 }, 'rehearsal-invalid', `This rehearsal alone would take ${Buffer.byteLength(text)} bytes; a rehearsal file holds at most ${MAX_BYTES}`, 'Shorten the slide titles, or rehearse fewer slides at a time')]);
  }
  writeAtomic(file, text);
  return { paparan: 'rehearsals', version: 1, rehearsals };
}

const serialize = (rehearsals: RehearsalTake[]) => `${JSON.stringify({ paparan: 'rehearsals', version: 1, rehearsals } satisfies RehearsalFile, null, 2)}\n`;
