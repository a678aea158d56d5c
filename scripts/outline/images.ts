import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { PaparanError, type MessageList, type Position } from '../messages.ts';
import { formatBytes, readInputFile } from './files.ts';
import { guessImage, listImages } from './image-suggest.ts';
import { A_MIME, MIME_NAMES, sniffImage } from './sniff.ts';
import type { ImageMime, ImageRef } from './types.ts';

const MB = 1024 * 1024;
/** One image file may hold at most this many bytes… */
export const MAX_IMAGE_BYTES = 20 * MB;
/** …and, for PNG and JPEG, at most this many pixels (decoding cost grows with pixels, not bytes). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The distinct images of one outline together (each is embedded in every output). */
export const MAX_DECK_IMAGE_BYTES = 50 * MB;

export const IMAGE_EXTENSIONS = ['.svg', '.png', '.jpg', '.jpeg'];
/** A Windows drive path (`C:\…`, `d:/…`) or network share (`\\server\…`). */
const WINDOWS_PATH = /^(?:[a-z]:[\\/]|\\\\)/i;
const MIME_OF: Record<string, ImageMime> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };
const EXTENSION_OF: Record<ImageMime, string> = { 'image/svg+xml': '.svg', 'image/png': '.png', 'image/jpeg': '.jpg' };

/** A problem found with one image file, reported again at every place that names the file. */
interface Problem {
  rule: string;
  /** The message without its subject, "Image `<src>`". */
  rest: string;
  hint?: string;
}

/**
 * Checks the images one outline names and reads each file once: where it is (inside the project, no URL),
 * what it is (regular file, content matching its name, PNG/JPEG/SVG a browser can show), and how large
 * (bytes and pixels of each, bytes of all together). Problems go to `messages` at the naming position.
 */
export class ImageStore {
  private readonly seen = new Map<string, ImageRef | Problem>();
  private total = 0;
  private totalReported = false;
  private realRoot: string | undefined;
  /** The project's image files, listed on the first missing image only. */
  private existing: string[] | undefined;

  constructor(
    private readonly messages: MessageList,
    /** Absolute directory of the outline: image paths are relative to it. */
    private readonly dir: string,
    /** Project root: every image must be inside it. */
    private readonly root: string,
  ) {}

  /** The outline's own image folder, as `paparan new` makes it: `slides/<name>/`. */
  private imageName(): string {
    return basename(this.messages.file).replace(/\.(md|ya?ml)$/i, '');
  }

  private imageFolder(): string {
    return `${relative(process.cwd(), this.dir) || '.'}/${this.imageName()}`;
  }

