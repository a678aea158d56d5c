import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { draftDocument, readDocument } from '../../scripts/draft/document.ts';
import { splitSentences } from '../../scripts/draft/sentences.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { ENGLISH_SENTENCES } from '../fixtures/draft-en/chapter.ts';
import { pdfText, tempProject } from '../helpers.ts';
import { Document, HeadingLevel, Packer, Paragraph } from './docx.ts';


interface Slide { layout: string; title?: string; points?: (string | { text: string; points: string[] })[]; notes?: string }

const CHAPTER: ChapterFixture = {
  title: 'BAB V KESIMPULAN',
  sections: [
    {
      heading: '5.1 Kerja Sama Keamanan',
      paragraphs: [
        'Organisasi Kerja Sama Shanghai (SCO) dibentuk untuk menjaga keamanan kawasan Asia Tengah. Rusia dan Tiongkok memimpin organisasi ini sejak tahun 2001. Negara-negara anggota sepakat melawan terorisme, separatisme, dan ekstremisme.',
        'Konflik di Chechnya dan Dagestan menunjukkan bahwa ancaman itu nyata bagi Rusia. Menurut Dr. Ivanov dkk. (hlm. 45), pemberontakan dapat menyebar ke negara tetangga.',
      ],
    },
    {
      heading: '5.2 Energi Laut Kaspia',
      paragraphs: [
        'Cadangan minyak dan gas di Laut Kaspia menarik minat banyak negara besar. Rusia ingin agar pipa dari Asia Tengah tetap melewati wilayahnya. Strategi ini menjaga pengaruh Rusia atas bekas wilayah Uni Soviet.',
        'Oleh karena itu, kerja sama energi dan keamanan saling terkait erat. Penelitian selanjutnya perlu membahas peran negara-negara pengamat.',
      ],
    },
  ],
};

const ENGLISH: ChapterFixture = {
  title: 'CHAPTER 5 CONCLUSION',
  sections: ENGLISH_SENTENCES.map((s) => ({ heading: s.heading, paragraphs: s.paragraphs.map((p) => p.join(' ')) })),
};

interface ChapterFixture { title: string; sections: { heading: string; paragraphs: string[] }[] }

/** Every sentence of the chapter, as paparan's own splitter cuts it. */
const sourceSentences = (chapter: ChapterFixture) => chapter.sections.flatMap((s) => s.paragraphs.flatMap(splitSentences));

const readFileSyncUtf8 = (file: string) => readFileSync(file, 'utf8');
function slidesOf(outline: string): Slide[] {
  return loadOutline(readFileSyncUtf8(outline), outline).data.slides as Slide[];
}

