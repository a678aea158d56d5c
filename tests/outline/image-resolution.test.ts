import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { fitInBox, IMAGE_BOX, tooSmallForBox } from '../../scripts/outline/image-resolution.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { validateOutline } from '../../scripts/outline/validate.ts';
import { deckSource, tempDir, templates } from '../helpers.ts';
import { jpegSized, png, SVG } from './image-bytes.ts';

/** Checks an outline in a fresh project whose slides/gambar/ holds `files`; image slides name them in order. */
function check(files: Record<string, Buffer | string>, extra = ''): PaparanMessage[] {
  const root = tempDir();
  mkdirSync(join(root, 'slides', 'gambar'), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, 'slides', 'gambar', name), bytes);
  const slides = Object.keys(files)
    .map((name) => `  - layout: image\n    title: "Gambar"\n    src: "gambar/${name}"\n    alt: "Peta"\n    notes: "Catatan."\n`)
    .join('');
  try {
    return validateOutline(loadOutline(deckSource(slides, extra), join(root, 'slides', 'test.md')), templates(), { root }).messages.items;
  } catch (error) {
    if (error instanceof PaparanError) return error.messages;
    throw error;
  }
}

describe('image-resolution', () => {
  it('warns at the image field when a PNG is under 60 % of the image box both ways, with both sizes and the size to use', () => {
    const [m, ...rest] = check({ 'kecil.png': png(320, 180) });
    expect(rest).toEqual([]);
    expect(m?.rule).toBe('image-resolution');
    expect(m?.severity).toBe('warning');
    expect(m?.position).toEqual({ line: 8, column: 10 });
    expect(m?.message).toContain('`gambar/kecil.png` is 320×180 px');
    expect(m?.message).toContain(`${IMAGE_BOX.width}×${IMAGE_BOX.height} px image box`);
    expect(m?.hint).toBe("Use an image at least 764×430 px (the box at this image's shape), or an SVG");
  });

  it('warns for a small JPEG too, and names the right slide', () => {
    const messages = check({ 'besar.png': png(1600, 900), 'foto.jpg': jpegSized(400, 200) });
    expect(messages.map((m) => [m.rule, m.position.line])).toEqual([['image-resolution', 13]]);
    expect(messages[0]?.hint).toContain('860×430 px');
  });

  it('is quiet for an image that fills 60 % of the box in either direction, and for any SVG', () => {
    expect(check({ 'lebar.png': png(663, 40), 'tinggi.png': png(60, 258), 'svg.svg': SVG })).toEqual([]);
    expect(check({ 'hampir.png': png(662, 257) }).map((m) => m.rule)).toEqual(['image-resolution']);
  });

  it('can be turned off or made an error in `rules`', () => {
    expect(check({ 'kecil.png': png(100, 100) }, 'rules: { image-resolution: off }\n')).toEqual([]);
    const [m] = check({ 'kecil.png': png(100, 100) }, 'rules: { image-resolution: error }\n');
    expect(m?.rule).toBe('image-resolution');
    expect(m?.fatal).toBe(true);
  });

  it('sizes: fit keeps the shape; too small means both sides under 60 %', () => {
    expect(fitInBox(320, 180)).toEqual({ width: 764, height: 430 });
    expect(fitInBox(2000, 100)).toEqual({ width: 1104, height: 55 });
    expect(tooSmallForBox(662, 257)).toBe(true);
    expect(tooSmallForBox(663, 10)).toBe(false);
    expect(tooSmallForBox(10, 258)).toBe(false);
  });
});
