import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { ROOT } from '../helpers.ts';

/** Real images from the fixtures. */
export const JPEG = () => readFileSync(join(ROOT, 'tests/fixtures/standard-marp/peta.jpg'));
export const PNG = () => readFileSync(join(ROOT, 'tests/fixtures/standard-marp/peta.png'));
export const SVG = '<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A well-formed PNG whose header says `width`×`height` (grey, 8 bits). Only the first rows of pixel data
 * are stored: the checks read headers and chunks, never decode. `padding` adds an ancillary chunk.
 */
export function png(width: number, height: number, options: { padding?: number } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Math.min(height, 4);
  const raw = Buffer.alloc(rows * (width + 1));
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  // An ancillary chunk of any size, to make a valid PNG as large as needed.
  if (options.padding) parts.push(chunk('zzZz', Buffer.alloc(options.padding)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** The fixture JPEG with its frame header (SOF0) rewritten to say `width`×`height`. */
export function jpegSized(width: number, height: number): Buffer {
  const b = Buffer.from(JPEG());
  // Walk the marker segments (not the bytes: an EXIF thumbnail has frame headers of its own).
  for (let i = 2; i + 9 < b.length && b[i] === 0xff; i += 2 + b.readUInt16BE(i + 2)) {
    if (b[i + 1] === 0xc0 || b[i + 1] === 0xc2) {
      b.writeUInt16BE(height, i + 5);
      b.writeUInt16BE(width, i + 7);
      return b;
    }
  }
  throw new Error('no SOF in the fixture JPEG');
}
