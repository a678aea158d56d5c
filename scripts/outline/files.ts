import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { PaparanError, type Position } from '../messages.ts';

/** For problems with a file as a whole: the message names the file and no line. */
export const NO_POSITION: Position = { line: 0, column: 0 };

export interface ReadOptions {
  /** What is read: decides the rule names and the hints. */
  kind: 'outline' | 'image';
  /** The file messages point to: the outline itself, or the outline that names the image. */
  file: string;
  /** Where in `file`: NO_POSITION for an outline, the field or body image for an image. */
  position: Position;
  /** How messages name the input: "The outline", "Image `img/peta.png`". */
  subject: string;
  /** Never more than this many bytes are read, whatever `stat` says. */
  maxBytes: number;
}

const RULES = {
  outline: { missing: 'file-missing', tooLarge: 'outline-too-large' },
  image: { missing: 'image-missing', tooLarge: 'image-too-large' },
} as const;

/**
 * Reads an input (an outline or an image) that a stranger may have named: regular files only (a folder,
 * FIFO, device or socket is refused before it is opened), opened without blocking (a FIFO swapped in
 * after the check cannot hang the read), and never more than `maxBytes + 1` bytes are read.
 * Every failure is a PaparanError at `options.position` with a rule and a hint.
 */
export function readInputFile(path: string, options: ReadOptions): Buffer {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw openFailure(options, error);
  }
  checkRegular(stats, options);
  if (stats.size > options.maxBytes) throw tooLarge(options, stats.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    throw openFailure(options, error);
  }
  try {
    // The path may have been replaced between stat and open: judge what was actually opened.
    const opened = fstatSync(fd);
    checkRegular(opened, options);
    return readAtMost(fd, Math.min(opened.size, options.maxBytes), options);
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, or throws once more than `maxBytes` bytes have come (a file may grow, or lie about its size). */
function readAtMost(fd: number, expected: number, options: ReadOptions): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(expected + 1, 4096), options.maxBytes + 1));
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > options.maxBytes) throw tooLarge(options, undefined);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, options.maxBytes + 1));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
    let n: number;
    try {
      n = readSync(fd, buffer, filled, buffer.length - filled, null);
    } catch (error) {
      throw openFailure(options, error);
    }
    if (n === 0) break;
    filled += n;
  }
  if (filled > options.maxBytes) throw tooLarge(options, undefined);
  return buffer.subarray(0, filled);
}

function checkRegular(stats: Stats, options: ReadOptions): void {
  if (stats.isFile()) return;
  const what = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';
  const noun = options.kind === 'outline' ? 'outline' : 'image';
  const hint = stats.isDirectory()
    ? options.kind === 'outline'
      ? 'Name the outline file itself, e.g. slides/talk.md (or rename the folder if its name is a mistake)'
      : 'Point to the image file itself (or rename the folder if its name is a mistake)'
    : `paparan reads ${noun}s from ordinary files only: save the ${noun} as a file and name that file`;
  throw PaparanError.input(options.file, options.position, 'not-a-file', `${options.subject} is ${what}, not a file`, hint);
}

function openFailure(options: ReadOptions, error: unknown): PaparanError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') {
    const hint = options.kind === 'outline' ? 'Check the path; outlines live in slides/<name>.md' : 'Check the path; it is relative to the outline';
    return PaparanError.input(options.file, options.position, RULES[options.kind].missing, `${options.subject} does not exist`, hint);
  }
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'its symbolic links form a loop' : (code ?? String(error));
  return PaparanError.input(options.file, options.position, 'file-unreadable', `${options.subject} cannot be read: ${reason}`, 'Check that the file exists and that you may read it');
}

/**
 * The text of a small file paparan keeps for itself (a rehearsal file, a remembered check), or undefined when there
 * is none. Only a regular file is read, and only up to `maxBytes`: a FIFO at that path would block forever,
 * /dev/zero would fill the memory, a folder cannot be read; with `noFollow`, a symbolic link is refused too. Any
 * other failure is an Error whose message says why.
 */
export function readSmallFile(file: string, maxBytes: number, options: { noFollow?: boolean } = {}): string | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(((e as Error).message.replace(/^\w+: /, '').split(',')[0]) ?? 'cannot open it');
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Error('it is a folder, not a file');
    if (!stat.isFile()) throw new Error('it is not a regular file (a device, a pipe or a socket)');
    if (stat.size > maxBytes) throw new Error(`it is ${stat.size} bytes; at most ${maxBytes} are read`);
    // A byte-order mark, as some editors write, is no part of the text.
    return readFileSync(fd, 'utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** `1.5 MB`, `20 MB`, `12.3 KB`, `17 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** `size` undefined: the file turned out larger than its `stat` size said. */
export function tooLarge(options: ReadOptions, size: number | undefined): PaparanError {
  const limit = formatBytes(options.maxBytes);
  const shown = size === undefined ? limit : formatBytes(size);
  const actual = shown === limit ? `larger than ${limit}` : shown;
  const hint =
    options.kind === 'outline'
      ? 'Split the talk into several outlines, or move long text out of it'
      : 'Save it smaller: a slide shows at most about 3840×2160 pixels, and a JPEG at quality 85 is plenty';
  return PaparanError.input(options.file, options.position, RULES[options.kind].tooLarge, `${options.subject} is ${actual}; the limit is ${limit}`, hint);
}
