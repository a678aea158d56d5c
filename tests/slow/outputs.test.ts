import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { tempDir, tempProject } from '../helpers.ts';
import type JSZipType from 'jszip';

const JSZip = createRequire(import.meta.url)('jszip') as typeof JSZipType;

// Opt-in picture outputs, in the `slow` project.
describe('slow: PowerPoint and PNG', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it("writes the editable PowerPoint, the picture PowerPoint and one PNG per slide in paparan's own browser, on request only, fetching nothing", async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'kesimpulan.md');
    const slides = prepare(outline, { root: project }).deck.slides;
    const [defaults] = await build({ outlines: [outline], root: project, outDir: tempDir(), browser, formats: undefined, measure: false });
    expect(defaults!.outputs.map((o) => o.format)).not.toContain('pptx');
    expect(defaults!.outputs.map((o) => o.format)).not.toContain('pptx-images');
    const dir = tempDir();
    await build({ outlines: [outline], root: project, outDir: dir, browser, formats: ['pptx', 'pptx-images', 'png'] });
    const slideParts = (file: Buffer) => file.toString('latin1').match(/ppt\/slides\/slide\d+\.xml/g)?.filter((v, i, a) => a.indexOf(v) === i);
    const notesParts = (file: Buffer) => file.toString('latin1').match(/ppt\/notesSlides\/notesSlide\d+\.xml/g)?.filter((v, i, a) => a.indexOf(v) === i);

    // The editable file: real text from the outline, one slide per slide, titles in placeholders, the notes.
    const pptx = readFileSync(join(dir, 'kesimpulan', 'kesimpulan.pptx'));
    expect(pptx.subarray(0, 2).toString()).toBe('PK');
    expect(slideParts(pptx)).toHaveLength(slides.length);
    expect(notesParts(pptx)?.length).toBeGreaterThan(0);
    const zip = await JSZip.loadAsync(pptx);
    const first = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(first).toMatch(/<p:ph\s[^>]*type="title"/);
    expect(first).toContain('SCO dan Kepentingan Rusia di Asia Tengah');
    const titled = slides.findIndex((s) => s.layout === 'points');
    expect(await zip.file(`ppt/slides/slide${titled + 1}.xml`)!.async('string')).not.toContain('<p:pic>');
    // The same input gives the same bytes.
    const again = tempDir();
    await build({ outlines: [outline], root: project, outDir: again, browser, formats: ['pptx'] });
    expect(readFileSync(join(again, 'kesimpulan', 'kesimpulan.pptx')).equals(pptx)).toBe(true);

    // The picture file, as before: one full-slide picture per slide, with the notes.
    const images = readFileSync(join(dir, 'kesimpulan', 'kesimpulan-images.pptx'));
    expect(images.subarray(0, 2).toString()).toBe('PK');
    expect(slideParts(images)).toHaveLength(slides.length);
    expect(notesParts(images)?.length).toBeGreaterThan(0);
    const picture = await (await JSZip.loadAsync(images)).file('ppt/slides/slide1.xml')!.async('string');
    expect(picture).toContain('<p:pic>');

    const pngs = readdirSync(join(dir, 'kesimpulan', 'kesimpulan-png'));
    expect(pngs).toHaveLength(slides.length);
    expect(pngs[0]).toBe('kesimpulan.001.png');
    const png = readFileSync(join(dir, 'kesimpulan', 'kesimpulan-png', pngs[0]!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
    expect(browser.blockedRequests).toEqual([]);
  });
});
