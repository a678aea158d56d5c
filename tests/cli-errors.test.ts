import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { internalError } from '../scripts/messages.ts';
import { ROOT, tempDir, tempProject } from './helpers.ts';

const BIN = join(ROOT, 'bin', 'paparan.mjs');
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, signal: r.signal };
};
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('one error boundary: a message, a rule, a hint and an exit code, never a stack', () => {
  // Regression (issue 12): the overflow measurement started before the Markdown was written, and its rejection
  // went unowned when the write failed first: a browser-failed stack instead of write-failed.
  it('--out naming a regular file: write-failed, exit 1', () => {
    const project = tempProject();
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, 'keep me');
    const r = run(['build', '--format', 'md', '--out', file], project);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('write-failed');
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toContain('browser');
    noStack(r.stderr);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('--out naming a dangling symlink: write-failed, exit 1', () => {
    const project = tempProject();
    const link = join(tempDir(), 'dangling');
    symlinkSync(join(tempDir(), 'gone', 'deeper'), link);
    writeFileSync(join(project, 'x'), '');
    const r = run(['build', '--format', 'md,html,pdf', '--out', link], project);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('write-failed');
    noStack(r.stderr);
  });

  // Regression (issue 12): `--out /proc/self` looped at 100% CPU.
  it.each(['/proc/self', '/sys/kernel', '/dev/shm/x'])('--out %s is refused at once, exit 2', (out) => {
    const r = run(['build', '--format', 'md', '--out', out], tempProject());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('out-dir');
    expect(r.stderr).toContain('system folder');
  });

  it('an internal error is one line and a hint; the stack only with PAPARAN_DEBUG=1', () => {
    const error = new TypeError('Cannot read properties of undefined (reading "x")');
    const plain = internalError(error);
    expect(plain).toMatch(/^paparan: internal error: TypeError: Cannot read properties/);
    expect(plain).toContain('please report it'.replace('please', 'Please'));
    noStack(plain);
    process.env.PAPARAN_DEBUG = '1';
    try {
      expect(internalError(error)).toMatch(/^\s+at /m);
    } finally {
      delete process.env.PAPARAN_DEBUG;
    }
  });

  it('an unexpected failure in the CLI exits 70 with the internal-error message and no stack', () => {
    // A fault nobody planned for, at a fixed point: writing the report to stdout throws a plain Error.
    const project = tempProject();
    const hook = 'data:text/javascript,process.stdout.write=()=>{throw new Error("boom from a test")}';
    const r = spawnSync(process.execPath, ['--import', hook, BIN, 'check', '--no-overflow'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(70);
    expect(r.stderr).toContain('paparan: internal error: Error: boom from a test');
    expect(r.stderr).toContain('Please report it');
    noStack(r.stderr);
    const debug = spawnSync(process.execPath, ['--import', hook, BIN, 'check', '--no-overflow'], { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PAPARAN_DEBUG: '1' } });
    expect(debug.status).toBe(70);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });
});

describe('odd input the stranger review found', () => {
  // Stranger review: a relative or missing TMPDIR was created on the fly, and 200 MB of Chromium unpacked into it.
  it.each(['relative-tmp', '/nonexistent-paparan-tmp'])('TMPDIR=%s is a usage error, and nothing is created', (tmp) => {
    const project = tempProject();
    const r = run(['build', '--format', 'md,html,pdf'], project, { TMPDIR: tmp });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('env-value');
    expect(r.stderr).toContain('TMPDIR');
    expect(existsSync(join(project, 'relative-tmp'))).toBe(false);
    expect(existsSync('/nonexistent-paparan-tmp')).toBe(false);
  });

  it('an empty --format is a usage error, not a build of nothing', () => {
    for (const format of ['', ',', ' ']) {
      const r = run(['build', '--format', format], tempProject());
      expect(r.code, format).toBe(2);
      expect(r.stderr).toContain('name at least one format');
    }
  });

  it('an outline that is not UTF-8 is refused at its first wrong byte, with the fix', () => {
    const project = tempProject();
    writeFileSync(join(project, 'slides', 'latin.md'), Buffer.concat([Buffer.from('---\ntitle: "Caf'), Buffer.from([0xe9]), Buffer.from(' kopi"\nslides:\n  - layout: title\n---\n')]));
    const r = run(['check', '--no-overflow', 'slides/latin.md'], project);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('slides/latin.md:2:12  error');
    expect(r.stdout).toContain('encoding');
    expect(r.stdout).toContain('Save the file as UTF-8');
    writeFileSync(join(project, 'slides', 'wide.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('---\ntitle: x\n---\n', 'utf16le')]));
    expect(run(['check', '--no-overflow', 'slides/wide.md'], project).stdout).toContain('saved as UTF-16');
  });
});
