import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type JSZipType from 'jszip';
import { describe, expect, it } from 'vitest';
import { editablePptx } from '../../scripts/export/pptx/index.ts';
import { COLOURS } from '../../scripts/export/pptx/theme.ts';
import { cleanText, inlineRuns } from '../../scripts/export/pptx/text.ts';
import { prepare } from '../../scripts/prepare.ts';
import { ROOT, tempProject } from '../helpers.ts';

const JSZip = createRequire(import.meta.url)('jszip') as typeof JSZipType;

const DECK = (title: string) => `---
title: ${JSON.stringify(title)}
subtitle: "Bab *lima*"
shortTitle: "Pendek"
author: "Penulis"
studentId: "123"
supervisors: ["Dr. A", "Dr. B"]
faculty: "Fakultas"
university: "Universitas"
logo: all/figure.svg
date: "2026-03-04"
lang: id
slides:
  - layout: title
    notes: |
      Salam pembuka.

      Paragraf kedua.
  - layout: agenda
  - layout: section
    title: "Bagian satu"
    subtitle: "Penjelasan"
  - layout: points
    title: "Poin **utama**"
    points:
      - "Butir **tebal** dan *miring* dengan \`kode\`"
      - "Tautan [situs](https://contoh.id) dan [skrip](javascript:alert(1))"
      - text: "Induk"
        points: ["Anak satu", "Anak dua"]
    notes: "Catatan poin."
  - layout: two-column
    title: "Dua kolom"
    left: { heading: "Kiri", points: ["L1", "L2"] }
    right: { heading: "Kanan", points: ["R1"] }
  - layout: image
    title: "Gambar"
    src: all/figure.svg
    alt: "Diagram batang"
    caption: "Keterangan"
    credit: "Sumber: sendiri"
  - layout: quote
    text: "Kutipan serif."
    source: "Penulis, Buku (2020)"
  - layout: standout
    message: "Pesan kunci."
    attribution: "Bab V"
  - layout: references
    entries: ["Penulis, A. (2020). *Judul buku*. Penerbit."]
  - layout: closing
  - layout: points
    backup: true
    title: "Cadangan"
    points: ["Data tambahan"]
    notes: "Catatan cadangan."
---

# Slide mentah

Teks bebas.
`;

function project(title = 'Judul **deck**'): string {
  const dir = tempProject();
  mkdirSync(join(dir, 'slides', 'all'), { recursive: true });
  copyFileSync(join(ROOT, 'templates', 'starter', 'figure.svg'), join(dir, 'slides', 'all', 'figure.svg'));
  writeFileSync(join(dir, 'slides', 'all.md'), DECK(title));
  return join(dir, 'slides', 'all.md');
}

async function build(file: string) {
  const prepared = prepare(file, { root: join(file, '..', '..') });
  const body = prepared.deck.slides.findIndex((s) => s.layout === 'raw');
  const png = readFileSync(join(ROOT, 'docs', 'references.png'));
  const bytes = await editablePptx(prepared, { bodySlidePngs: new Map([[body, new Uint8Array(png)]]) });
  return { prepared, bytes, zip: await JSZip.loadAsync(bytes) };
}

const part = async (zip: JSZipType, name: string) => {
  const file = zip.file(name);
  if (!file) throw new Error(`no ${name}`);
  return new TextDecoder('utf-8', { fatal: true }).decode(await file.async('uint8array'));
};
const slideXml = (zip: JSZipType, n: number) => part(zip, `ppt/slides/slide${n}.xml`);
const notesOf = async (zip: JSZipType, n: number) => {
  const rels = await part(zip, `ppt/slides/_rels/slide${n}.xml.rels`);
  const target = /notesSlides\/(notesSlide\d+\.xml)/.exec(rels)?.[1];
  return target ? texts(/name="Notes Placeholder[\s\S]*?<\/p:sp>/.exec(await part(zip, `ppt/notesSlides/${target}`))![0]) : [];
};
const texts = (xml: string) => [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...p[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''));
const titleOf = (xml: string) => /<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<p:ph\s[^>]*type="(?:title|ctrTitle)"(?:(?!<\/p:sp>)[\s\S])*<\/p:sp>/.exec(xml)?.[0];

/** A small XML well-formedness check: UTF-8, XML 1.0 characters, balanced tags, quoted attributes, known entities. */
function assertWellFormed(name: string, xml: string): void {
  expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(xml), `${name}: a character XML cannot hold`).toBe(false);
  const stack: string[] = [];
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of xml.matchAll(token)) {
    if (m[6]) throw new Error(`${name}: a stray < at ${m.index}: ${xml.slice(m.index, m.index + 60)}`);
    const text = m[5] ?? m[3] ?? '';
    expect(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text), `${name}: a bare & near ${text.slice(0, 60)}`).toBe(false);
    if (!m[2]) continue;
    if (m[1]) expect(stack.pop(), `${name}: </${m[2]}> closes another element`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
  }
  expect(stack, `${name}: unclosed elements`).toEqual([]);
}

