import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../scripts/check.ts';
import { PaparanError } from '../scripts/messages.ts';
import { checkOutlineName, createOutline } from '../scripts/new.ts';
import { ROOT, tempProject } from './helpers.ts';

const BIN = join(ROOT, 'bin', 'paparan.mjs');
const plainEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
};
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: plainEnv(), timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const LAYOUTS = readdirSync(join(ROOT, 'templates', 'layouts')).filter((f) => f.endsWith('.hbs')).map((f) => f.replace(/\.hbs$/, '')).sort();

/** Every file and folder under `dir`, with the contents of files, to see that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = `${prefix}${e.name}`;
      if (e.isDirectory()) {
        out[`${rel}/`] = '';
        walk(join(d, e.name), `${rel}/`);
      } else out[rel] = e.isSymbolicLink() ? '<link>' : readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

function refusal(fn: () => unknown): PaparanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PaparanError) return error;
    throw error;
  }
  throw new Error('expected a PaparanError');
}

describe('createOutline', () => {
  it.each(['id', 'en'] as const)('writes a %s starter outline using every layout once, and its sample figure', (lang) => {
    const project = tempProject();
    const made = createOutline({ root: project, name: 'talk', lang });
    expect(made.outline).toBe(join(project, 'slides', 'talk.md'));
    expect(made.figure).toBe(join(project, 'slides', 'talk', 'figure.svg'));
    const text = readFileSync(made.outline, 'utf8');
    const used = [...text.matchAll(/^ {2}- layout: ([\w-]+)/gm)].map((m) => m[1]!).sort();
    // The references slide is made from the bibliography, never written by hand.
    expect(used).toEqual(LAYOUTS.filter((layout) => layout !== 'references'));
    expect(text).toContain(`lang: ${lang}`);
    expect(text).toContain('src: "talk/figure.svg"');
    expect(text).not.toMatch(/\{\{\w+\}\}/);
    // The comments speak the deck's language.
    expect(text).toContain(lang === 'id' ? '# judul utama' : '# the main title');
    expect(text).not.toContain(lang === 'id' ? '# the main title' : '# judul utama');
    expect(readFileSync(made.figure, 'utf8')).toMatch(/^<svg /);
  });

  it.each(['id', 'en'] as const)('the %s starter passes check with no problem at all, overflow measured in the browser', async (lang) => {
    const project = tempProject();
    const made = createOutline({ root: project, name: `awal-${lang}`, lang });
    const { messages } = await check({ root: project, outlines: [made.outline] });
    expect(messages.map((m) => m.format())).toEqual([]);
  });

  it('creates slides/ when the project has none', () => {
    const project = tempProject();
    rmSync(join(project, 'slides'), { recursive: true });
    createOutline({ root: project, name: 'talk' });
    expect(readdirSync(join(project, 'slides')).sort()).toEqual(['talk', 'talk.md']);
  });

  it.each([
    ['an outline of that name', (p: string) => writeFileSync(join(p, 'slides', 'talk.md'), 'mine'), 'slides/talk.md already exists'],
    ['a dangling symlink in its place', (p: string) => symlinkSync(join(p, 'nowhere.md'), join(p, 'slides', 'talk.md')), 'slides/talk.md already exists'],
    ['a .yaml outline writing to the same dist/talk/', (p: string) => writeFileSync(join(p, 'slides', 'talk.yaml'), 'title: x'), 'slides/talk.yaml already uses the name talk'],
    ['the same name in other case', (p: string) => writeFileSync(join(p, 'slides', 'Talk.md'), 'mine'), 'slides/Talk.md already uses the name talk'],
    ['a folder for its images', (p: string) => mkdirSync(join(p, 'slides', 'talk')), 'slides/talk already exists'],
  ])('refuses to write over %s, and writes nothing', (_, arrange, message) => {
    const project = tempProject();
    arrange(project);
    const before = snapshot(join(project, 'slides'));
    const error = refusal(() => createOutline({ root: project, name: 'talk' }));
    expect(error.kind).toBe('input');
    expect(error.messages[0]).toMatchObject({ rule: 'outline-exists', message: expect.stringContaining(message) });
    expect(error.messages[0]!.hint).toContain('talk-2');
    expect(snapshot(join(project, 'slides'))).toEqual(before);
  });

  it('refuses when slides is a file', () => {
    const project = tempProject();
    rmSync(join(project, 'slides'), { recursive: true });
    writeFileSync(join(project, 'slides'), 'not a folder');
    const error = refusal(() => createOutline({ root: project, name: 'talk' }));
    expect(error.messages[0]).toMatchObject({ rule: 'outline-exists', message: 'slides is a file, not a folder' });
    expect(readFileSync(join(project, 'slides'), 'utf8')).toBe('not a folder');
  });

  it.each([
    ['', 'needs a name', 'talk'],
    ['   ', 'needs a name', 'talk'],
    ['my talk', 'not a safe file name', 'my-talk'],
    ['Bab 5: Kesimpulan!', 'not a safe file name', 'bab-5-kesimpulan'],
    ['../x', 'is a path', 'x'],
    ['slides/talk', 'is a path', 'slides-talk'],
    ['a\\b', 'is a path', 'a-b'],
    ['talk.v2', 'not a safe file name', 'talk-v2'],
    ['-x', 'not a safe file name', 'x'],
    ['.hidden', 'not a safe file name', 'hidden'],
    ['con', 'device name', 'talk'],
    ['LPT1', 'device name', 'talk'],
    ['a'.repeat(65), 'longer than 64', 'a'.repeat(64)],
  ])('refuses the name %j, says why, suggests a safe one, and writes nothing', (name, why, suggestion) => {
    const project = tempProject();
    const before = snapshot(project);
    const error = refusal(() => createOutline({ root: project, name }));
    expect(error.kind).toBe('usage');
    expect(error.messages[0]).toMatchObject({ rule: 'name-invalid', message: expect.stringContaining(why) });
    expect(error.messages[0]!.hint).toContain('Use letters, digits, - and _ only');
    expect(error.messages[0]!.hint).toMatch(new RegExp(`such as ${suggestion}$`));
    expect(snapshot(project)).toEqual(before);
  });

  it('accepts letters of any script, digits, - and _, and drops a trailing .md', () => {
    expect(checkOutlineName('bab-5_kesimpulan')).toBe('bab-5_kesimpulan');
    expect(checkOutlineName('talk.md')).toBe('talk');
    expect(checkOutlineName('pre\u0301sentation')).toBe('présentation');
    const project = tempProject();
    expect(createOutline({ root: project, name: 'présentation' }).outline).toBe(join(project, 'slides', 'présentation.md'));
  });

  it('refuses an unknown language', () => {
    const error = refusal(() => createOutline({ root: tempProject(), name: 'talk', lang: 'fr' as 'en' }));
    expect(error.messages[0]).toMatchObject({ rule: 'lang-unknown' });
  });

  it("uses paparan's own starter when the project has none", () => {
    const project = tempProject();
    rmSync(join(project, 'templates', 'starter'), { recursive: true });
    expect(readFileSync(createOutline({ root: project, name: 'talk' }).outline, 'utf8')).toContain('layout: two-column');
  });
});

describe('paparan new', () => {
  it('writes the outline, says what to open and run, and the outline builds', () => {
    const project = tempProject();
    const r = run(['new', 'seminar'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Created slides\/seminar\.md +the outline/);
    expect(r.stdout).toContain('slides/seminar/figure.svg');
    expect(r.stdout).toContain('Next: open slides/seminar.md');
    expect(r.stdout).toContain('npx paparan dev slides/seminar.md');
    expect(r.stdout).toContain('npx paparan build slides/seminar.md');

    const checked = run(['check', 'slides/seminar.md'], project);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout.trim()).toBe('no problems');

    const built = run(['build', 'slides/seminar.md', '--format', 'md,html'], project);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('warning');
    expect(built.stderr.trim().split('\n').at(-1)).toBe('2 outputs written — open dist/seminar/seminar.html');
    const html = readFileSync(join(project, 'dist', 'seminar', 'seminar.html'), 'utf8');
    expect(html).toContain('data:image/svg+xml');
    expect(html).toContain('Tiga poin utama');
  });

  it('--lang en writes an English deck', () => {
    const project = tempProject();
    expect(run(['new', 'talk', '--lang', 'en'], project).code).toBe(0);
    expect(readFileSync(join(project, 'slides', 'talk.md'), 'utf8')).toContain('lang: en');
    expect(run(['new', 'other', '--lang', 'fr'], project).code).toBe(2);
    expect(existsSync(join(project, 'slides', 'other.md'))).toBe(false);
  });

  it('refuses to overwrite: exit 1, the rule and a hint, the old file untouched', () => {
    const project = tempProject();
    const r = run(['new', 'kesimpulan'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('slides/kesimpulan.md  error  slides/kesimpulan.md already exists  outline-exists');
    expect(r.stderr).toContain('hint: Choose another name, such as kesimpulan-2');
    expect(r.stdout).toBe('');
    expect(readFileSync(join(project, 'slides', 'kesimpulan.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'slides', 'kesimpulan.md'), 'utf8'));
    expect(existsSync(join(project, 'slides', 'kesimpulan'))).toBe(false);
  });

  it('a bad name is a usage error (exit 2); no name at all too', () => {
    const project = tempProject();
    const r = run(['new', 'my talk'], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('name-invalid');
    expect(r.stderr).toContain('such as my-talk');
    expect(run(['new'], project).code).toBe(2);
    expect(readdirSync(join(project, 'slides'))).toEqual(['kesimpulan.md']);
  });
});
