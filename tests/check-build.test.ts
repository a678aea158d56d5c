import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { check } from '../scripts/check.ts';
import { PaparanError } from '../scripts/messages.ts';
import { tempDir, tempProject } from './helpers.ts';

/** The rules `build` refuses with, and those `check` reports as errors, for the same project. */
async function both(project: string) {
  const built = (await build({ root: project, outDir: tempDir(), formats: ['md'] }).catch((e: unknown) => e)) as PaparanError;
  expect(built).toBeInstanceOf(PaparanError);
  const checked = await check({ root: project, overflow: false });
  return { build: built.messages.filter((m) => m.fatal).map((m) => `${m.file} ${m.rule}`).sort(), check: checked.messages.filter((m) => m.fatal).map((m) => `${m.file} ${m.rule}`).sort() };
}

describe('check reports what build refuses (issue 13)', () => {
  it('two outlines that would write to the same folder', async () => {
    const project = tempProject();
    copyFileSync(join(project, 'slides', 'kesimpulan.md'), join(project, 'slides', 'kesimpulan.yaml'));
    const { build: refused, check: reported } = await both(project);
    expect(refused.map((r) => r.split(' ')[1])).toEqual(['output-clash']);
    expect(reported).toEqual(refused);
  });

  it('no outline at all', async () => {
    const project = tempProject();
    rmSync(join(project, 'slides', 'kesimpulan.md'));
    const { build: refused, check: reported } = await both(project);
    expect(refused).toEqual(['paparan no-outline']);
    expect(reported).toEqual(refused);
  });

  it('broken outlines among good ones: every problem of every outline, before anything is written', async () => {
    const project = tempProject();
    writeFileSync(join(project, 'slides', 'a-rusak.md'), '---\ntitle: "A"\nslides:\n  - layout: pointz\n---\n');
    writeFileSync(join(project, 'slides', 'b-rusak.md'), '---\ntitle: "B"\nslides:\n  - layout: points\n    title: "x"\n---\n');
    const { build: refused, check: reported } = await both(project);
    const shown = (name: string) => relative(process.cwd(), join(project, 'slides', name));
    expect(refused).toEqual([`${shown('a-rusak.md')} layout-unknown`, `${shown('b-rusak.md')} field-missing`]);
    expect(reported).toEqual(refused);
  });
});
