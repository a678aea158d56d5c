import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { PaparanError } from '../scripts/messages.ts';
import { prepare } from '../scripts/prepare.ts';
import { tempProject } from './helpers.ts';

function projectWithConfig(config: string) {
  const project = tempProject();
  writeFileSync(join(project, 'paparan.config.yaml'), config);
  return { project, outline: join(project, 'slides', 'kesimpulan.md') };
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages;
  }
  throw new Error('no error');
};

describe('paparan.config.yaml: project-wide defaults, as data (issue 13)', () => {
  it("gives every outline its defaults; the outline's own fields win", () => {
    const { project, outline } = projectWithConfig('theme: paparan-dark\nhandout: { perPage: 2, mode: notes }\nspeakingRate: 110\n');
    const deck = prepare(outline, { root: project }).outline.deck;
    expect(deck.theme).toBe('paparan-dark');
    expect(deck.speakingRate).toBe(110);
    // kesimpulan.md sets its own handout: it wins whole.
    expect(deck.handout).toEqual({ perPage: 3, mode: 'lines', paper: 'a4' });
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('lang: id\n', 'lang: id\ntheme: paparan\n'));
    expect(prepare(outline, { root: project }).outline.deck.theme).toBe('paparan');
  });

  it('sets the output folder', async () => {
    const { project, outline } = projectWithConfig('out: keluaran\n');
    await build({ outlines: [outline], formats: ['md'] });
    expect(existsSync(join(project, 'keluaran', 'kesimpulan', 'kesimpulan.md'))).toBe(true);
  });

  it('is checked at its own lines: unknown fields, fields that belong to one outline, wrong values', () => {
    const { project, outline } = projectWithConfig('theme: paparan\ntitle: "Semua"\nhandot: { perPage: 2 }\nspeakingRate: "cepat"\n');
    const messages = errorOf(() => prepare(outline, { root: project }));
    const file = relative(process.cwd(), join(project, 'paparan.config.yaml'));
    expect(messages.map((m) => `${m.file}:${m.position.line} ${m.rule}`)).toEqual([`${file}:2 field-unknown`, `${file}:3 field-unknown`, `${file}:4 field-type`]);
    expect(messages[0]!.hint).toContain("each outline's front matter");
    expect(messages[1]!.hint).toContain('`handout`');
    writeFileSync(join(project, 'paparan.config.yaml'), 'theme: paparan\nspeakingRate: "cepat"\n');
    const values = errorOf(() => prepare(outline, { root: project }));
    expect(values.map((m) => `${m.file}:${m.position.line} ${m.rule}`)).toEqual([`${file}:2 field-type`]);
  });

  // Newcomer review: one unknown field hid the rest; a wrong theme was reported in the outline; `out` could leave
  // the project.
  it('reports every problem of the config at once, the theme among them at its own line', () => {
    const { project, outline } = projectWithConfig('authr: "Siti"\nduration: "sepuluh"\nhandout: { perPage: 5 }\n');
    const file = relative(process.cwd(), join(project, 'paparan.config.yaml'));
    expect(errorOf(() => prepare(outline, { root: project })).map((m) => `${m.file}:${m.position.line} ${m.rule}`)).toEqual([`${file}:1 field-unknown`, `${file}:2 field-type`, `${file}:3 field-type`]);
    writeFileSync(join(project, 'paparan.config.yaml'), 'author: "Siti"\ntheme: paparan-gelap\n');
    const [theme] = errorOf(() => prepare(outline, { root: project }));
    expect(`${theme!.file}:${theme!.position.line} ${theme!.rule}`).toBe(`${file}:2 theme-unknown`);
    expect(theme!.hint).toContain('did you mean `paparan-dark`');
  });

  it('keeps `out` inside the project', () => {
    for (const out of ['../../keluaran-luar', '/etc', '.']) {
      const { project, outline } = projectWithConfig(`out: ${out}\n`);
      expect(errorOf(() => prepare(outline, { root: project })).map((m) => m.rule), out).toEqual(['out-dir']);
    }
  });

  it('is never code: a config in another language is refused and not run', () => {
    const { project, outline } = projectWithConfig('---js\n({ theme: require("fs").writeFileSync("/tmp/paparan-config-ran", "x") })\n---\n');
    errorOf(() => prepare(outline, { root: project }));
    expect(existsSync('/tmp/paparan-config-ran')).toBe(false);
  });
});
