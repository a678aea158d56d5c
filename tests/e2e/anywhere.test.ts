import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { dev, type DevServer } from '../../scripts/dev.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { projectRoot } from '../../scripts/project.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

describe('a project found from anywhere (issue 13)', () => {
  it('the project is the one above the outline, whatever the working folder', () => {
    const project = tempProject();
    expect(projectRoot(undefined, [join(project, 'slides', 'kesimpulan.md')])).toBe(project);
    expect(projectRoot(project, [join(tempDir(), 'x.md')])).toBe(project);
  });

  it('build writes into <project>/dist by default, from the outline alone', async () => {
    const project = tempProject();
    const [result] = await build({ outlines: [join(project, 'slides', 'kesimpulan.md')], formats: ['md'] });
    expect(result!.dir).toBe(join(project, 'dist', 'kesimpulan'));
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.md'))).toBe(true);
  });

  it('the CLI builds from inside slides/ and from an unrelated folder, into <project>/dist', () => {
    const project = tempProject();
    const bin = join(ROOT, 'bin', 'paparan.mjs');
    const inSlides = spawnSync(process.execPath, [bin, 'build', 'kesimpulan.md', '--format', 'md'], { cwd: join(project, 'slides'), encoding: 'utf8', timeout: 60_000 });
    expect(inSlides.status, inSlides.stderr).toBe(0);
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.md'))).toBe(true);
    const elsewhere = spawnSync(process.execPath, [bin, 'build', join(project, 'slides', 'kesimpulan.md'), '--format', 'html'], { cwd: tempDir(), encoding: 'utf8', timeout: 60_000 });
    expect(elsewhere.status, elsewhere.stderr).toBe(0);
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.html'))).toBe(true);
  });

  // Newcomer review: inside slides/, `npm run build -- talk.md` looked in the project root (npm runs scripts there).
  it('through npm, outline names are taken from the folder npm was started in', () => {
    const project = tempProject();
    const bin = join(ROOT, 'bin', 'paparan.mjs');
    const env = { ...process.env, npm_lifecycle_event: 'build', npm_lifecycle_script: 'node bin/paparan.mjs build', INIT_CWD: join(project, 'slides') };
    const r = spawnSync(process.execPath, [bin, 'build', 'kesimpulan.md', '--format', 'md'], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(project, 'dist', 'kesimpulan', 'kesimpulan.md'))).toBe(true);
  });

  it('a broken outline among several: every problem, then a line saying nothing was written', () => {
    const project = tempProject();
    writeFileSync(join(project, 'slides', 'rusak.md'), '---\ntitle: "R"\nslides:\n  - layout: pointz\n---\n');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'build', '--format', 'md'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('layout-unknown');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^Nothing was written; the last good outputs are kept\. Fix the outline above, or build another one alone/);
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });

  it.each([['Kesimpulan.md'], ['kesimpulan'], ['slides/KESIMPULAN']])('a mistyped outline name %s suggests the one that exists', async (name) => {
    const project = tempProject();
    const error = (await build({ root: project, outlines: [name], formats: ['md'] }).catch((e: unknown) => e)) as PaparanError;
    expect(error.messages[0]!.hint).toMatch(/Did you mean .*slides\/kesimpulan\.md/);
  });

  it('an outline named without slides/ is found there, by a suggestion', async () => {
    const project = tempProject();
    const error = (await build({ root: project, outlines: ['kesimpulan.md'], formats: ['md'] }).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.messages[0]!.rule).toBe('file-missing');
    expect(error.messages[0]!.hint).toMatch(/Did you mean .*slides\/kesimpulan\.md/);
  });
});

describe('dev without an outline yet (issue 13)', () => {
  let server: DevServer | undefined;
  afterAll(() => server?.close());

  it('refuses to invent one when slides/ is empty, and says how to start', async () => {
    const project = tempProject();
    renameSync(join(project, 'slides', 'kesimpulan.md'), join(project, 'elsewhere.md'));
    const error = (await dev({ root: project, port: 0 }).catch((e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.messages[0]!.rule).toBe('no-outline');
    expect(error.messages[0]!.hint).toContain('paparan new');
  });

  it('waits for a named outline to appear, then builds it; stamps its lines and says when it recovered', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'baru.md');
    const lines: string[] = [];
    server = await dev({ root: project, outline, outDir: tempDir(), port: 0, log: (line) => lines.push(line) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\] Waiting for .*baru\.md to appear/.test(l))).toBe(true);
    const built = new Promise((resolve) => server!.events.addEventListener('html', resolve, { once: true }));
    writeFileSync(outline, readFileSync(join(project, 'slides', 'kesimpulan.md'), 'utf8'));
    await built;
    expect(lines.some((l) => /✓ html .* \(recovered\)$/.test(l))).toBe(true);
  });
});

// Newcomer review: `npm run dev --port 3000` left `3000` behind, and dev waited forever for an outline named 3000.
describe('a word where an outline belongs', () => {
  it.each([['build', 'html'], ['dev', '3000']] as const)('%s %s is a usage error naming the npm form', async (command, word) => {
    const project = tempProject();
    const attempt = command === 'dev' ? dev({ root: project, outline: word, port: 0 }) : build({ root: project, outlines: [word] });
    const error = (await attempt.then(() => undefined, (e: unknown) => e)) as PaparanError;
    expect(error.messages[0]!.rule).toBe('outline-name');
    expect(error.messages[0]!.hint).toContain(`npm run ${command} -- `);
  });
});