  check(src: string, position: Position): ImageRef | undefined {
    const report = (p: Problem) => {
      this.messages.error(position, p.rule, `Image \`${src}\`${p.rest}`, p.hint);
      return undefined;
    };
    // `C:\Users\siti\gambar.png` names a file on the author's computer, not in the project.
    if (WINDOWS_PATH.test(src) && process.platform !== 'win32') {
      const name = src.split(/[\\/]/).pop() || 'the image';
      return report({ rule: 'image-outside-project', rest: ' is a Windows path outside the project', hint: `this is a Windows path outside the project: copy ${name} into ${this.imageFolder()}/ and write \`${this.imageName()}/${name}\`` });
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      return report({ rule: 'remote-url', rest: ' is a URL; paparan builds offline and never fetches anything', hint: `Download the image into ${this.imageFolder()}/ (beside the outline) and write \`${this.imageName()}/<file>\`` });
    }
    const outside: Problem = { rule: 'image-outside-project', rest: ' is outside the project', hint: 'Copy the image into the project folder and point to the copy' };
    const absolute = resolve(this.dir, src);
    if (!isInside(resolve(this.root), absolute)) return report(outside);
    const extension = extname(absolute).toLowerCase();
    const expected = MIME_OF[extension];
    if (!expected) return report({ rule: 'image-type', rest: ' is not SVG, PNG or JPEG', hint: `Convert it to one of: ${IMAGE_EXTENSIONS.join(', ')}` });
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.existing ??= listImages(this.dir, this.root);
        const guess = guessImage(src, this.existing);
        const hint = guess ? `did you mean \`${guess.src}\`? ${guess.reason}` : `Check the path; it is relative to ${relative(process.cwd(), this.dir) || '.'}/`;
        return report({ rule: 'image-missing', rest: ' does not exist', hint });
      }
      return report({ rule: 'file-unreadable', rest: ` cannot be read (${code ?? 'error'})`, hint: 'Check that the file exists and that you may read it' });
    }
    // A symlink inside the project may still point outside it.
    this.realRoot ??= realpathSync(this.root);
    if (!isInside(this.realRoot, real)) return report(outside);

    const known = this.seen.get(real);
    if (known) return 'bytes' in known ? { ...known, src } : report(known);
    const result = this.load(src, real, extension, expected);
    this.seen.set(real, result);
    if (!('bytes' in result)) return report(result);
    const active = result.mime === 'image/svg+xml' ? svgActiveContent(result.bytes) : undefined;
    if (active) {
      this.messages.warn(position, 'image-svg-active', `Image \`${src}\` holds ${active}, which will not show: a picture in a deck never runs script or loads other files`, 'Export the SVG again as a plain drawing (e.g. Inkscape: Save as → Optimized/Plain SVG), or use PNG');
    }
    if (result.mime === 'image/svg+xml' && svgSystemText(result.bytes)) {
      this.messages.warn(position, 'image-svg-text', `Image \`${src}\` has text in it: a picture cannot use the deck's fonts, so its text is drawn in whatever font the computer that builds the deck has`, 'Export the SVG with its text as paths (Inkscape: Path → Object to Path), or as a PNG');
    }
    this.total += result.bytes.length;
    if (this.total > MAX_DECK_IMAGE_BYTES && !this.totalReported) {
      this.totalReported = true;
      this.messages.error(
        position,
        'images-too-large',
        `With \`${src}\` the outline's images add up to ${formatBytes(this.total)}; the limit is ${formatBytes(MAX_DECK_IMAGE_BYTES)}`,
        'Save the photos smaller (about 1920 pixels across, JPEG quality 85 is plenty), or split the talk into several outlines',
      );
    }
    return result;
  }

  private load(src: string, real: string, extension: string, expected: ImageMime): ImageRef | Problem {
    const subject = `Image \`${src}\``;
    let bytes: Buffer;
    try {
      bytes = readInputFile(real, { kind: 'image', file: '', position: { line: 0, column: 0 }, subject, maxBytes: MAX_IMAGE_BYTES });
    } catch (error) {
      const m = error instanceof PaparanError ? error.messages[0] : undefined;
      if (!m) throw error;
      return { rule: m.rule, rest: m.message.slice(subject.length), hint: m.hint };
    }
    const sniffed = sniffImage(bytes);
    const name = MIME_NAMES[expected];
    if (sniffed.mime === undefined) {
      return { rule: 'image-type', rest: ` is named ${extension} but holds ${sniffed.holds}, not ${A_MIME[expected]} image`, hint: `Export it again as ${name} (or as PNG, JPEG or SVG, named to match); renaming a file does not convert it` };
    }
    if (sniffed.mime !== expected) {
      const renamed = src.slice(0, src.length - extension.length) + EXTENSION_OF[sniffed.mime];
      return { rule: 'image-type', rest: ` is named ${extension} but holds ${A_MIME[sniffed.mime]} image`, hint: `Rename the file to ${renamed} and write that name, or export it again as ${name}` };
    }
    if ('problem' in sniffed) {
      return { rule: 'image-type', rest: ` cannot be shown: it is ${sniffed.problem}`, hint: sniffed.hint ?? 'Export the image again from the program that made it; the file may be cut short or damaged' };
    }
    const { width, height } = sniffed;
    if (expected !== 'image/svg+xml' && width !== undefined && height !== undefined && width * height > MAX_IMAGE_PIXELS) {
      return {
        rule: 'image-too-large',
        rest: ` is ${width}×${height} pixels (${((width * height) / 1e6).toFixed(0)} megapixels); the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
        hint: 'Scale it down: 3840 pixels across is more than any projector shows',
      };
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { src, path: real, bytes, mime: expected, width, height, sha256 };
  }
}

/** The bytes of a checked image as a `data:` URI, for embedding exactly what was checked. */
/** What in an SVG would run or load something if it were opened as a page rather than shown as a picture. */
export function svgActiveContent(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (/<script\b/i.test(text)) return 'a script';
  if (/<[^>]*\son[a-z]+\s*=/i.test(text)) return 'an event handler';
  if (/<foreignObject\b/i.test(text)) return 'embedded HTML (foreignObject)';
  if (/@import\b/i.test(text)) return 'a stylesheet import';
  if (/\s(?:xlink:)?href\s*=\s*["']\s*(?!#|data:)[^"'\s]/i.test(text) || /url\(\s*["']?\s*(?!#|data:)[^)"'\s]/i.test(text)) return 'a reference to another file or a web address';
  return undefined;
}

/** Whether an SVG draws text with no font of its own: in an <img> it can reach only the machine's fonts. */
export function svgSystemText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return /<text\b/i.test(text) && !/@font-face\b/i.test(text);
}

export function imageDataUri(image: ImageRef): string {
  return `data:${image.mime};base64,${image.bytes.toString('base64')}`;
}

export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
