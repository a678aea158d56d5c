import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { createOutline } from '../../scripts/new.ts';
import { pdfGeometry } from '../export/pdf-geometry.ts';
import { tempDir, tempProject } from '../helpers.ts';

// LibreOffice Impress renders the editable PowerPoint file: .ci/run installs it (Debian's libreoffice-impress).
const soffice = ['soffice', 'libreoffice'].find((name) => spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0);

/** The words a reader sees, for comparing two renderings of one slide (quotes and dashes folded, case ignored). */
const words = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”„‘’'"«»]/g, '')
    .replace(/[–—-]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 2);

// Issue 17: the editable file, opened as a room's PC would, shows what the slides PDF shows, on the same page.
describe.skipIf(!soffice)('the editable PowerPoint file in LibreOffice Impress', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it.each(['kesimpulan', 'talk'])('%s: every page has the slides PDF text, and nothing outside the slide', async (name) => {
    const project = tempProject();
    if (name === 'talk') createOutline({ root: project, name: 'talk', lang: 'id' });
    const out = tempDir();
    await build({ outlines: [join(project, 'slides', `${name}.md`)], root: project, outDir: out, browser, formats: ['pdf', 'pptx'] });
    const converted = join(tempDir(), 'lo');
    mkdirSync(converted);
    // A profile of its own: a LibreOffice already running elsewhere cannot take the job.
    const profile = `file://${tempDir('paparan-lo-profile-')}`;
    const run = spawnSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', converted, join(out, name, `${name}.pptx`)], { encoding: 'utf8', timeout: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(converted)).toEqual([`${name}.pdf`]);
    const slides = await pdfGeometry(join(out, name, `${name}.pdf`));
    const impress = await pdfGeometry(join(converted, `${name}.pdf`));
    expect(impress).toHaveLength(slides.length);
    let compared = 0;
    impress.forEach((page, i) => {
      // 16:9, and every piece of text inside the page.
      expect(page.width / page.height).toBeCloseTo(16 / 9, 2);
      for (const text of page.texts.filter((t) => t.str.trim())) {
        expect(text.x, `page ${i + 1} "${text.str}"`).toBeGreaterThanOrEqual(-0.5);
        expect(text.y, `page ${i + 1} "${text.str}"`).toBeGreaterThanOrEqual(-0.5);
        expect(text.x + text.w, `page ${i + 1} "${text.str}"`).toBeLessThanOrEqual(page.width + 0.5);
        expect(text.y + text.h, `page ${i + 1} "${text.str}"`).toBeLessThanOrEqual(page.height + 0.5);
      }
      const seen = new Set(words(page.texts.map((t) => t.str).join(' ')));
      const expected = words(slides[i]!.texts.map((t) => t.str).join(' '));
      compared += expected.length;
      expect(expected.filter((word) => !seen.has(word)), `page ${i + 1}`).toEqual([]);
    });
    expect(compared).toBeGreaterThan(100);
  }, 240_000);
});
