import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, prepare } from '../../scripts/build.ts';
import { checkOutDir, outputName } from '../../scripts/project.ts';
import { loadTemplates } from '../../scripts/layouts.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { renderDeck } from '../../scripts/render/deck.ts';
import { createMarp } from '../../scripts/render/marp.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

const imageSlide = (src: string) => `---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: image\n    title: "Peta"\n    src: "${src}"\n    alt: "Peta"\n---\n`;

function rulesOf(project: string, source: string, name = 'x.md'): string[] {
  const file = join(project, 'slides', name);
  writeFileSync(file, source);
  try {
    prepare(file, { root: project });
    return [];
  } catch (error) {
    if (!(error instanceof PaparanError)) throw error;
    return error.messages.filter((m) => m.fatal).map((m) => m.rule);
  }
}

describe('hostile: paths', () => {
  const outside = join(tempDir('paparan-outside-'), 'rahasia.png');
  writeFileSync(outside, 'not really a png');

  it('refuses an image outside the project through ..', () => {
    const project = tempProject();
    expect(rulesOf(project, imageSlide('../../../../../../../etc/passwd.png'))).toEqual(['image-outside-project']);
  });

  it('refuses an image outside the project through a symlink inside it', () => {
    const project = tempProject();
    symlinkSync(outside, join(project, 'slides', 'link.png'));
    expect(rulesOf(project, imageSlide('link.png'))).toEqual(['image-outside-project']);
    mkdirSync(join(project, 'slides', 'img'));
    symlinkSync(join(outside, '..'), join(project, 'slides', 'img', 'dir'));
    expect(rulesOf(project, imageSlide('img/dir/rahasia.png'))).toEqual(['image-outside-project']);
  });

  it('refuses an image in the body outside the project, and any remote URL', () => {
    const project = tempProject();
    symlinkSync(outside, join(project, 'slides', 'link.png'));
    const body = (src: string) => `---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n# Raw\n\n![x](${src})\n`;
    expect(rulesOf(project, body('link.png'))).toEqual(['image-outside-project']);
    expect(rulesOf(project, body('https://example.org/x.png'))).toEqual(['remote-url']);
    expect(rulesOf(project, imageSlide('//example.org/x.png'))).toEqual(['remote-url']);
  });

  it('refuses a theme given as a path', () => {
    const project = tempProject();
    expect(rulesOf(project, '---\ntitle: x\ntheme: ../../etc/evil\nslides: []\n---\n')).toEqual(['theme-unknown']);
    expect(rulesOf(project, '---\ntitle: x\ntheme: nonexistent\nslides: []\n---\n')).toEqual(['theme-unknown']);
  });

  it('--out refuses the project and its source folders', () => {
    const project = tempProject();
    for (const out of ['.', 'slides', 'templates', 'themes', 'slides/sub', '..']) {
      expect(() => checkOutDir(project, join(project, out)), out).toThrow(PaparanError);
    }
    expect(() => checkOutDir(project, join(project, 'dist'))).not.toThrow();
    expect(() => checkOutDir(project, join(tmpdir(), 'elsewhere'))).not.toThrow();
  });

  it('gives odd outline names safe output names', () => {
    expect(outputName('slides/my talk.md')).toBe('my-talk');
    expect(outputName('slides/Sidang Skripsi — Ñandú.md')).toBe('Sidang-Skripsi-Ñandú');
    expect(outputName('slides/...md')).toBe('deck');
    expect(outputName('slides/../../etc.md')).toBe('etc');
    expect(outputName('slides/a/b\\..\\c.md')).toBe('b-c');
  });

  it('builds an outline with spaces and Unicode in its name into dist/<safe name>/', async () => {
    const project = tempProject();
    cpSync(join(project, 'slides', 'kesimpulan.md'), join(project, 'slides', 'sidang akhir ✓.md'));
    const out = join(project, 'dist');
    await build({ outlines: [join(project, 'slides', 'sidang akhir ✓.md')], root: project, outDir: out, formats: ['md'] });
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual(['sidang-akhir']);
    expect(existsSync(join(out, 'sidang-akhir', 'sidang-akhir.md'))).toBe(true);
  });
});

describe('hostile: templates', () => {
  it('keeps Handlebars prototype access off, even in a layout of our own', () => {
    const project = tempProject();
    writeFileSync(
      join(project, 'templates', 'layouts', 'probe.hbs'),
      '---\ndescription: probe\nfields:\n  title: { type: text, required: true }\n---\n# {{title}}\n\nA{{constructor}}B{{title.constructor.name}}C{{lookup this "__proto__"}}D{{deck.__proto__}}E\n',
    );
    const templates = loadTemplates(join(project, 'templates'));
    const file = join(project, 'slides', 'probe.md');
    writeFileSync(file, '---\ntitle: x\nrules: { notes-missing: off }\nslides:\n  - layout: probe\n    title: "{{constructor}}"\n---\n');
    const deck = renderDeck(prepare(file, { root: project }).outline, templates);
    expect(deck.markdown).toContain('ABCDE');
    const html = createMarp().render(deck.markdown).html;
    expect(html).toContain('{{constructor}}');
  });

  it('never compiles outline text as a template', () => {
    const project = tempProject();
    const file = join(project, 'slides', 'x.md');
    writeFileSync(file, '---\ntitle: "{{#each (lookup this \\"constructor\\")}}x{{/each}}"\nrules: { notes-missing: off }\nslides:\n  - layout: title\n---\n');
    const deck = renderDeck(prepare(file, { root: project }).outline, loadTemplates(join(ROOT, 'templates')));
    const html = createMarp().render(deck.markdown).html.replace(/&quot;|[“”]/g, '"');
    expect(html).toContain('{{#each (lookup this "constructor")}}x{{/each}}</h1>');
  });
});
