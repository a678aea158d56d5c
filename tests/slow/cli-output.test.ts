import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpaint } from '../../scripts/ansi.ts';
// Whole runs of the CLI (colour, the summary, real npm), in the `slow` project.
import { ROOT, tempProject } from '../helpers.ts';
import { cleanEnv, ESC, PROBLEMS, run } from '../cli-helpers.ts';

describe('colour', () => {
  it('piped output is plain; FORCE_COLOR colours the same text; NO_COLOR and FORCE_COLOR=0 keep it plain', () => {
    const plain = run(['check', '--no-overflow', PROBLEMS]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('error');
    expect(plain.stdout).not.toContain(ESC);
    const forced = run(['check', '--no-overflow', PROBLEMS], ROOT, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${ESC}31m`);
    expect(forced.stdout).toContain(`${ESC}33m`);
    expect(unpaint(forced.stdout)).toBe(plain.stdout);
    expect(run(['check', '--no-overflow', PROBLEMS], ROOT, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).toContain(ESC);
    expect(run(['check', '--no-overflow', PROBLEMS], ROOT, { NO_COLOR: '1' }).stdout).toBe(plain.stdout);
    expect(run(['check', '--no-overflow', PROBLEMS], ROOT, { FORCE_COLOR: '0' }).stdout).toBe(plain.stdout);
    // JSON is for programs: never coloured.
    expect(run(['check', '--no-overflow', '--format', 'json', PROBLEMS], ROOT, { FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
  });
});


describe('progress lines and the closing summary', () => {
  it('a build ends with the summary, after the progress lines', () => {
    const project = tempProject();
    const first = run(['build', '--format', 'md,html'], project);
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 outputs written — open dist/kesimpulan/kesimpulan.html');
    expect(lines.slice(0, 2).every((l) => l.startsWith('  ✓ '))).toBe(true);
    expect(run(['build', '--format', 'md,html'], project).stderr.trim().split('\n').at(-1)).toBe('2 outputs unchanged (--force rebuilds them) — open dist/kesimpulan/kesimpulan.html');
    const forced = run(['build', '--format', 'md,html,pdf', '--force'], project, { FORCE_COLOR: '1' });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(`${ESC}32m✓`);
    expect(unpaint(forced.stderr).trim().split('\n').at(-1)).toBe('3 outputs written — open dist/kesimpulan/kesimpulan.html');
  });
});

describe('the command line through npm', () => {
  const npmEnv = (script: string, extra: NodeJS.ProcessEnv) => ({ npm_lifecycle_event: script, npm_lifecycle_script: `node bin/paparan.mjs ${script === 'rebuild' ? 'build --force' : script}`, ...extra });

  it('npm run new -- <name>, npm run rebuild, and a note for npm run build --force (real npm)', () => {
    const project = tempProject();
    cpSync(join(ROOT, 'package.json'), join(project, 'package.json'));
    symlinkSync(join(ROOT, 'bin'), join(project, 'bin'));
    const npm = (args: string[]) => {
      const r = spawnSync('npm', ['run', '--silent', ...args], { cwd: project, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const made = npm(['new', '--', 'talk', '--lang', 'en']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('npm run dev -- slides/talk.md');
    expect(made.stdout).toContain('npm run build -- slides/talk.md');
    expect(readFileSync(join(project, 'slides', 'talk.md'), 'utf8')).toContain('lang: en');

    const swallowed = npm(['build', '--force', '--', 'slides/talk.md', '--format', 'md']);
    expect(swallowed.code, swallowed.stderr).toBe(0);
    expect(swallowed.stderr).toContain('npm kept --force for itself');
    expect(swallowed.stderr).toContain('npm run build -- slides/talk.md --format md --force');

    const rebuilt = npm(['rebuild', '--', 'slides/talk.md', '--format', 'md']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).not.toContain('npm kept');
    expect(rebuilt.stderr).toMatch(/✓ md +dist\/talk\/talk\.md/);
    expect(rebuilt.stderr.trim().split('\n').at(-1)).toBe('1 output written — open dist/talk/talk.md');
  });
});
