import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { NO_POSITION, readInputFile, type ReadOptions } from '../../scripts/outline/files.ts';
import { loadOutlineFile, MAX_OUTLINE_BYTES } from '../../scripts/outline/load.ts';
import { tempDir } from '../helpers.ts';

const options = (over: Partial<ReadOptions> = {}): ReadOptions => ({ kind: 'outline', file: 'slides/x.md', position: NO_POSITION, subject: 'The outline', maxBytes: 1000, ...over });

function refusal(run: () => unknown): PaparanMessage {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages[0]!;
  }
  throw new Error('expected a PaparanError');
}

// Each of these would hang or eat memory if the reader trusted the path: the timeout fails the test instead.
describe('readInputFile', { timeout: 5000 }, () => {
  it('reads a regular file', () => {
    const file = join(tempDir(), 'x.md');
    writeFileSync(file, 'abc');
    expect(readInputFile(file, options()).toString()).toBe('abc');
    writeFileSync(file, 'a'.repeat(1000));
    expect(readInputFile(file, options()).length).toBe(1000);
  });

  it('refuses a missing file with a hint', () => {
    const m = refusal(() => readInputFile(join(tempDir(), 'nope.md'), options()));
    expect(m.rule).toBe('file-missing');
    expect(m.position).toEqual(NO_POSITION);
    expect(m.hint).toContain('slides/<name>.md');
    expect(refusal(() => readInputFile(join(tempDir(), 'nope.png'), options({ kind: 'image', subject: 'Image `nope.png`' }))).rule).toBe('image-missing');
  });

  it('refuses a FIFO without opening it (it would block forever)', () => {
    const fifo = join(tempDir(), 'x.md');
    execFileSync('mkfifo', [fifo]);
    const m = refusal(() => readInputFile(fifo, options()));
    expect(m.rule).toBe('not-a-file');
    expect(m.message).toBe('The outline is a named pipe (FIFO), not a file');
    expect(m.hint).toContain('ordinary files');
  });

  it('refuses /dev/zero (stat says 0 bytes; reading would never end)', () => {
    const m = refusal(() => readInputFile('/dev/zero', options()));
    expect(m.rule).toBe('not-a-file');
    expect(m.message).toContain('is a device');
  });

  it('refuses a folder named like the file, with what to do', () => {
    const dir = join(tempDir(), 'x.md');
    mkdirSync(dir);
    const m = refusal(() => readInputFile(dir, options()));
    expect(m.rule).toBe('not-a-file');
    expect(m.message).toBe('The outline is a folder, not a file');
    expect(m.hint).toContain('outline file itself');
  });

  it('refuses a socket', async () => {
    const { createServer } = await import('node:net');
    const path = join(tempDir(), 'x.md');
    const server = createServer().listen(path);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(refusal(() => readInputFile(path, options())).message).toContain('is a socket');
    } finally {
      server.close();
    }
  });

  it('follows a symlink to a regular file, and refuses one to a device', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.md'), 'abc');
    symlinkSync(join(dir, 'real.md'), join(dir, 'link.md'));
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    expect(readInputFile(join(dir, 'link.md'), options()).toString()).toBe('abc');
    expect(refusal(() => readInputFile(join(dir, 'zero.md'), options())).rule).toBe('not-a-file');
  });

  it('refuses a file over the limit from its size, before reading it', () => {
    const file = join(tempDir(), 'big.md');
    writeFileSync(file, 'a'.repeat(1001));
    const m = refusal(() => readInputFile(file, options()));
    expect(m.rule).toBe('outline-too-large');
    expect(m.message).toBe('The outline is 1001 bytes; the limit is 1000 bytes');
    const image = refusal(() => readInputFile(file, options({ kind: 'image', subject: 'Image `big.png`' })));
    expect(image.rule).toBe('image-too-large');
    expect(image.hint).toContain('pixels');
  });

  it('stops at the limit even when stat says the file is empty', () => {
    // Files in /proc report size 0 but hold more: the limit holds whatever stat says.
    const file = '/proc/self/maps';
    if (!existsSync(file)) return;
    expect(readInputFile(file, options({ maxBytes: 1024 * 1024 })).length).toBeGreaterThan(100);
    const m = refusal(() => readInputFile(file, options({ maxBytes: 100 })));
    expect(m.rule).toBe('outline-too-large');
    expect(m.message).toBe('The outline is larger than 100 bytes; the limit is 100 bytes');
  });
});

describe('loadOutlineFile', { timeout: 5000 }, () => {
  it('refuses a FIFO, /dev/zero and a folder named x.md with typed errors', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    mkdirSync(join(dir, 'x.md'));
    for (const [path, what] of [[join(dir, 'pipe.md'), 'named pipe'], ['/dev/zero', 'device'], [join(dir, 'x.md'), 'folder']] as const) {
      const m = refusal(() => loadOutlineFile(path, 'shown.md'));
      expect(m.rule).toBe('not-a-file');
      expect(m.file).toBe('shown.md');
      expect(m.message).toContain(what);
    }
  });

  it('refuses an outline over the limit', () => {
    const file = join(tempDir(), 'big.md');
    writeFileSync(file, `---\ntitle: "${'a'.repeat(MAX_OUTLINE_BYTES)}"\n---\n`);
    expect(refusal(() => loadOutlineFile(file)).rule).toBe('outline-too-large');
  });
});
