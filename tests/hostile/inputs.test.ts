import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../scripts/build.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { BODY_IMAGE } from '../../scripts/outline/fields.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { MAX_SLIDES, validateOutline } from '../../scripts/outline/validate.ts';
import { ROOT, tempDir, tempProject, templates } from '../helpers.ts';

const BIN = join(ROOT, 'bin', 'paparan.mjs');
/**
 * Runs the CLI; a run that hangs (a FIFO read, /dev/zero) is killed after 60 s and fails the test by its
 * missing exit code instead of hanging the suite.
 */
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PAPARAN_DEBUG: '' } });
  return { code: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout };
};

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+[:(]\d+/m);
const imageSlide = (src: string) => `---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: image\n    title: "Peta"\n    src: "${src}"\n    alt: "Peta"\n---\n`;

describe('hostile inputs: files that are not files', { timeout: 130_000 }, () => {
  it('build /dev/zero: refused at once (it used to grow to 16 GB)', () => {
    const r = run(['build', '/dev/zero'], tempProject());
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/dev/zero  error  The outline is a device, not a file  not-a-file');
    noStack(r.stderr);
  });

  it('a FIFO as the outline: refused, not read (it used to hang forever)', () => {
    const project = tempProject();
    execFileSync('mkfifo', [join(project, 'slides', 'pipe.md')]);
    const r = run(['check', '--no-overflow', 'slides/pipe.md'], project);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('slides/pipe.md  error  The outline is a named pipe (FIFO), not a file  not-a-file');
  });

  it('a folder named slides/x.md: a typed error with a hint, no stack', () => {
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'x.md'));
    const r = run(['build', 'slides/x.md'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The outline is a folder, not a file  not-a-file');
    expect(r.stderr).toContain('hint: Name the outline file itself');
    noStack(r.stderr);
  });

  it('a FIFO and a folder as images: typed errors at the field, no hang', () => {
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'img', 'x.png'), { recursive: true });
    execFileSync('mkfifo', [join(project, 'slides', 'img', 'pipe.png')]);
    writeFileSync(join(project, 'slides', 'a.md'), imageSlide('img/x.png'));
    writeFileSync(join(project, 'slides', 'b.md'), imageSlide('img/pipe.png'));
    const r = run(['check', '--no-overflow', 'slides/a.md', 'slides/b.md'], project);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toContain('slides/a.md:7:10  error  Image `img/x.png` is a folder, not a file  not-a-file');
    expect(out).toContain('slides/b.md:7:10  error  Image `img/pipe.png` is a named pipe (FIFO), not a file  not-a-file');
    noStack(out);
  });
});

describe('hostile inputs: front matter in another language', { timeout: 130_000 }, () => {
  it('`---js` is refused by check and build, and nothing of it runs', () => {
    const project = tempProject();
    const marker = join(tempDir(), 'pwned');
    writeFileSync(join(project, 'slides', 'js.md'), `---js\n({ title: require('fs').writeFileSync(${JSON.stringify(marker)}, '1') || 'x', slides: [] })\n---\n`);
    for (const args of [['check', '--no-overflow', 'slides/js.md'], ['build', 'slides/js.md']]) {
      const r = run(args, project);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toContain('slides/js.md:1:4  error  The front matter is marked as `js`');
      expect(`${r.stdout}${r.stderr}`).toContain('front-matter-language');
      expect(existsSync(marker)).toBe(false);
    }
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });
});

describe('hostile inputs: images that are not what they say', { timeout: 130_000 }, () => {
  it('HTML saved as .png fails the build (it used to build with exit 0 and a broken image)', () => {
    const project = tempProject();
    writeFileSync(join(project, 'slides', 'peta.png'), '<html><body><img src=x onerror=alert(1)></body></html>');
    writeFileSync(join(project, 'slides', 'x.md'), imageSlide('peta.png'));
    const r = run(['build', 'slides/x.md'], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('slides/x.md:7:10  error  Image `peta.png` is named .png but holds HTML, not a PNG image  image-type');
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });
});

/** Runs the pipeline up to rendering on an outline file; returns the first fatal message. */
function attack(source: string) {
  const project = tempProject();
  const file = join(project, 'slides', 'attack.md');
  writeFileSync(file, source);
  try {
    prepare(file, { root: project });
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages.find((m) => m.fatal)!;
  }
  return undefined;
}

// The timeouts fail a quadratic or unbounded run instead of waiting for it; they assert no speed.
describe('hostile inputs: limits with no holes', { timeout: 20_000 }, () => {
  it('20 000 slides in the body are refused (they used to run 115 s and 1 GB)', () => {
    const head = '---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n';
    const m = attack(`${head}# a\n${'\n---\n'.repeat(20_000)}`);
    expect(m?.rule).toBe('too-many-slides');
    // One slide in `slides`, so body slide 500 (deck slide 501) starts at break 499, on body line 2 × 499 + 1.
    expect(m?.position.line).toBe(6 + 2 * (MAX_SLIDES - 1) + 1);
    // A body of nothing but breaks, as many as 1 MB holds.
    expect(attack(`${head}${'***\n'.repeat(250_000)}`)?.rule).toBe('too-many-slides');
  });

  it('a body built to make the image pattern backtrack is scanned in linear time', () => {
    // Validation only: BODY_IMAGE is the pattern both validation and the renderer use to find body images.
    const head = '---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n';
    for (const body of ['![a](<'.repeat(150_000), '!['.repeat(450_000), '![a](xxx'.repeat(110_000), '![a](x "'.repeat(110_000)]) {
      const { outline } = validateOutline(loadOutline(`${head}${body}\n`, join(ROOT, 'slides', 'attack.md')), templates(), { root: ROOT });
      expect(outline.bodyImages).toEqual({});
      expect(body.replace(BODY_IMAGE, '')).toBe(body);
    }
  });

  // Regression: Marpit's inline comment rule rescanned the rest of the body at every `<!` (a 1 MB body: minutes).
  it('a body of unclosed `<!` renders in one pass through the whole pipeline', () => {
    const project = tempProject();
    const file = join(project, 'slides', 'attack.md');
    writeFileSync(file, `---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n${'![a](<'.repeat(150_000)}\n`);
    const prepared = prepare(file, { root: project });
    expect(prepared.deck.slides).toHaveLength(2);
  });

  it('thousands of body images are located without rescanning the body', () => {
    const head = '---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n';
    const m = attack(`${head}${Array.from({ length: 20_000 }, (_, i) => `![x](i${i}.svg)`).join(' ')}\n`);
    expect(m?.rule).toBe('image-missing');
    expect(m?.position).toEqual({ line: 7, column: 1 });
  });
});
