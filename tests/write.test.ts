import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaparanError } from '../scripts/messages.ts';
import { sweepTemps, writeAtomic, writeFolderAtomic } from '../scripts/write.ts';
import { tempDir } from './helpers.ts';

describe('write', () => {
  it('writes whole files through a temp file and a rename, leaving no temp file', () => {
    const dir = tempDir();
    writeAtomic(join(dir, 'a', 'deck.md'), 'lama');
    writeAtomic(join(dir, 'a', 'deck.md'), 'baru');
    expect(readFileSync(join(dir, 'a', 'deck.md'), 'utf8')).toBe('baru');
    expect(readdirSync(join(dir, 'a'))).toEqual(['deck.md']);
  });

  it('turns a failed write into a typed error naming the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => writeAtomic(join(dir, 'file', 'deck.md'), 'y')).toThrow(PaparanError);
  });

  it('replaces a folder of files, removing those no longer produced', () => {
    const dir = join(tempDir(), 'png');
    writeFolderAtomic(dir, new Map([['a.001.png', new Uint8Array([1])], ['a.002.png', new Uint8Array([2])]]));
    writeFolderAtomic(dir, new Map([['a.001.png', new Uint8Array([3])]]));
    expect(readdirSync(dir)).toEqual(['a.001.png']);
  });

  it('sweeps temp files of dead processes only', () => {
    const dir = tempDir();
    const dead = join(dir, 'deck.pdf.tmp-999999999-0123abcd');
    const mine = join(dir, `deck.html.tmp-${process.pid}-0123abcd`);
    writeFileSync(dead, 'half');
    writeFileSync(mine, 'in progress');
    sweepTemps(dir);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(mine)).toBe(true);
  });
});
