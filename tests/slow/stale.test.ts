import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { dev } from '../../scripts/dev.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

const FIRST = join(ROOT, 'tests', 'fixtures', 'standard-marp', 'peta.png');
const SECOND = join(ROOT, 'docs', 'handout-1.png');
const base64 = (file: string) => readFileSync(file).toString('base64');

/** A temp project whose deck shows slides/img/fig.png. */
function projectWithFigure() {
  const project = tempProject();
  const outline = join(project, 'slides', 'kesimpulan.md');
  mkdirSync(join(project, 'slides', 'img'));
  const figure = join(project, 'slides', 'img', 'fig.png');
  copyFileSync(FIRST, figure);
  const slide = '  - layout: image\n    title: "Peta"\n    src: img/fig.png\n    alt: "Peta kawasan"\n    notes: "Peta."\n';
  writeFileSync(outline, readFileSync(outline, 'utf8').replace(/^slides:\n/m, `slides:\n${slide}`));
  return { project, outline, figure };
}

// Regression (issue 12): the manifest hashed the outline's text, not the images, so a replaced figure was "unchanged".
describe('nothing stale', () => {
  it('a replaced figure rebuilds every output that shows it', async () => {
    const { project, outline, figure } = projectWithFigure();
    const out = tempDir();
    const options = { outlines: [outline], root: project, outDir: out, formats: ['md' as const, 'html' as const] };
    await build(options);
    copyFileSync(SECOND, figure);
    const [again] = await build(options);
    expect(again!.outputs.map((o) => `${o.format} ${o.status}`)).toEqual(['md written', 'html written']);
    expect(readFileSync(join(out, 'kesimpulan', 'kesimpulan.html'), 'utf8')).toContain(base64(SECOND).slice(0, 200));
    const [third] = await build(options);
    expect(third!.outputs.map((o) => o.status)).toEqual(['skipped', 'skipped']);
  });

  let close: (() => Promise<void>) | undefined;
  afterAll(() => close?.());

  it('dev mode watches the figures and rebuilds when one is replaced', async () => {
    const { project, outline, figure } = projectWithFigure();
    const server = await dev({ root: project, outline, outDir: tempDir(), port: 0 });
    close = server.close;
    await new Promise((resolve) => server.events.addEventListener('pdf', resolve, { once: true }));
    // The figure's watch is added when the first build ends; chokidar needs a moment to set it up (a person
    // replacing a figure takes longer than that).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rebuilt = new Promise((resolve) => server.events.addEventListener('html', resolve, { once: true }));
    copyFileSync(SECOND, figure);
    await rebuilt;
    expect(await (await fetch(server.url)).text()).toContain(base64(SECOND).slice(0, 200));
  });
});
