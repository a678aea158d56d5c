import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

import { alive, BIN, builtProject, OUTPUTS, snapshot, tempsIn } from '../fault-helpers.ts';

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});

function tmpfs(options: string): string | undefined {
  const dir = tempDir('paparan-mnt-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}
const canMount = (() => {
  const dir = tmpfs('size=64k');
  return dir !== undefined;
})();

describe('hostile: faults', () => {
  it('a browser that crashes mid-PDF: a clear error, the older outputs kept, no Chromium left', async () => {
    const { project, out, outline } = await builtProject();
    const before = snapshot(out);
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('title: "Ringkasan"', 'title: "Ringkasan baru"'));
    const browser = new BrowserSession();
    const pending = build({ outlines: [outline], root: project, outDir: out, browser, measure: false, formats: ['pdf', 'handout', 'notes'] });
    let pid: number | undefined;
    while (!(pid = await browser.pid())) await new Promise((r) => setTimeout(r, 5));
    process.kill(pid, 'SIGKILL');
    const error = await pending.then(() => undefined, (e: unknown) => e);
    await browser.close();
    // Killed as soon as it started, before any page could print: the build must fail, and clearly.
    expect(error).toBeInstanceOf(PaparanError);
    expect((error as PaparanError).kind).toBe('browser');
    expect((error as PaparanError).messages[0]!.rule).toBe('browser-failed');
    for (const f of OUTPUTS.slice(2, 5)) expect(readFileSync(join(out, 'kesimpulan', f)).equals(before.get(f)!), f).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(tempsIn(out)).toEqual([]);
  });

  it.skipIf(!canMount)('a full disk: a clear error, and nothing else corrupted', async () => {
    const disk = tmpfs('size=2m')!;
    const project = tempProject();
    const outline = join(project, 'slides', 'kesimpulan.md');
    await build({ outlines: [outline], root: project, outDir: disk, formats: ['md', 'html'] });
    const html = readFileSync(join(disk, 'kesimpulan', 'kesimpulan.html'));
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).split('\n')[1]);
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 64 * 1024)));
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('title: "Ringkasan"', 'title: "Ringkasan baru"'));
    const error = (await build({ outlines: [outline], root: project, outDir: disk, formats: ['md', 'html'] }).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.kind).toBe('io');
    expect(error.messages[0]!.message).toMatch(/no space left/i);
    expect(error.messages[0]!.hint).toContain('disk is full');
    expect(readFileSync(join(disk, 'kesimpulan', 'kesimpulan.html')).equals(html)).toBe(true);
    expect(tempsIn(disk)).toEqual([]);
  });

  // Regression (issue 12): a full TMPDIR gave an ENOSPC stack from marp-cli's temp copy. The HTML needs no temp
  // folder since stop 24 (paparan writes the page itself); the browser's profile, or its unpacked copy, still does.
  it.skipIf(!canMount)('a full temp folder: the Markdown and HTML written, then an error naming TMPDIR, exit 1, no stack', () => {
    const tmp = tmpfs('size=64k')!;
    writeFileSync(join(tmp, 'filler'), Buffer.alloc(60 * 1024));
    const project = tempProject();
    const r = spawnSync(process.execPath, [BIN, 'build', '--format', 'md,html'], { cwd: project, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/temp-failed|no-browser/);
    expect(r.stderr).toContain('TMPDIR');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.html'), 'utf8')).toContain('</html>');
  });

  it.skipIf(!canMount)('a read-only dist/: a clear error, and nothing else corrupted', async () => {
    const disk = tmpfs('size=4m')!;
    const project = tempProject();
    const outline = join(project, 'slides', 'kesimpulan.md');
    await build({ outlines: [outline], root: project, outDir: disk, formats: ['md'] });
    const md = readFileSync(join(disk, 'kesimpulan', 'kesimpulan.md'));
    expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('title: "Ringkasan"', 'title: "Ringkasan baru"'));
    const error = (await build({ outlines: [outline], root: project, outDir: disk, formats: ['md'] }).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.messages[0]!.message).toMatch(/read-only/i);
    expect(error.messages[0]!.hint).toContain('read-only disk');
    expect(readFileSync(join(disk, 'kesimpulan', 'kesimpulan.md')).equals(md)).toBe(true);
  });

  it('a missing output folder parent or a file in the way gives a clear error', async () => {
    const project = tempProject();
    const blocker = join(tempDir(), 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const error = (await build({ outlines: [join(project, 'slides', 'kesimpulan.md')], root: project, outDir: blocker, formats: ['md'] }).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.messages[0]!.rule).toBe('write-failed');
    expect(readFileSync(blocker, 'utf8')).toBe('a file, not a folder');
  });
});
