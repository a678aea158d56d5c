import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { tempDir, tempProject } from '../helpers.ts';

// Opt-in picture outputs, in the `slow` project.
describe('slow: PowerPoint and PNG', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it("writes PowerPoint and one PNG per slide in paparan's own browser, on request only, fetching nothing", async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'kesimpulan.md');
    const slides = prepare(outline, { root: project }).deck.slides;
    const [defaults] = await build({ outlines: [outline], root: project, outDir: tempDir(), browser, formats: undefined, measure: false });
    expect(defaults!.outputs.map((o) => o.format)).not.toContain('pptx');
    const dir = tempDir();
    await build({ outlines: [outline], root: project, outDir: dir, browser, formats: ['pptx', 'png'] });
    const pptx = readFileSync(join(dir, 'kesimpulan', 'kesimpulan.pptx'));
    expect(pptx.subarray(0, 2).toString()).toBe('PK');
    expect(pptx.toString('latin1').match(/ppt\/slides\/slide\d+\.xml/g)?.filter((v, i, a) => a.indexOf(v) === i)).toHaveLength(slides.length);
    // The speaker notes travel with the slides.
    expect(pptx.toString('latin1').match(/ppt\/notesSlides\/notesSlide\d+\.xml/g)?.filter((v, i, a) => a.indexOf(v) === i).length).toBeGreaterThan(0);
    const pngs = readdirSync(join(dir, 'kesimpulan', 'kesimpulan-png'));
    expect(pngs).toHaveLength(slides.length);
    expect(pngs[0]).toBe('kesimpulan.001.png');
    const png = readFileSync(join(dir, 'kesimpulan', 'kesimpulan-png', pngs[0]!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
    expect(browser.blockedRequests).toEqual([]);
  });
});
