import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { tempProject } from '../helpers.ts';

const SVG = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450">${body}</svg>`;

// Design review (issue 14): an SVG's <text> was drawn in the machine's DejaVu Sans and embedded, without a word.
describe('image-svg-text', () => {
  async function messagesFor(svg: string) {
    const project = tempProject();
    mkdirSync(join(project, 'slides', 'img'));
    writeFileSync(join(project, 'slides', 'img', 'peta.svg'), svg);
    const outline = join(project, 'slides', 'svg.md');
    writeFileSync(outline, '---\ntitle: "Uji"\nlang: id\nrules: { notes-missing: off }\nslides:\n  - layout: image\n    title: "Gambar"\n    src: img/peta.svg\n    alt: "Peta kawasan"\n---\n');
    return (await check({ outlines: [outline], root: project, overflow: false })).messages;
  }

  it('warns at the field when an SVG draws text with no font of its own', async () => {
    const messages = await messagesFor(SVG('<text x="10" y="20" font-family="sans-serif">Laut Kaspia</text>'));
    expect(messages.map((m) => `${m.position.line}:${m.position.column} ${m.rule} ${m.severity}`)).toEqual(['8:10 image-svg-text warning']);
    expect(messages[0]!.hint).toMatch(/text as paths/);
  });

  it('says nothing for a drawing without text, or text with its own embedded font', async () => {
    expect(await messagesFor(SVG('<rect width="10" height="10"/>'))).toEqual([]);
    expect(await messagesFor(SVG('<style>@font-face { font-family: f; src: url(data:font/woff2;base64,AAAA); }</style><text font-family="f">x</text>'))).toEqual([]);
  });
});
