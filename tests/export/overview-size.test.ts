import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { generatedOutline } from '../../scripts/bench/decks.ts';
import { build } from '../../scripts/build.ts';
import { tempProject } from '../helpers.ts';

const sheet = (root: string, name: string) => imageSize(readFileSync(join(root, 'dist', name, `${name}-overview.png`)));

describe('contact sheet size', () => {
  it('keeps twice the pixels for a short deck, and scales a long one down to about 8 million pixels, never below 1×', async () => {
    const root = tempProject();
    writeFileSync(join(root, 'slides', 'pendek.md'), generatedOutline(12));
    writeFileSync(join(root, 'slides', 'panjang.md'), generatedOutline(120));
    await build({ root, outlines: [join(root, 'slides', 'pendek.md'), join(root, 'slides', 'panjang.md')], formats: ['overview'], measure: false });
    const short = sheet(root, 'pendek');
    expect(short.width).toBe(2560);
    const long = sheet(root, 'panjang');
    // 120 slides at 2× would be 2560 × ~12 400 (32 million pixels, ~600 MB in Node while it travels).
    expect(long.width).toBeLessThan(2560);
    expect(long.width).toBeGreaterThanOrEqual(1280);
    expect(long.width * long.height).toBeLessThanOrEqual(8_100_000);
    expect(long.height / long.width).toBeGreaterThan(3);
  }, 120_000);
});
