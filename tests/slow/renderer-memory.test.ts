import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { generatedOutline } from '../../scripts/bench/decks.ts';
import { MiB, sleep, treeMemory } from '../../scripts/bench/measure.ts';
import { tempProject } from '../helpers.ts';

// Dev mode keeps one Chromium for the whole session. Its renderers used to be shared by the pages that came and
// went (--renderer-process-limit=2), and a shared renderer kept what every document left behind: dev mode's
// Chromium grew by ~25 MB a save at 50 slides, without end.
describe('a long session in one browser', () => {
  // As dev mode has it: the slides PDF in a page kept for it.
  const browser = new BrowserSession({ keepPages: true });
  afterAll(() => browser.close());

  it("does not grow with every build: the pages' renderers end with them", async () => {
    const project = tempProject();
    mkdirSync(join(project, 'slides'), { recursive: true });
    const outline = join(project, 'slides', 'panjang.md');
    const source = generatedOutline(40);
    const chromium = async () => {
      // Renderers of closed pages take a moment to exit.
      await sleep(500);
      return treeMemory((await browser.pid())!).pss / MiB;
    };
    const after: number[] = [];
    for (let save = 0; save < 8; save++) {
      writeFileSync(outline, source.replace(/^title: .*$/m, `title: "Simpan ${save}"`));
      await build({ root: project, outlines: [outline], outDir: join(project, 'dist'), browser, formats: ['pdf', 'handout', 'notes', 'overview'], measure: false });
      after.push(await chromium());
    }
    // Measured: a few MB from the second build to the eighth; with shared renderers, 360 → 779 MB.
    expect(after[7]! - after[1]!, `Chromium's memory (PSS, MB) after each build: ${after.map(Math.round).join(', ')}`).toBeLessThan(60);
  });
});
