import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { imageDataUri, MAX_DECK_IMAGE_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../../scripts/outline/images.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { sniffImage } from '../../scripts/outline/sniff.ts';
import type { ImageRef } from '../../scripts/outline/types.ts';
import { validateOutline } from '../../scripts/outline/validate.ts';
import { tempDir, templates } from '../helpers.ts';
import { JPEG, jpegSized, PNG, png, SVG } from './image-bytes.ts';

/** A project in a temp dir with `files` under slides/, and a validator for outlines in it. */
function project(files: Record<string, string | Buffer> = {}) {
  const root = tempDir('paparan-images-');
  mkdirSync(join(root, 'slides', 'img'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'slides', name), content);
  const validate = (source: string) => validateOutline(loadOutline(source, join(root, 'slides', 'x.md')), templates(), { root });
  const errors = (source: string): PaparanMessage[] => {
    try {
      validate(source);
    } catch (error) {
      if (error instanceof PaparanError) return error.messages.filter((m) => m.fatal);
      throw error;
    }
    return [];
  };
  return { root, validate, errors };
}

/** An outline with one image slide per src; `src` values are on lines 7, 11, 15… at column 10. */
const imageDeck = (srcs: string[], body = '') =>
  `---\ntitle: x\nrules: { notes-missing: off }\nslides:\n${srcs.length ? '' : '  - layout: title\n'}${srcs.map((s) => `  - layout: image\n    title: "Peta"\n    src: "${s}"\n    alt: "Peta"\n`).join('')}---\n${body}`;
const fieldImage = (outline: ReturnType<ReturnType<typeof project>['validate']>['outline'], i = 0) => outline.slides[i]!.fields.src as ImageRef;

describe('images: read once, checked by content', () => {
  it('keeps the checked bytes, type, size and hash of PNG, JPEG and SVG images', () => {
    const { validate } = project({ 'img/a.png': PNG(), 'img/b.jpg': JPEG(), 'img/c.svg': SVG, 'img/d.JPEG': JPEG() });
    const { outline } = validate(imageDeck(['img/a.png', 'img/b.jpg', 'img/c.svg', 'img/d.JPEG']));
    const [a, b, c, d] = [0, 1, 2, 3].map((i) => fieldImage(outline, i));
    expect(a).toMatchObject({ src: 'img/a.png', mime: 'image/png', width: 320, height: 180 });
    expect(a!.bytes.equals(PNG())).toBe(true);
    expect(a!.sha256).toBe(createHash('sha256').update(PNG()).digest('hex'));
    expect(a!.path).toMatch(/slides\/img\/a\.png$/);
    expect(b).toMatchObject({ mime: 'image/jpeg', width: 320, height: 180 });
    expect(c).toMatchObject({ mime: 'image/svg+xml', width: 40, height: 20 });
    expect(c!.bytes.toString()).toBe(SVG);
    expect(d!.mime).toBe('image/jpeg');
    expect(imageDataUri(c!)).toBe(`data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`);
  });

  it('reads an image named twice once, and keeps body images with their position', () => {
    const { validate } = project({ 'img/a.png': PNG() });
    const { outline } = validate(imageDeck(['img/a.png', './img/a.png'], '# Raw\n\n![x](img/a.png) and ![y](<img/a.png> "t")\n'));
    expect(fieldImage(outline, 1).bytes).toBe(fieldImage(outline, 0).bytes);
    expect(fieldImage(outline, 1).src).toBe('./img/a.png');
    expect(Object.keys(outline.bodyImages)).toEqual(['img/a.png']);
    expect(outline.bodyImages['img/a.png']!.bytes).toBe(fieldImage(outline, 0).bytes);
  });

  it('refuses HTML saved as .png, at the field, saying what it holds', () => {
    const { errors } = project({ 'img/a.png': '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>' });
    const [m] = errors(imageDeck(['img/a.png']));
    expect(m?.rule).toBe('image-type');
    expect(m?.position).toEqual({ line: 7, column: 10 });
    expect(m?.message).toBe('Image `img/a.png` is named .png but holds HTML, not a PNG image');
    expect(m?.hint).toContain('renaming a file does not convert it');
  });

  it('refuses content that disagrees with the name, and suggests the right name', () => {
    const { errors } = project({ 'img/a.png': JPEG(), 'img/b.png': SVG, 'img/c.jpg': PNG(), 'img/d.svg': PNG() });
    const ms = errors(imageDeck(['img/a.png', 'img/b.png', 'img/c.jpg', 'img/d.svg']));
    expect(ms.map((m) => [m.rule, m.position.line, m.message])).toEqual([
      ['image-type', 7, 'Image `img/a.png` is named .png but holds a JPEG image'],
      ['image-type', 11, 'Image `img/b.png` is named .png but holds an SVG image'],
      ['image-type', 15, 'Image `img/c.jpg` is named .jpg but holds a PNG image'],
      ['image-type', 19, 'Image `img/d.svg` is named .svg but holds a PNG image'],
    ]);
    expect(ms[0]?.hint).toContain('img/a.jpg');
  });

  it('refuses an .svg that is HTML, not SVG, or an SVG a browser cannot show', () => {
    const { errors } = project({
      'img/html.svg': '<!doctype html>\n<html><body><svg xmlns="http://www.w3.org/2000/svg"></svg></body></html>',
      'img/div.svg': '<div><svg xmlns="http://www.w3.org/2000/svg"></svg></div>',
      'img/nons.svg': '<svg width="10" height="10"><rect/></svg>',
      'img/cut.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/>',
      'img/text.svg': 'just words',
    });
    const ms = errors(imageDeck(['img/html.svg', 'img/div.svg', 'img/nons.svg', 'img/cut.svg', 'img/text.svg']));
    expect(ms.map((m) => m.rule)).toEqual(['image-type', 'image-type', 'image-type', 'image-type', 'image-type']);
    expect(ms[0]?.message).toContain('holds HTML, not an SVG image');
    expect(ms[1]?.message).toContain('root element is `<div>`');
    expect(ms[2]?.message).toContain('without `xmlns="http://www.w3.org/2000/svg"`');
    expect(ms[2]?.hint).toBe('Add xmlns="http://www.w3.org/2000/svg" to the <svg> tag');
    expect(ms[3]?.message).toContain('cut short');
    expect(ms[4]?.message).toContain('holds text');
  });

  it('refuses PNG and JPEG files that cannot be decoded', () => {
    const good = PNG();
    const badCrc = Buffer.from(good);
    badCrc[24] = badCrc[24]! ^ 0xff; // the bit depth, inside IHDR
    const { errors } = project({ 'img/cut.png': good.subarray(0, good.length - 20), 'img/crc.png': badCrc, 'img/head.jpg': JPEG().subarray(0, 4), 'img/empty.png': '' });
    const ms = errors(imageDeck(['img/cut.png', 'img/crc.png', 'img/head.jpg', 'img/empty.png']));
    expect(ms.map((m) => m.message)).toEqual([
      expect.stringMatching(/^Image `img\/cut\.png` cannot be shown: it is a damaged PNG \(cut short/),
      'Image `img/crc.png` cannot be shown: it is a damaged PNG (chunk IHDR fails its checksum)',
      'Image `img/head.jpg` cannot be shown: it is a damaged JPEG (cut short)',
      'Image `img/empty.png` is named .png but holds nothing (the file is empty), not a PNG image',
    ]);
  });

  it('refuses a folder named img/x.png and a FIFO, at the field, without hanging', { timeout: 5000 }, () => {
    const { root, errors } = project();
    mkdirSync(join(root, 'slides', 'img', 'x.png'));
    execFileSync('mkfifo', [join(root, 'slides', 'img', 'pipe.png')]);
    const ms = errors(imageDeck(['img/x.png', 'img/pipe.png']));
    expect(ms.map((m) => [m.rule, m.position, m.message])).toEqual([
      ['not-a-file', { line: 7, column: 10 }, 'Image `img/x.png` is a folder, not a file'],
      ['not-a-file', { line: 11, column: 10 }, 'Image `img/pipe.png` is a named pipe (FIFO), not a file'],
    ]);
    expect(ms[0]?.hint).toContain('image file itself');
  });

  it(`refuses an image over ${MAX_IMAGE_BYTES / 1024 / 1024} MB or ${MAX_IMAGE_PIXELS / 1e6} megapixels`, () => {
    const { root, errors } = project({ 'img/big.png': png(100, 100, { padding: MAX_IMAGE_BYTES }), 'img/wide.png': png(10_000, 5_000), 'img/wide.jpg': jpegSized(9000, 6000), 'img/ok.png': png(8000, 5000) });
    const ms = errors(imageDeck(['img/big.png', 'img/wide.png', 'img/wide.jpg', 'img/ok.png']));
    rmSync(root, { recursive: true });
    expect(ms.map((m) => [m.rule, m.position.line, m.message])).toEqual([
      ['image-too-large', 7, 'Image `img/big.png` is larger than 20 MB; the limit is 20 MB'],
      ['image-too-large', 11, 'Image `img/wide.png` is 10000×5000 pixels (50 megapixels); the limit is 40 megapixels'],
      ['image-too-large', 15, 'Image `img/wide.jpg` is 9000×6000 pixels (54 megapixels); the limit is 40 megapixels'],
    ]);
    expect(ms[1]?.hint).toContain('Scale it down');
  });

  it(`refuses images that add up to more than ${MAX_DECK_IMAGE_BYTES / 1024 / 1024} MB, once, at the image that crosses`, () => {
    const padding = MAX_IMAGE_BYTES - 1024;
    const { root, errors } = project({ 'img/a.png': png(10, 10, { padding }), 'img/b.png': png(11, 10, { padding }), 'img/c.png': png(12, 10, { padding }), 'img/d.png': png(13, 10, { padding }) });
    const ms = errors(imageDeck(['img/a.png', 'img/b.png', 'img/a.png', 'img/c.png', 'img/d.png']));
    rmSync(root, { recursive: true });
    expect(ms.map((m) => [m.rule, m.position.line])).toEqual([['images-too-large', 19]]);
    expect(ms[0]?.message).toMatch(/^With `img\/c\.png` the outline's images add up to 60 MB; the limit is 50 MB$/);
  });

  it('reports body image problems at the image in the body', () => {
    const { errors } = project({ 'img/a.png': '<html></html>' });
    const ms = errors(imageDeck([], 'intro\n\n# Raw\n\nsee  ![peta](img/a.png) and ![x](img/none.png)\n'));
    expect(ms.map((m) => [m.rule, m.position])).toEqual([
      ['image-type', { line: 11, column: 6 }],
      ['image-missing', { line: 11, column: 29 }],
    ]);
  });
});

describe('sniffImage', () => {
  it('names what a file holds from its bytes', () => {
    expect(sniffImage(PNG())).toEqual({ mime: 'image/png', width: 320, height: 180 });
    expect(sniffImage(JPEG())).toEqual({ mime: 'image/jpeg', width: 320, height: 180 });
    expect(sniffImage(Buffer.from('\uFEFF<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10"/>'))).toEqual({ mime: 'image/svg+xml', width: 30, height: 10 });
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({ mime: 'image/svg+xml' });
    expect(sniffImage(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toEqual({ mime: undefined, holds: 'a GIF image' });
    expect(sniffImage(readFileSync('/bin/sh').subarray(0, 4096))).toEqual({ mime: undefined, holds: 'data of an unknown kind' });
  });

  it('refuses a JPEG browsers cannot show, or one without a frame header', () => {
    const lossless = Buffer.from(jpegSized(320, 180));
    for (let i = 2; i + 4 < lossless.length && lossless[i] === 0xff; i += 2 + lossless.readUInt16BE(i + 2)) {
      if (lossless[i + 1] === 0xc0 || lossless[i + 1] === 0xc2) lossless[i + 1] = 0xc3;
    }
    expect(sniffImage(lossless)).toMatchObject({ mime: 'image/jpeg', problem: 'a lossless or arithmetic-coded JPEG, which browsers cannot show' });
    expect(sniffImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]), Buffer.alloc(100)]))).toMatchObject({ problem: 'a damaged JPEG (no frame header before its image data)' });
    expect(sniffImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(1000, 1)]))).toMatchObject({ problem: 'a damaged JPEG (no frame header)' });
  });

  it('reads an Illustrator-style SVG with a DOCTYPE and entities', () => {
    const svg = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n<!ENTITY ns "x>y">\n]>\n<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="12px" height="8"></svg>';
    expect(sniffImage(Buffer.from(svg))).toEqual({ mime: 'image/svg+xml', width: 12, height: 8 });
  });
});