/** The chapter as Word writes it: the title in Heading 1, the numbered sections in Heading 2. */
function chapterDocx(chapter: ChapterFixture): Promise<Buffer> {
  const doc = new Document({
    sections: [{
      children: [
        new Paragraph({ text: chapter.title, heading: HeadingLevel.HEADING_1 }),
        ...chapter.sections.flatMap((s) => [new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_2 }), ...s.paragraphs.map((p) => new Paragraph({ text: p }))]),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}

const CONJUNCTIONS = ['and', 'because', 'which', 'that', 'or', 'but', 'dan', 'karena', 'yang'];
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const bulletsOf = (slide: Slide) => (slide.points ?? []).flatMap((p) => (typeof p === 'string' ? [p] : [p.text, ...p.points]));

/**
 * Headings as sections (numbering off), every source sentence verbatim in the notes, short bullets that are no
 * fragments, no furniture on the slides or in the notes, zero check errors.
 */
async function expectDraft(root: string, outline: string, chapter: ChapterFixture, furniture: RegExp[] = []) {
  const slides = slidesOf(outline);
  expect(slides[0]!.layout).toBe('title');
  expect(slides.filter((s) => s.layout === 'section').map((s) => s.title)).toEqual(chapter.sections.map((s) => s.heading.replace(/^\d+(?:\.\d+)*\.?\s+/, '')));
  const notes = slides.map((s) => s.notes ?? '').join('\n');
  for (const sentence of sourceSentences(chapter)) expect(notes, sentence).toContain(sentence);
  for (const slide of slides) {
    if (slide.layout === 'points') expect(slide.points?.length ?? 0, slide.title).toBeLessThanOrEqual(6);
    if (slide.title) expect(words(slide.title), slide.title).toBeLessThanOrEqual(8);
    for (const bullet of bulletsOf(slide)) {
      expect(words(bullet), bullet).toBeLessThanOrEqual(12);
      expect(CONJUNCTIONS, bullet).not.toContain(bullet.split(/\s+/)[0]!.toLowerCase().replace(/[^\p{L}]/gu, ''));
    }
  }
  const visible = slides.flatMap((s) => [s.title ?? '', ...bulletsOf(s)]).join('\n');
  for (const pattern of furniture) {
    expect(visible).not.toMatch(pattern);
    expect(notes).not.toMatch(pattern);
  }
  const { messages } = await check({ outlines: [outline], root, overflow: false });
  expect(messages.filter((m) => m.fatal).map((m) => m.format())).toEqual([]);
  return slides;
}

/** Drafts the same file into a second project under the same name: the same outline, byte for byte. */
async function expectSameBytes(file: string, made: { name: string; outline: string }, lang?: 'id' | 'en') {
  const other = tempProject();
  const again = await draftDocument({ root: other, chapter: file, name: made.name, lang });
  expect(readFileSync(again.outline).equals(readFileSync(made.outline))).toBe(true);
}

function expectError(promise: Promise<unknown>, rule: string, message: RegExp, hint: RegExp) {
  return promise.then(
    () => expect.unreachable(),
    (error: unknown) => {
      expect(error).toBeInstanceOf(PaparanError);
      const [first] = (error as PaparanError).messages;
      expect(first!.rule).toBe(rule);
      expect(first!.message).toMatch(message);
      expect(first!.hint).toMatch(hint);
    },
  );
}

/** "terrorism, separatism, and extremism" as sub-bullets of one bullet (in whatever words the drafter chooses). */
function expectEnumeration(slides: Slide[]) {
  const lists = slides.flatMap((s) => s.points ?? []).flatMap((p) => (typeof p === 'string' ? [] : [p.points.join(' ').toLowerCase()]));
  expect(lists.some((l) => /terrorism/.test(l) && /separatism/.test(l) && /extremism/.test(l)), lists.join(' | ')).toBe(true);
}

describe('the English chapter', () => {
  it('is split into its sentences: e.g., i.e., et al., Dr., p. 45 and U.S. end no sentence', () => {
    for (const paragraph of ENGLISH_SENTENCES.flatMap((s) => s.paragraphs)) expect(splitSentences(paragraph.join(' '))).toEqual(paragraph);
  });
});

describe('paparan draft from Word', () => {
  it('reads a .docx with Heading 1/Heading 2: headings become sections, every sentence is in the notes, check passes', async () => {
    const root = tempProject();
    const file = join(root, 'bab5.docx');
    writeFileSync(file, await chapterDocx(CHAPTER));
    const chapter = await readDocument(file);
    expect(chapter.blocks.filter((b) => b.kind === 'heading').map((b) => b.kind === 'heading' && b.level)).toEqual([1, 2, 2]);
    const made = await draftDocument({ root, chapter: file, name: 'dari-word' });
    await expectDraft(root, made.outline, CHAPTER);
    await expectSameBytes(file, made);
  }, 60_000);

  it('reads an English .docx chapter drafted with lang en: sections, short bullets, every sentence in the notes, the same bytes twice', async () => {
    const root = tempProject();
    const file = join(root, 'chapter5.docx');
    writeFileSync(file, await chapterDocx(ENGLISH));
    const made = await draftDocument({ root, chapter: file, name: 'from-word', lang: 'en' });
    const slides = await expectDraft(root, made.outline, ENGLISH);
    expectEnumeration(slides);
    expect(readFileSyncUtf8(made.outline)).toMatch(/^lang: en$/m);
    await expectSameBytes(file, made, 'en');
  }, 60_000);

  it('refuses an old .doc with a hint to save it as .docx', async () => {
    const root = tempProject();
    const file = join(root, 'bab5.doc');
    writeFileSync(file, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expectError(draftDocument({ root, chapter: file }), 'draft-format', /cannot read \.doc/, /save it as \.docx/);
  });

  it('refuses a .docx that is not a Word document', async () => {
    const root = tempProject();
    const file = join(root, 'palsu.docx');
    writeFileSync(file, 'bukan dokumen');
    await expectError(draftDocument({ root, chapter: file }), 'draft-docx-invalid', /not a Word \.docx/, /save it again as \.docx/);
  });
});

const INDONESIAN_FURNITURE = {
  headerTemplate: '<div style="font-size:9px;width:100%;text-align:center">Universitas Contoh — Skripsi 2024</div>',
  footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">Halaman <span class="pageNumber"></span></div>',
};
const ENGLISH_FURNITURE = {
  headerTemplate: '<div style="font-size:9px;width:100%;text-align:right;padding-right:18mm">Master\'s Thesis, University of Example</div>',
  footerTemplate: '<div style="font-size:9px;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
};

describe('paparan draft from PDF', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  /** Prints HTML with Chromium: A5 pages, a running header and page numbers from Chromium's own header and footer. */
  const print = (html: string, header = true, furniture = INDONESIAN_FURNITURE) =>
    browser.withPage(async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({
        width: '148mm',
        height: '210mm',
        margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' },
        displayHeaderFooter: header,
        ...furniture,
      });
    });

  it('reads a printed chapter: headings from font size, running header and page numbers dropped, check passes', async () => {
    const root = tempProject();
    const body = CHAPTER.sections.map((s) => `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}`).join('');
    // Enough text for several pages, so the header and the page numbers repeat.
    const html = `<!doctype html><html lang="id"><body style="font:11pt serif;text-align:justify"><h1>${CHAPTER.title}</h1>${body}<div style="break-before:page"></div><p>Bagian ini sengaja kosong.</p></body></html>`;
    const file = join(root, 'bab5.pdf');
    writeFileSync(file, await print(html));
    // The furniture is there to be removed: on every page.
    const printed = await pdfText(file);
    expect(printed.match(/Universitas Contoh/g)?.length).toBeGreaterThanOrEqual(2);
    expect(printed).toMatch(/Halaman\s*2/);
    const made = await draftDocument({ root, chapter: file, name: 'dari-pdf' });
    await expectDraft(root, made.outline, CHAPTER, [/Universitas Contoh/, /Halaman \d/]);
    // The same PDF, the same outline.
    await expectSameBytes(file, made);
  }, 120_000);

  it('reads an English chapter printed over two pages with a running header and "Page n of m", drafted with lang en', async () => {
    const root = tempProject();
    const body = ENGLISH.sections.map((s) => `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}`).join('');
    // Thesis spacing (12 pt, 1.5 lines): the chapter runs over two pages, a paragraph breaking across them.
    const html = `<!doctype html><html lang="en"><body style="font:12pt/1.5 serif;text-align:justify"><h1>${ENGLISH.title}</h1>${body}</body></html>`;
    const file = join(root, 'chapter5.pdf');
    writeFileSync(file, await print(html, true, ENGLISH_FURNITURE));
    const printed = await pdfText(file);
    expect(printed.split('\f').length).toBeGreaterThanOrEqual(2);
    expect(printed.match(/Master's Thesis, University of Example/g)?.length).toBeGreaterThanOrEqual(2);
    expect(printed).toMatch(/Page\s*2\s*of\s*\d/);
    const made = await draftDocument({ root, chapter: file, name: 'from-pdf', lang: 'en' });
    const slides = await expectDraft(root, made.outline, ENGLISH, [/Master's Thesis|University of Example/, /Page \d/]);
    expectEnumeration(slides);
    await expectSameBytes(file, made, 'en');
  }, 120_000);

  it('says a scanned PDF (an image, no text) has no text', async () => {
    const root = tempProject();
    // A 2×2 grey PNG as the only content of the page.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNgYGBgYAAAAAUAAXpeqz8AAAAASUVORK5CYII=';
    const file = join(root, 'pindaian.pdf');
    writeFileSync(file, await print(`<!doctype html><body style="margin:0"><img src="data:image/png;base64,${png}" style="width:100%;height:180mm"></body>`, false));
    await expectError(draftDocument({ root, chapter: file }), 'draft-pdf-no-text', /this PDF has no text \(a scan\?\)/, /export the chapter from Word instead/i);
  }, 60_000);

  it('refuses a file that is not a PDF, and a PDF over the page limit with a hint to give --pages', async () => {
    const root = tempProject();
    const fake = join(root, 'palsu.pdf');
    writeFileSync(fake, 'bukan pdf');
    await expectError(draftDocument({ root, chapter: fake }), 'draft-pdf-invalid', /is not a PDF/, /Export the chapter/);
    const long = join(root, 'tesis.pdf');
    writeFileSync(long, await print(`<!doctype html><body>${Array.from({ length: 62 }, (_, i) => `<p style="break-after:page">Halaman isi ${i + 1}.</p>`).join('')}</body>`, false));
    await expectError(draftDocument({ root, chapter: long }), 'draft-too-long', /62 pages/, /--pages/);
    await expectError(draftDocument({ root, chapter: long, pages: '9-3' }), 'draft-pages', /not a page range/, /--pages 87-112/);
  }, 120_000);
});
