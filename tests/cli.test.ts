import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, tempProject } from './helpers.ts';

const BIN = join(ROOT, 'bin', 'paparan.mjs');
const run = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('paparan CLI', () => {
  for (const [name, position, hint] of [
    ['bad-yaml', ':5:12', 'must be quoted'],
    ['unknown-layout', ':4:13', 'did you mean `points`?'],
    ['missing-field', ':4:5', 'Add `source:`'],
    ['wrong-type', ':6:13', 'starting with `- `'],
  ] as const) {
    it(`exits 1 on ${name}, prints file:line:col with a hint, and writes nothing`, () => {
      const project = tempProject();
      const outline = join(project, 'slides', `${name}.md`);
      cpSync(join(ROOT, 'tests', 'fixtures', name, `${name}.md`), outline);
      const r = run(['build', `slides/${name}.md`], project);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`slides/${name}.md${position}  error`);
      expect(r.stderr).toContain(`hint: `);
      expect(r.stderr).toContain(hint);
      expect(existsSync(join(project, 'dist'))).toBe(false);
    });
  }

  it('exits 2 on a usage error', () => {
    expect(run(['build', '--format', 'docx']).code).toBe(2);
    expect(run(['bogus']).code).toBe(2);
    expect(run(['build', '--handout-per-page', '5']).code).toBe(2);
  });

  it('refuses to write over the project sources', () => {
    const project = tempProject();
    const r = run(['build', '--out', 'slides'], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('out-dir');
    expect(readdirSync(join(project, 'slides'))).toEqual(['kesimpulan.md']);
    expect(run(['build', '--out', '.'], project).code).toBe(2);
  });

  it('without a browser, writes the HTML, names the fix, and exits 1', () => {
    const project = tempProject();
    const r = run(['build'], project, { CHROME_PATH: join(project, 'no-such-chrome') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no-browser');
    expect(r.stderr).toMatch(/CHROME_PATH/);
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.html'))).toBe(true);
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.pdf'))).toBe(false);
  });

  it('check: prints every problem sorted by line, a summary, JSON on request, and exit codes', () => {
    const fixture = 'tests/fixtures/problems/problems.md';
    const text = run(['check', '--no-overflow', fixture]);
    expect(text.code).toBe(1);
    expect(text.stdout.trim().split('\n').at(-1)).toBe('7 errors, 5 warnings');
    const json = JSON.parse(run(['check', '--no-overflow', '--format', 'json', fixture]).stdout);
    expect(json.messages).toHaveLength(12);
    expect(json.messages[0]).toMatchObject({ file: fixture, line: 3, column: 11, severity: 'warning', rule: 'talk-too-long' });
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'x'), { recursive: true });
    const warnOnly = join(project, 'slides', 'kesimpulan.md');
    expect(run(['check', '--no-overflow', warnOnly], project).code).toBe(0);
  });
});
