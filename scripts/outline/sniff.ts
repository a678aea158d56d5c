import { imageSize } from 'image-size';
import type { ImageMime } from './types.ts';

/** What an image file holds, judged from its bytes alone. */
export type Sniffed =
  | { mime: ImageMime; width?: number; height?: number }
  /** A PNG, JPEG or SVG that no browser can show; `problem` says why, `hint` what to do if there is more to say. */
  | { mime: ImageMime; problem: string; hint?: string }
  /** Something else entirely; `holds` names it for a message ("HTML", "a GIF image"). */
  | { mime: undefined; holds: string };

export const MIME_NAMES: Record<ImageMime, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/svg+xml': 'SVG' };
/** `a PNG`, `a JPEG`, `an SVG`. */
export const A_MIME: Record<ImageMime, string> = { 'image/png': 'a PNG', 'image/jpeg': 'a JPEG', 'image/svg+xml': 'an SVG' };

/** Identifies PNG, JPEG and SVG by their content, checks they can be shown, and reads their size. */
export function sniffImage(bytes: Buffer): Sniffed {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return sniffPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return sniffJpeg(bytes);
  return sniffSvg(bytes) ?? { mime: undefined, holds: describeOther(bytes) };
}

/** Walks the chunks: IHDR first, IDAT present, IEND reached, critical chunks intact (browsers refuse a bad CRC there). */
function sniffPng(b: Buffer): Sniffed {
  const damaged = (why: string): Sniffed => ({ mime: 'image/png', problem: `a damaged PNG (${why})` });
  if (b.length < 8 + 25) return damaged('cut short');
  const first = b.toString('latin1', 12, 16);
  if (first === 'CgBI') return { mime: 'image/png', problem: 'an Apple-optimised PNG (CgBI), which browsers cannot show', hint: 'Export it again as a standard PNG' };
  if (first !== 'IHDR') return damaged('no IHDR header');
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  if (width === 0 || height === 0) return damaged('zero width or height');
  let pos = 8;
  let data = false;
  for (;;) {
    if (pos + 12 > b.length) return damaged('cut short before its end');
    const length = b.readUInt32BE(pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > b.length) return damaged('cut short');
    const type = b.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return damaged('a chunk with no valid name');
    // Critical chunks (upper-case first letter) must be intact; browsers skip damaged ancillary ones.
    if (type.charCodeAt(0) < 0x61 && crc32(b, pos + 4, pos + 8 + length) !== b.readUInt32BE(pos + 8 + length)) return damaged(`chunk ${type} fails its checksum`);
    if (type === 'IDAT') data = true;
    if (type === 'IEND') break;
    pos = end;
  }
  if (!data) return damaged('no image data');
  return { mime: 'image/png', width, height };
}

/**
 * Walks the marker segments to the frame header, which gives the size. Browsers show baseline, extended
 * and progressive JPEGs (SOF0–SOF2), not lossless or arithmetic-coded ones. Linear: one step per segment.
 */
function sniffJpeg(b: Buffer): Sniffed {
  const damaged = (why: string): Sniffed => ({ mime: 'image/jpeg', problem: `a damaged JPEG (${why})` });
  let i = 2;
  for (;;) {
    if (i >= b.length) return damaged('cut short before its frame header');
    if (b[i] !== 0xff) return damaged('no frame header');
    while (b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return damaged('cut short before its frame header');
    const marker = b[i]!;
    i++;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length
    if (marker === 0xda || marker === 0xd9) return damaged('no frame header before its image data');
    if (i + 2 > b.length) return damaged('cut short');
    const length = b.readUInt16BE(i);
    if (length < 2) return damaged('a segment of length ' + length);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 7 > b.length) return damaged('cut short');
      if (marker > 0xc2) return { mime: 'image/jpeg', problem: 'a lossless or arithmetic-coded JPEG, which browsers cannot show', hint: 'Export it again as a standard (baseline or progressive) JPEG' };
      const height = b.readUInt16BE(i + 3);
      const width = b.readUInt16BE(i + 5);
      if (width === 0 || height === 0) return damaged('zero width or height');
      return { mime: 'image/jpeg', width, height };
    }
    i += length;
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An SVG is XML whose root element is `<svg>` in the SVG namespace (without it a browser shows a broken
 * image). Returns undefined when the bytes are not XML-like at all. Linear in the size of the file.
 */
function sniffSvg(b: Buffer): Sniffed | undefined {
  if (!b.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('<')) return undefined;
  const text = b.toString('utf8');
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const svgProblem = (problem: string, hint?: string): Sniffed => ({ mime: 'image/svg+xml', problem, hint });
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '<') return undefined;
    if (text.startsWith('<?', i) || text.startsWith('<!--', i)) {
      const close = text.startsWith('<?', i) ? '?>' : '-->';
      const end = text.indexOf(close, i + 2);
      if (end === -1) return svgProblem('a damaged SVG (cut short)');
      i = end + close.length;
      continue;
    }
    if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      const name = /^<!doctype\s+([^\s>[]+)/i.exec(text.slice(i, i + 100))?.[1] ?? '';
      if (name.toLowerCase() === 'html') return { mime: undefined, holds: 'HTML' };
      if (name !== 'svg' && !name.endsWith(':svg')) return { mime: undefined, holds: `XML of type \`${clip(name)}\`` };
      const end = skipDeclaration(text, i);
      if (end === -1) return svgProblem('a damaged SVG (cut short)');
      i = end;
      continue;
    }
    break;
  }
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 200));
  if (!root) return undefined;
  const local = root[2]!;
  if (local.toLowerCase() === 'html' || local.toLowerCase() === 'body' || local.toLowerCase() === 'head') return { mime: undefined, holds: 'HTML' };
  if (local !== 'svg') return { mime: undefined, holds: `XML whose root element is \`<${clip(root[0].slice(1))}>\`` };
  const tagEnd = skipDeclaration(text, i);
  if (tagEnd === -1) return svgProblem('a damaged SVG (its <svg> tag is never closed)');
  const tag = text.slice(i, tagEnd);
  const attributes = parseAttributes(tag.slice(root[0].length));
  const prefix = root[1] ? `xmlns:${root[1].slice(0, -1)}` : 'xmlns';
  if (attributes.get(prefix) !== SVG_NS) {
    return svgProblem(`an SVG without \`${prefix}="${SVG_NS}"\` on its <svg> tag, which browsers show as a broken image`, `Add ${prefix}="${SVG_NS}" to the <svg> tag`);
  }
  const selfClosing = tag.endsWith('/>');
  if (!selfClosing && text.lastIndexOf(`</${root[0].slice(1)}`) < tagEnd) return svgProblem('a damaged SVG (cut short: no closing </svg>)');
  return { mime: 'image/svg+xml', ...svgSize(attributes) };
}