describe('editable PowerPoint from the outline', () => {
  it('has one slide per rendered slide, titles in title placeholders, bullets with levels, runs, notes and pictures only where they belong', async () => {
    const { prepared, zip } = await build(project());
    const slides = prepared.deck.slides;
    const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    expect(names).toHaveLength(slides.length);
    expect(slides.map((s) => s.layout)).toEqual(['title', 'agenda', 'section', 'points', 'two-column', 'image', 'quote', 'standout', 'references', 'closing', 'raw', 'points']);
    const xml = await Promise.all(slides.map((_s, i) => slideXml(zip, i + 1)));

    // Titles in title placeholders, on masters named after the layouts.
    for (const i of [0, 1, 2, 3, 4, 5, 7, 8, 9, 11]) expect(titleOf(xml[i]!), `slide ${i + 1} (${slides[i]!.layout})`).toBeDefined();
    expect(texts(titleOf(xml[0]!)!).join('')).toBe('Judul deck');
    expect(texts(titleOf(xml[3]!)!).join('')).toBe('Poin utama');
    expect(texts(titleOf(xml[7]!)!).join('')).toBe('Pesan kunci.');
    const masters = await Promise.all(Object.keys(zip.files).filter((n) => /slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => part(zip, n)));
    const masterNames = masters.map((m) => /<p:cSld name="([^"]+)"/.exec(m)?.[1]);
    for (const layout of ['title', 'agenda', 'section', 'points', 'two-column', 'image', 'quote', 'standout', 'references', 'closing']) expect(masterNames).toContain(`paparan-${layout}`);

    // Bullets: real paragraphs, sub-bullets at level 2; bold and italic runs; code in the mono font; http(s) links only.
    const points = texts(xml[3]!);
    expect(points).toEqual(expect.arrayContaining(['Butir tebal dan miring dengan kode', 'Tautan situs dan skrip', 'Induk', 'Anak satu', 'Anak dua']));
    expect(xml[3]).toMatch(/<a:pPr[^>]*lvl="1"[^>]*>(?:(?!<\/a:p>)[\s\S])*<a:t>Anak satu<\/a:t>/);
    expect(xml[3]).not.toMatch(/<a:pPr[^>]*lvl="1"[^>]*>(?:(?!<\/a:p>)[\s\S])*<a:t>Induk<\/a:t>/);
    expect(xml[3]).toMatch(/<a:rPr[^>]*b="1"[^>]*>(?:(?!<\/a:r>)[\s\S])*<a:t>tebal<\/a:t>/);
    expect(xml[3]).toMatch(/<a:rPr[^>]*i="1"[^>]*>(?:(?!<\/a:r>)[\s\S])*<a:t>miring<\/a:t>/);
    expect(xml[3]).toMatch(/typeface="JetBrains Mono"(?:(?!<\/a:r>)[\s\S])*<a:t>kode<\/a:t>/);
    expect(xml[3]).toMatch(/typeface="Source Sans 3"/);
    const rels = await part(zip, 'ppt/slides/_rels/slide4.xml.rels');
    expect(rels).toContain('Target="https://contoh.id"');
    expect(rels).not.toContain('javascript');

    // Two columns: two text frames, each under its heading.
    expect(texts(xml[4]!)).toEqual(expect.arrayContaining(['Kiri', 'Kanan', 'L1', 'L2', 'R1']));
    // Quote in the serif; agenda numbered from the sections; closing with its labels; references; backup tag.
    expect(xml[6]).toMatch(/typeface="Source Serif 4"(?:(?!<\/a:r>)[\s\S])*<a:t>Kutipan serif.<\/a:t>/);
    expect(texts(xml[1]!).join('\n')).toContain('01\tBagian satu');
    expect(texts(xml[9]!)).toEqual(expect.arrayContaining(['Terima kasih', 'Pertanyaan?']));
    expect(texts(xml[8]!).join('')).toContain('Judul buku');
    expect(texts(xml[11]!)).toContain('CADANGAN');
    // Title slide: details with labels from labels.json.
    expect(texts(xml[0]!)).toEqual(expect.arrayContaining(['Penulis · NIM 123', 'Pembimbing: Dr. A · Dr. B', 'Fakultas · Universitas']));

    // Footer and page numbers on main content slides only; the progress bar on main slides only.
    expect(texts(xml[3]!)).toEqual(expect.arrayContaining(['Pendek · Penulis', `4 / ${slides.length - 1}`]));
    for (const i of [0, 2, 7, 9, 11]) expect(texts(xml[i]!).some((t) => / \/ \d+$/.test(t)), `slide ${i + 1}`).toBe(false);
    expect(xml[3]).toContain('name="Progress"');
    expect(xml[11]).not.toContain('name="Progress"');

    // Pictures: the figure and the logo with their alt text, the body slide as one picture; none elsewhere.
    expect(xml[5]).toMatch(/<p:pic>[\s\S]*descr="Diagram batang"/);
    expect(xml[0]).toMatch(/<p:pic>[\s\S]*descr="Logo Universitas"/);
    expect(xml[10]).toContain('<p:pic>');
    for (const i of [1, 2, 3, 4, 6, 7, 8, 9, 11]) expect(xml[i], `slide ${i + 1}`).not.toContain('<p:pic>');

    // Notes, paragraphs kept.
    expect(await notesOf(zip, 1)).toEqual(['Salam pembuka.', '', 'Paragraf kedua.']);
    expect(await notesOf(zip, 4)).toEqual(['Catatan poin.']);
    expect(await notesOf(zip, 12)).toEqual(['Catatan cadangan.']);
  });

  it('gives identical bytes for identical input, dated by the deck', async () => {
    const file = project();
    const first = await build(file);
    const second = await build(file);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(await part(first.zip, 'docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-04T00:00:00Z</dcterms:created>');
    expect(Object.keys(first.zip.files)[0]).toBe('[Content_Types].xml');
  });

  it('cleans text PowerPoint cannot hold: control characters and a lone surrogate still give a valid file', async () => {
    const { zip } = await build(project('Judul \u0001\u0008\u000B rusak \uD800 dan \uDC00 \uFFFE akhir'));
    for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) assertWellFormed(name, await part(zip, name));
    expect(texts(titleOf(await slideXml(zip, 1))!).join('')).toBe('Judul rusak dan akhir');
  });

  // Regression (seen in LibreOffice): pptxgenjs wrote a second <a:pPr> before a paragraph's later runs, and a bullet
  // that started in bold lost its marker.
  it('gives each paragraph one set of properties, before its first run', async () => {
    const { zip } = await build(project());
    const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    let paragraphs = 0;
    for (const name of slides) {
      for (const [, body] of (await part(zip, name)).matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
        paragraphs++;
        expect((body!.match(/<a:pPr\b/g) ?? []).length, name).toBeLessThanOrEqual(1);
        const properties = body!.indexOf('<a:pPr');
        if (properties >= 0) expect(properties, name).toBeLessThan(Math.max(0, body!.indexOf('<a:r>')) || Infinity);
      }
    }
    expect(paragraphs).toBeGreaterThan(20);
  });

  it('reads inline Markdown as runs, and trusted runs as Markdown with escapes', () => {
    const style = { fontFace: 'S', fontSize: 10, color: '000000' };
    const runs = inlineRuns('a **b** *c* `d*e` [f](https://x.y) \uE000\\*g\\* *h*\uE001 2*3*4 snake_case_name', style, 'M');
    expect(runs.map((r) => [r.text, r.options?.bold ?? false, r.options?.italic ?? false, r.options?.fontFace, r.options?.hyperlink?.url])).toEqual([
      ['a ', false, false, 'S', undefined],
      ['b', true, false, 'S', undefined],
      [' ', false, false, 'S', undefined],
      ['c', false, true, 'S', undefined],
      [' ', false, false, 'S', undefined],
      ['d*e', false, false, 'M', undefined],
      [' ', false, false, 'S', undefined],
      ['f', false, false, 'S', 'https://x.y'],
      [' *g* ', false, false, 'S', undefined],
      ['h', false, true, 'S', undefined],
      [' 2', false, false, 'S', undefined],
      ['3', false, true, 'S', undefined],
      ['4 snake_case_name', false, false, 'S', undefined],
    ]);
    expect(cleanText('a\u0000b\tc\nd\uD83D\uDE00e\uD83D')).toBe('ab\tc\nd\uD83D\uDE00e');
  });

  it('keeps the colours of themes/paparan.css', () => {
    const css = readFileSync(join(ROOT, 'themes', 'paparan.css'), 'utf8');
    for (const [name, hex] of Object.entries(COLOURS)) {
      expect(new RegExp(`--${name}:\\s*#([0-9a-f]{6});`, 'i').exec(css)?.[1]?.toUpperCase(), name).toBe(hex);
    }
  });
});
