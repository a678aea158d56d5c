import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTemplates } from '../scripts/layouts.ts';
import { PaparanError } from '../scripts/messages.ts';
import { loadThemes } from '../scripts/themes.ts';
import { resetVerdicts } from '../scripts/verdicts.ts';
import { cliBuild } from '../scripts/bench/paths.ts';
import { ROOT, tempDir, tempProject } from './helpers.ts';

/** Every remembered pass under PAPARAN_CACHE_DIR `cache`, by kind. */
function remembered(cache: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const dir = join(cache, 'paparan-verdicts');
  if (!existsSync(dir)) return found;
  for (const build of readdirSync(dir)) {
    for (const kind of readdirSync(join(dir, build))) found[kind] = [...(found[kind] ?? []), ...readdirSync(join(dir, build, kind)).map((f) => join(dir, build, kind, f))];
  }
  return found;
}

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PaparanError) return error.messages.map((m) => `${m.rule} ${m.position.line}:${m.position.column}`);
    throw error;
  }
  return [];
};

describe('passes remembered between runs (scripts/verdicts.ts)', () => {
  let cache: string;
  beforeEach(() => {
    cache = tempDir('paparan-verdicts-');
    process.env.PAPARAN_CACHE_DIR = cache;
    resetVerdicts();
  });
  afterEach(() => {
    delete process.env.PAPARAN_CACHE_DIR;
    delete process.env.PAPARAN_CACHE;
    resetVerdicts();
  });

  it('a theme that passed is read back, not checked again; one changed byte checks it again', () => {
    const first = tempProject();
    loadThemes(join(first, 'themes'));
    const themes = remembered(cache).theme!;
    expect(themes).toHaveLength(readdirSync(join(first, 'themes')).length);
    // Proof that the second project's paparan.css comes from the remembered pass: a pass that names it otherwise.
    const paparan = themes.find((f) => JSON.parse(readFileSync(f, 'utf8')).name === 'paparan')!;
    writeFileSync(paparan, JSON.stringify({ ...JSON.parse(readFileSync(paparan, 'utf8')), name: 'dari-ingatan' }));
    const second = tempProject();
    // The other themes import `paparan`, which by the remembered pass is now called otherwise.
    const error = (() => {
      try {
        loadThemes(join(second, 'themes'));
      } catch (e) {
        return e as PaparanError;
      }
    })();
    expect(error?.messages[0]?.hint).toContain('dari-ingatan');
    const third = tempProject();
    writeFileSync(join(third, 'themes', 'paparan.css'), `${readFileSync(join(third, 'themes', 'paparan.css'), 'utf8')}\n`);
    expect([...loadThemes(join(third, 'themes')).themes.keys()]).toContain('paparan');
  });

  it('a theme with a problem is never remembered: the problem is reported on every run', () => {
    const broken = `/* @theme bocor */\nsection { background: url(https://example.invalid/bg.png); }\n`;
    for (let run = 0; run < 2; run++) {
      const project = tempProject();
      writeFileSync(join(project, 'themes', 'bocor.css'), broken);
      expect(problems(() => loadThemes(join(project, 'themes')))).toEqual(['remote-url 2:11']);
    }
    const kept = remembered(cache).theme!.map((f) => JSON.parse(readFileSync(f, 'utf8')).name);
    expect(kept).not.toContain('bocor');
  });

  it('a remembered pass that is not what a check returns counts as none', () => {
    loadThemes(join(tempProject(), 'themes'));
    const files = remembered(cache).theme!;
    const junk = ['{', '[]', '{"name": 5}', '{"name": "x", "position": {"line": "1", "column": 1}, "imports": []}', '{"name": "x", "position": {"line": 1, "column": 1}, "imports": [{}]}'];
    files.forEach((file, i) => writeFileSync(file, junk[i % junk.length]!));
    resetVerdicts();
    expect([...loadThemes(join(tempProject(), 'themes')).themes.keys()].sort()).toEqual(['paparan', 'paparan-dark', 'paparan-print']);
  });

  it('templates: a pass is remembered; a template changed to refer to a missing partial is reported at its line', () => {
    const first = tempProject();
    expect(problems(() => loadTemplates(join(first, 'templates')))).toEqual([]);
    expect(remembered(cache).template!.length).toBeGreaterThan(10);
    const second = tempProject();
    const file = join(second, 'templates', 'layouts', 'quote.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n*$/, '\n{{> tidak-ada}}\n'));
    const line = readFileSync(file, 'utf8').trimEnd().split('\n').length;
    expect(problems(() => loadTemplates(join(second, 'templates')))).toEqual([`template-partial-missing ${line}:1`]);
    // The unchanged templates of a third project still render, compiled when first used.
    const third = tempProject();
    const set = loadTemplates(join(third, 'templates'));
    expect(set.layouts.get('quote')!.template({ text: 'Kutipan', source: 'Sumber' })).toContain('Kutipan');
  });

  it("layouts: the front matter's declarations are remembered, and read back only in exactly their shape", () => {
    loadTemplates(join(tempProject(), 'templates'));
    const headers = remembered(cache)['layout-header']!;
    expect(headers.length).toBe(readdirSync(join(ROOT, 'templates', 'layouts')).length);
    const quote = headers.find((f) => JSON.parse(readFileSync(f, 'utf8')).fields.source)!;
    const kept = JSON.parse(readFileSync(quote, 'utf8'));
    writeFileSync(quote, JSON.stringify({ ...kept, description: 'dari ingatan' }));
    expect(loadTemplates(join(tempProject(), 'templates')).layouts.get('quote')!.description).toBe('dari ingatan');
    // A field of a kind paparan does not have is no declaration: the file is read again.
    writeFileSync(quote, JSON.stringify({ ...kept, fields: { ...kept.fields, source: { ...kept.fields.source, type: 'html' } } }));
    const layout = loadTemplates(join(tempProject(), 'templates')).layouts.get('quote')!;
    expect(layout.fields.source!.type).toBe('text');
    expect(layout.description).toBe(kept.description);
  });

  it('a pass read back is not written again', () => {
    loadThemes(join(tempProject(), 'themes'));
    const files = remembered(cache).theme!;
    const old = new Date('2020-01-01T00:00:00Z');
    for (const file of files) utimesSync(file, old, old);
    loadThemes(join(tempProject(), 'themes'));
    expect(files.map((file) => statSync(file).mtimeMs)).toEqual(files.map(() => old.getTime()));
  });

  it('a pass that is a FIFO, a symlink or a huge file is none: no hang, no memory blow-up', () => {
    loadThemes(join(tempProject(), 'themes'));
    const [fifo, link, huge] = remembered(cache).theme!;
    rmSync(fifo!);
    execFileSync('mkfifo', [fifo!]);
    const target = join(tempDir(), 'pass.json');
    writeFileSync(target, readFileSync(huge!));
    rmSync(link!);
    symlinkSync(target, link!);
    // Sparse: 2 GB on paper, nothing on disk.
    truncateSync(huge!, 2 ** 31);
    resetVerdicts();
    const started = Date.now();
    expect([...loadThemes(join(tempProject(), 'themes')).themes.keys()].sort()).toEqual(['paparan', 'paparan-dark', 'paparan-print']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('PAPARAN_CACHE=0 keeps nothing', () => {
    process.env.PAPARAN_CACHE = '0';
    resetVerdicts();
    loadThemes(join(tempProject(), 'themes'));
    loadTemplates(join(tempProject(), 'templates'));
    expect(remembered(cache)).toEqual({});
  });

  it('the compiled CLI keeps one folder per build of itself, removes older builds, and reports the same both runs', () => {
    const project = tempProject();
    // bin/paparan.mjs runs lib/paparan.mjs when it is newer than every source, else the sources through tsx.
    const older = `${cliBuild() === 'compiled' ? 'paparan' : 'sources'}-1-1`;
    const own = join(cache, 'paparan-verdicts');
    mkdirSync(join(own, older, 'theme'), { recursive: true });
    writeFileSync(join(own, older, 'theme', 'x.json'), '{}');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(own, older), twoDaysAgo, twoDaysAgo);
    // Another build that wrote today (a second checkout sharing node_modules) keeps its passes.
    const recent = `${cliBuild() === 'compiled' ? 'paparan' : 'sources'}-2-2`;
    mkdirSync(join(own, recent, 'theme'), { recursive: true });
    // What else lives in the folder PAPARAN_CACHE_DIR names is never touched, whatever its name.
    mkdirSync(join(cache, 'paparan-1-2'));
    writeFileSync(join(cache, 'paparan-catatan.txt'), 'punya saya');
    writeFileSync(join(own, 'paparan-catatan.txt'), 'punya saya');
    const check = () => spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'check', '--no-overflow'], { cwd: project, encoding: 'utf8', env: { ...process.env, PAPARAN_CACHE_DIR: cache } });
    const first = check();
    const second = check();
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(readdirSync(cache).sort()).toEqual(['paparan-1-2', 'paparan-catatan.txt', 'paparan-verdicts']);
    const builds = readdirSync(own).filter((b) => b !== 'paparan-catatan.txt');
    expect(builds).not.toContain(older);
    expect(builds).toContain(recent);
    // Compiled: one folder for this build of lib/paparan.mjs. From the sources (a stale lib/): one per process.
    expect(builds.filter((b) => b !== recent)).toHaveLength(cliBuild() === 'compiled' ? 1 : builds.length - 1);
    expect(builds.every((b) => /^(paparan|sources)-\d+-\d+$/.test(b))).toBe(true);
    writeFileSync(join(project, 'themes', 'paparan.css'), readFileSync(join(project, 'themes', 'paparan.css'), 'utf8').replace('/* @theme paparan */', '/* @theme paparan */\n@import "https://example.invalid/x.css";'));
    for (const run of [check(), check()]) {
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('remote-url');
    }
  });
});