/** Index just past the `>` closing a tag or declaration at `start`, skipping quoted text and `[...]` subsets; -1 if none. */
function skipDeclaration(text: string, start: number): number {
  let quote = '';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return i + 1;
  }
  return -1;
}

/** `name="value"` pairs of a start tag, in one pass (a regex could backtrack on a stranger's tag). */
function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  while (i < tag.length) {
    while (i < tag.length && (space(tag[i]) || tag[i] === '/' || tag[i] === '>')) i++;
    const nameStart = i;
    while (i < tag.length && !space(tag[i]) && tag[i] !== '=' && tag[i] !== '>' && tag[i] !== '/') i++;
    const name = tag.slice(nameStart, i);
    while (i < tag.length && space(tag[i])) i++;
    if (tag[i] !== '=') {
      if (i === nameStart) i++;
      continue;
    }
    i++;
    while (i < tag.length && space(tag[i])) i++;
    const quote = tag[i];
    if (quote === '"' || quote === "'") {
      const end = tag.indexOf(quote, i + 1);
      const stop = end === -1 ? tag.length : end;
      attributes.set(name, tag.slice(i + 1, stop));
      i = stop + 1;
    } else {
      const start = i;
      while (i < tag.length && !space(tag[i]) && tag[i] !== '>') i++;
      attributes.set(name, tag.slice(start, i));
    }
  }
  return attributes;
}

function svgSize(attributes: Map<string, string>): { width?: number; height?: number } {
  const length = (value: string | undefined) => {
    const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(px)?\s*$/i.exec(value ?? '');
    const n = m ? Number(m[1]) : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const box = (attributes.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const width = length(attributes.get('width')) ?? (box.length === 4 && box[2]! > 0 ? box[2] : undefined);
  const height = length(attributes.get('height')) ?? (box.length === 4 && box[3]! > 0 ? box[3] : undefined);
  return width !== undefined && height !== undefined ? { width, height } : {};
}

function describeOther(b: Buffer): string {
  if (b.length === 0) return 'nothing (the file is empty)';
  const head = b.subarray(0, 4096);
  if (b[0] !== 0x3c) {
    try {
      const type = imageSize(head).type;
      if (type) return `${/^[aeio]/.test(type) ? 'an' : 'a'} ${type.toUpperCase()} image`;
    } catch {
      // not an image type image-size knows
    }
  }
  const text = head.toString('utf8').trimStart();
  if (/^<(!doctype\s+html|html|head|body|script|div|p)\b/i.test(text)) return 'HTML';
  if (text.startsWith('<')) return 'HTML or XML';
  if (!/[\0-\x08\x0e-\x1f\x7f\uFFFD]/.test(text)) return 'text';
  return 'data of an unknown kind';
}

function clip(text: string): string {
  const t = text.replace(/[^\w.:-]/g, '');
  return t.length > 30 ? `${t.slice(0, 30)}…` : t;
}

let CRC_TABLE: Int32Array | undefined;

/** CRC-32 as PNG uses it (zlib.crc32 is not in every Node 20). */
function crc32(b: Buffer, start: number, end: number): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c;
    }
  }
  let crc = -1;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ b[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
