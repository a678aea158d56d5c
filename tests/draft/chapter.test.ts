import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { chapterTitle, findChapters, matchChapters } from '../../scripts/draft/chapters.ts';
import { draftDocument } from '../../scripts/draft/document.ts';
import { pdfText as readPdfText } from '../../scripts/draft/pdf.ts';
import { readChapter } from '../../scripts/draft/read.ts';
import { splitSentences } from '../../scripts/draft/sentences.ts';
import { draftFile } from '../../scripts/draft/write.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { tempProject } from '../helpers.ts';
import { Document, HeadingLevel, Packer, Paragraph } from './docx.ts';


interface Section { heading: string; paragraphs: string[] }
interface ThesisChapter { numeral: string; title: string; sections: Section[] }

// Chapter V is written out; the others are generated, each from its own words, to fill about 300 pages.
const CONCLUSION: Section[] = [
  {
    heading: '5.1 Kerja Sama Keamanan',
    paragraphs: [
      'Organisasi Kerja Sama Shanghai (SCO) lahir dari kebutuhan negara-negara Asia Tengah akan keamanan bersama. Rusia dan Tiongkok memimpin organisasi ini sejak pendiriannya pada tahun 2001. Para anggota sepakat melawan terorisme, separatisme, dan ekstremisme di kawasan.',
      'Konflik di Chechnya dan Dagestan memperlihatkan bahwa ancaman itu nyata bagi Moskow. Menurut Dr. Ivanov dkk. (hlm. 45), gerakan bersenjata mudah menyeberang ke negara tetangga. Latihan militer gabungan menjadi cara organisasi ini menunjukkan kesiapannya.',
    ],
  },
  {
    heading: '5.2 Energi Laut Kaspia',
    paragraphs: [
      'Cadangan minyak dan gas di Laut Kaspia menarik perhatian banyak negara besar. Rusia berusaha agar pipa dari Asia Tengah tetap melintasi wilayahnya sendiri. Strategi tersebut menjaga pengaruh Moskow atas bekas wilayah Uni Soviet.',
      'Tiongkok menawarkan jalur pipa alternatif ke arah timur yang lebih murah bagi Kazakhstan. Persaingan kedua negara besar ini tidak memecah organisasi karena keduanya membutuhkan stabilitas. Dengan demikian, kerja sama energi dan keamanan saling menopang.',
    ],
  },
  {
    heading: '5.3 Temuan Utama',
    paragraphs: [
      'Penelitian ini menemukan tiga pola yang konsisten selama dua dekade terakhir. Pertama, ancaman keamanan bersama mendorong negara kecil mendekat kepada Rusia. Kedua, kepentingan energi membuat Tiongkok semakin berperan di Asia Tengah. Ketiga, SCO berfungsi sebagai forum yang meredam persaingan keduanya.',
    ],
  },
];

/** Per chapter: subjects, verbs, objects and qualifiers, one of each per sentence. */
const WORDS: Record<string, string[][]> = Object.fromEntries(Object.entries({
  I: ['Latar belakang penelitian ini|Rumusan masalah|Tujuan penulisan skripsi|Kajian awal penulis|Pertanyaan utama penelitian|Batasan ruang lingkup|Manfaat akademis studi ini|Kerangka penulisan', 'menguraikan|menyoroti|menempatkan|mempertanyakan|menggambarkan|membatasi|memperkenalkan|menautkan', 'hubungan Moskow dengan ibu kota di kawasan|posisi negara pendiri organisasi|arti penting wilayah perbatasan|kepentingan nasional negara anggota|sejarah perjanjian perbatasan|peran diplomasi multilateral|dinamika politik pascakemerdekaan|pandangan para pengamat regional', 'sejak awal dekade sembilan puluhan|dalam kerangka hubungan internasional|menurut catatan kementerian luar negeri|pada masa pemerintahan Yeltsin|sebelum pertemuan puncak pertama|di tengah perubahan tatanan global|bagi pembaca yang awam|dalam bab-bab berikutnya'],
  II: ['Teori keamanan kolektif|Pendekatan realisme klasik|Konsep kompleks keamanan regional|Literatur geopolitik Eurasia|Gagasan heartland Mackinder|Teori rezim internasional|Kajian terdahulu tentang aliansi|Perspektif konstruktivis', 'menjelaskan|menafsirkan|memprediksi|mengkritik|mendefinisikan|membandingkan|mengukur|merumuskan', 'perilaku negara yang merasa terancam|keseimbangan kekuatan di daratan|pembentukan norma bersama|pola persekutuan antarnegara|kepentingan negara adidaya|institusi yang mengikat anggotanya|persepsi ancaman di antara elite|kerja sama tanpa hegemon', 'dalam karya para ahli Barat|menurut Waltz dan Mearsheimer|pada paruh kedua abad kedua puluh|dengan asumsi yang berbeda-beda|di berbagai jurnal ilmiah|melalui sejumlah studi kasus|sebagaimana dicatat Buzan|dengan hasil yang beragam'],
  III: ['Metode kualitatif deskriptif|Teknik pengumpulan data|Studi pustaka penulis|Analisis dokumen resmi|Wawancara dengan diplomat|Triangulasi sumber|Unit analisis penelitian|Prosedur pengolahan data', 'memanfaatkan|mencakup|mengandalkan|menggabungkan|menyaring|memeriksa|memilah|mengurutkan', 'arsip deklarasi para kepala negara|laporan tahunan sekretariat|berita dari kantor berita resmi|data perdagangan energi|pernyataan pers menteri pertahanan|catatan rapat dewan menteri|statistik latihan militer gabungan|publikasi lembaga kajian', 'antara tahun 2001 dan 2021|secara sistematis dan berulang|dengan bantuan perangkat lunak|sesuai pedoman etika penelitian|dalam bahasa Rusia dan Inggris|pada setiap tahap penelitian|untuk menjamin keabsahan temuan|selama enam bulan di lapangan'],
  IV: ['Pertemuan puncak di Astana|Latihan Misi Perdamaian|Struktur antiteror regional|Kesepakatan perbatasan bersama|Forum energi para anggota|Perluasan keanggotaan organisasi|Kebijakan luar negeri Kazakhstan|Sikap Uzbekistan yang berubah-ubah', 'memperkuat|memperlihatkan|mengubah|menandai|menghambat|mempercepat|mencerminkan|membentuk', 'kepercayaan di antara dinas intelijen|keseimbangan pengaruh di kawasan|arah investasi infrastruktur|jaringan jalur kereta dan jalan raya|posisi tawar negara-negara kecil|agenda pertemuan para menteri|anggaran pertahanan negara anggota|pola perdagangan lintas batas', 'pada periode 2005 hingga 2012|setelah krisis Andijan|menjelang perluasan ke Asia Selatan|dalam dokumen yang dianalisis|menurut data yang terkumpul|di mata para narasumber|seiring naiknya harga komoditas|selama masa jabatan kedua Putin'],
  VI: ['Penelitian lanjutan|Pemerintah Indonesia|Kalangan akademisi|Lembaga kajian strategis|Mahasiswa hubungan internasional|Kementerian terkait|Para pengambil kebijakan|Peneliti berikutnya', 'sebaiknya menelaah|perlu mencermati|dapat memanfaatkan|hendaknya memperhatikan|patut mengembangkan|disarankan mengkaji|layak mendalami|dianjurkan membandingkan', 'peran negara pengamat dalam organisasi|peluang kerja sama dengan ASEAN|dampak perluasan keanggotaan|hubungan organisasi dengan NATO|kebijakan energi negara transit|pengalaman diplomasi Indonesia|data primer dari Asia Tengah|kajian lintas disiplin', 'pada kesempatan mendatang|dengan sumber yang lebih luas|demi kepentingan nasional|dalam jangka menengah|bersama mitra regional|secara lebih mendalam|dengan pendekatan kuantitatif|sebelum menyusun kebijakan'],
}).map(([k, lists]) => [k, lists.map((l) => l.split('|'))]));
const AUTHORS = ['Ivanov', 'Buzan', 'Allison', 'Cooley', 'Laruelle', 'Peyrouse', 'Ambrosio', 'Wibowo', 'Sitompul', 'Rahman', 'Kurniawan dkk.', 'Petrov dkk.'];

/** mulberry32: the same thesis every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `pages` A4 pages of prose: 5 sentences a paragraph, 12 paragraphs a section, half the sentences cited. */
function generated(numeral: string, number: number, title: string, pages: number): ThesisChapter {
  const next = random(number);
  const pick = (list: readonly string[]) => list[Math.floor(next() * list.length)]!;
  const [s, v, o, q] = WORDS[numeral]!;
  const sentence = () => `${pick(s!)} ${pick(v!)} ${pick(o!)} ${pick(q!)}${next() < 0.5 ? ` (${pick(AUTHORS)}, ${1995 + Math.floor(next() * 27)}: ${1 + Math.floor(next() * 300)})` : ''}.`;
  const paragraphs = Array.from({ length: Math.round((pages * 21) / 5) }, () => Array.from({ length: 5 }, sentence).join(' '));
  const sections: Section[] = [];
  for (let p = 0; p < paragraphs.length; p += 12) sections.push({ heading: `${number}.${sections.length + 1} Bagian ${sections.length + 1}`, paragraphs: paragraphs.slice(p, p + 12) });
  return { numeral, title, sections };
}

const THESIS: ThesisChapter[] = [
  generated('I', 1, 'PENDAHULUAN', 15),
  generated('II', 2, 'TINJAUAN PUSTAKA', 40),
  generated('III', 3, 'METODE PENELITIAN', 25),
  generated('IV', 4, 'HASIL DAN PEMBAHASAN', 88),
  { numeral: 'V', title: 'KESIMPULAN', sections: CONCLUSION },
  generated('VI', 6, 'SARAN', 6),
];
const CHAPTER_LIST = 'BAB I Pendahuluan, BAB II Tinjauan Pustaka, BAB III Metode Penelitian, BAB IV Hasil dan Pembahasan, BAB V Kesimpulan, BAB VI Saran';
const sentencesOf = (chapter: ThesisChapter) => chapter.sections.flatMap((s) => s.paragraphs.flatMap(splitSentences));

/** Title page, abstract, a table of contents with dot leaders, the chapters (each from a new page), references. */
function thesisHtml(): string {
  const toc = THESIS.map((c, i) => `<p class="toc">BAB ${c.numeral} ${c.title} ${'.'.repeat(40)} ${1 + i * 40}</p>`).join('');
  const body = THESIS.map((c) => `<h1>BAB ${c.numeral}<br>${c.title}</h1>${c.sections.map((s) => `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}`).join('')}`).join('');
  return `<!doctype html><html lang="id"><head><style>
    body { font: 12pt/2 serif; text-align: justify; }
    h1 { break-before: page; text-align: center; font-size: 16pt; line-height: 1.5; }
    h2 { font-size: 13pt; }
    p { margin: 0 0 0.5em; text-indent: 1.25cm; }
    p.toc { text-indent: 0; }
    .cover { text-align: center; break-after: page; }
  </style></head><body>
    <div class="cover"><p>PERAN ORGANISASI KERJA SAMA SHANGHAI DALAM KEAMANAN ASIA TENGAH</p><p>SKRIPSI</p><p>Diajukan untuk memenuhi sebagian syarat memperoleh gelar Sarjana Hubungan Internasional.</p><p>Universitas Contoh, 2024</p></div>
    <h1>ABSTRAK</h1><p>Skripsi ini membahas peran Organisasi Kerja Sama Shanghai bagi keamanan dan energi di Asia Tengah.</p>
    <h1>DAFTAR ISI</h1>${toc}
    ${body}
    <h1>DAFTAR PUSTAKA</h1><p>Buzan, Barry dan Ole Wæver. 2003. Regions and Powers. Cambridge: Cambridge University Press.</p><p>Ivanov, Sergei dkk. 2010. Keamanan Eurasia. Moskow: Nauka.</p>
  </body></html>`;
}

interface Slide { layout: string; title?: string; notes?: string }
const slidesOf = (outline: string) => loadOutline(readFileSync(outline, 'utf8'), outline).data.slides as Slide[];
const notesOf = (outline: string) => slidesOf(outline).map((s) => s.notes ?? '').join('\n');

/** Every sentence of `wanted` verbatim in the notes, none of `unwanted`, none of the front or back matter; check passes. */
async function expectOnly(root: string, outline: string, wanted: string[], unwanted: string[], furniture: RegExp[] = []) {
  const notes = notesOf(outline);
  expect(wanted.length).toBeGreaterThan(3);
  for (const sentence of wanted) expect(notes, sentence).toContain(sentence);
  expect(unwanted.length).toBeGreaterThan(3);
  expect(unwanted.filter((sentence) => notes.includes(sentence))).toEqual([]);
  for (const pattern of furniture) expect(notes).not.toMatch(pattern);
  const { messages } = await check({ outlines: [outline], root, overflow: false });
  expect(messages.filter((m) => m.fatal).map((m) => m.format())).toEqual([]);
}

async function expectError(promise: Promise<unknown> | (() => unknown), rule: string, message: RegExp, hint: RegExp) {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    const [first] = (error as PaparanError).messages;
    expect(first!.rule).toBe(rule);
    expect(first!.message).toMatch(message);
    expect(first!.hint).toMatch(hint);
    return first!;
  }
}

describe('chapter headings and --chapter values', () => {
  it('reads BAB/CHAPTER headings with numbers, roman numerals and number words, also glued to the title in a bookmark', () => {
    expect(chapterTitle('BAB V KESIMPULAN')).toEqual({ number: 5, title: 'KESIMPULAN', label: 'BAB V Kesimpulan' });
    expect(chapterTitle('Bab 5: Kesimpulan dan Saran')).toMatchObject({ number: 5, label: 'Bab 5 Kesimpulan dan Saran' });
    expect(chapterTitle('CHAPTER FIVE')).toMatchObject({ number: 5, title: '' });
    expect(chapterTitle('Chapter 12. Conclusion')).toMatchObject({ number: 12, title: 'Conclusion' });
    // Chromium's bookmark for <h1>BAB V<br>KESIMPULAN</h1>: the numeral that continues the sequence wins.
    expect(chapterTitle('BAB VKESIMPULAN', 5)).toMatchObject({ number: 5, title: 'KESIMPULAN' });
    expect(chapterTitle('BAB VISARAN', 6)).toMatchObject({ number: 6, title: 'SARAN' });
    expect(chapterTitle('BAB VIMPLEMENTASI', 5)).toMatchObject({ number: 5, title: 'IMPLEMENTASI' });
    for (const text of ['Bab ini membahas kerja sama', 'Chapter mix', 'BABV KESIMPULAN', 'Babak baru']) expect(chapterTitle(text), text).toBeUndefined();
  });

  it('takes numbered top headings for chapters only when their sections carry their number (5 CONCLUSION over 5.1)', () => {
    const para = (topic: string) => `This part reports the ${topic} of the study. It ends here.`;
    const thesis = `ABSTRACT\n\n${para('summary')}\n\n1 INTRODUCTION\n\n1.1 Motivation\n\n${para('motivation')}\n\n2 CONCLUSION\n\n2.1 Findings\n\n${para('findings')}\n\nREFERENCES\n\nRahman, A. 2024. Sun on the roof.`;
    const found = findChapters(readChapter(thesis).blocks);
    expect(found.map((c) => [c.label, c.sentences])).toEqual([['1 Introduction', 2], ['2 Conclusion', 2]]);
    // A chapter's own numbered sections in capitals are not chapters.
    const chapter = `KESIMPULAN\n\n1. KERJA SAMA KEAMANAN\n\n${para('security')}\n\n2. ENERGI\n\n${para('energy')}`;
    expect(findChapters(readChapter(chapter).blocks)).toEqual([]);
  });

  it('matches a number, a roman numeral, BAB n, or words of the title, whatever the case and accents', () => {
    const chapters = ['BAB I PENDAHULUAN', 'BAB II TINJAUAN PUSTAKA DAN KERANGKA TEORI', 'BAB III KESIMPULAN DAN SARAN'].map((t) => chapterTitle(t)!);
    const numbers = (which: string) => matchChapters(chapters, which).map((c) => c.number);
    expect(numbers('3')).toEqual([3]);
    expect(numbers('iii')).toEqual([3]);
    expect(numbers('BAB III')).toEqual([3]);
    expect(numbers('Késimpulan')).toEqual([3]);
    expect(numbers('kerangka teori')).toEqual([2]);
    expect(numbers('3 kesimpulan')).toEqual([3]);
    expect(numbers('dan')).toEqual([2, 3]);
    expect(numbers('4')).toEqual([]);
    expect(numbers('2 kesimpulan')).toEqual([]);
    expect(numbers('  ')).toEqual([]);
  });
});

describe('paparan draft --chapter: a thesis as text or Word', () => {
  const part = (n: number, topic: string) => [`Paragraf pertama bab ${n} membahas ${topic} secara umum. Bagian ini menyebut data awal tentang ${topic}.`, `Paragraf kedua bab ${n} menilai ${topic} lebih jauh. Penilaian atas ${topic} menjadi dasar bab berikutnya.`];
  const TEXT = {
    1: part(1, 'latar belakang masalah'),
    2: part(2, 'teori keamanan regional'),
    3: part(3, 'temuan utama penelitian'),
  };
  const thesisText = [
    'SKRIPSI\n\nPERAN SCO DI ASIA TENGAH\n\nKATA PENGANTAR\n\nPuji syukur penulis panjatkan atas selesainya skripsi ini.',
    'DAFTAR ISI\n\nBAB I PENDAHULUAN .......... 1\nBAB II TINJAUAN PUSTAKA DAN KERANGKA TEORI .......... 9\nBAB III KESIMPULAN DAN SARAN .......... 30',
    `BAB I\nPENDAHULUAN\n\n1.1 Latar Belakang\n\n${TEXT[1].join('\n\n')}`,
    `BAB II\nTINJAUAN PUSTAKA DAN KERANGKA TEORI\n\n2.1 Teori\n\n${TEXT[2].join('\n\n')}`,
    `BAB III\nKESIMPULAN DAN SARAN\n\n3.1 Kesimpulan\n\n${TEXT[3].join('\n\n')}`,
    'DAFTAR PUSTAKA\n\nBuzan, Barry. 2003. Regions and Powers. Cambridge: Cambridge University Press.',
  ].join('\n\n');
  const sentences = (n: 1 | 2 | 3) => TEXT[n].flatMap(splitSentences);

  it('refuses a .txt thesis without --chapter, listing its chapters and showing what to type', async () => {
    const root = tempProject();
    const file = join(root, 'tesis.txt');
    writeFileSync(file, thesisText);
    await expectError(() => draftFile({ root, chapter: file }), 'draft-chapters', /tesis\.txt holds 3 chapters \(BAB I Pendahuluan, BAB II Tinjauan Pustaka dan Kerangka Teori, BAB III Kesimpulan dan Saran\)/, /paparan draft \S*tesis\.txt --chapter 3 \(or --chapter kesimpulan\)/);
  });

  it('drafts one chapter of a .txt thesis: only its sentences, not the contents, the others or the references', async () => {
    const root = tempProject();
    const file = join(root, 'tesis.txt');
    writeFileSync(file, thesisText);
    const made = draftFile({ root, chapter: file, name: 'bab-2', onlyChapter: 'II' });
    await expectOnly(root, made.outline, sentences(2), [...sentences(1), ...sentences(3)], [/Buzan/, /Puji syukur/, /\.{4}/]);
    expect(slidesOf(made.outline).filter((s) => s.layout === 'section').map((s) => s.title)).toEqual(['Teori']);
    // The same chapter by its number, its roman numeral or its title: the same outline.
    const source = readFileSync(made.outline, 'utf8');
    for (const which of ['2', 'bab 2', 'tinjauan pustaka', 'KERANGKA']) {
      const again = draftFile({ root, chapter: file, name: 'bab-2', onlyChapter: which, force: true });
      expect(readFileSync(again.outline, 'utf8'), which).toBe(source);
    }
    await expectOnly(root, draftFile({ root, chapter: file, name: 'bab-3', onlyChapter: 'kesimpulan' }).outline, sentences(3), [...sentences(1), ...sentences(2)], [/Buzan/]);
  });

  it('says which chapters there are for an unknown or ambiguous --chapter, and when a file has no chapter headings', async () => {
    const root = tempProject();
    const file = join(root, 'tesis.txt');
    writeFileSync(file, thesisText);
    await expectError(() => draftFile({ root, chapter: file, onlyChapter: '4' }), 'draft-chapter-unknown', /--chapter 4: \S*tesis\.txt has no such chapter; it holds BAB I Pendahuluan, BAB II Tinjauan Pustaka dan Kerangka Teori, BAB III Kesimpulan dan Saran/, /--chapter 3 \(or --chapter kesimpulan\)/);
    await expectError(() => draftFile({ root, chapter: file, onlyChapter: 'dan' }), 'draft-chapter-ambiguous', /--chapter dan matches 2 chapters of \S*tesis\.txt: BAB II Tinjauan Pustaka dan Kerangka Teori, BAB III Kesimpulan dan Saran/, /Give its number: --chapter 2 or --chapter 3/);
    const single = join(root, 'bab5.txt');
    writeFileSync(single, 'KESIMPULAN\n\nOrganisasi ini menjaga keamanan kawasan. Anggotanya bekerja sama melawan terorisme.');
    await expectError(() => draftFile({ root, chapter: single, onlyChapter: '5' }), 'draft-chapter-unknown', /bab5\.txt has no chapter headings/, /Leave out --chapter/);
    // One chapter, no --chapter: drafted as before.
    expect(draftFile({ root, chapter: single }).name).toBe('bab5');
  });

  it('drafts one chapter of a .docx thesis with three Heading 1 chapters', async () => {
    const root = tempProject();
    const chapters = [
      { title: 'Chapter 1 Introduction', section: '1.1 Background', paragraphs: ['Schools in the district pay more for electricity every year. The budget for repairs shrinks as a result.', 'This study asks whether solar panels can reverse that trend. It follows twelve schools for two years.'] },
      { title: 'Chapter 2 Method', section: '2.1 Data', paragraphs: ['We collected monthly electricity bills from every school. The utility company confirmed each bill.', 'Teachers kept a log of how students used the dashboards. The logs were coded by two readers.'] },
      { title: 'Chapter 3 Conclusion', section: '3.1 Findings', paragraphs: ['Solar panels cut the bills of the schools by a third in the first year. The savings grew in the second year.', 'The district should install panels on every school with a flat roof. It should also train one teacher in each school.'] },
    ];
    const doc = new Document({
      sections: [{
        children: [
          new Paragraph({ text: 'Solar Schools: a thesis', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Submitted in partial fulfilment of the degree.' }),
          ...chapters.flatMap((c) => [new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1 }), new Paragraph({ text: c.section, heading: HeadingLevel.HEADING_2 }), ...c.paragraphs.map((p) => new Paragraph({ text: p }))]),
          new Paragraph({ text: 'References', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Rahman, A. (2024). Sun on the roof. Jakarta: Contoh Press.' }),
        ],
      }],
    });
    const file = join(root, 'thesis.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    await expectError(draftDocument({ root, chapter: file, lang: 'en' }), 'draft-chapters', /thesis\.docx holds 3 chapters \(Chapter 1 Introduction, Chapter 2 Method, Chapter 3 Conclusion\)/, /--chapter 3 \(or --chapter conclusion\)/);
    const made = await draftDocument({ root, chapter: file, lang: 'en', onlyChapter: 'conclusion' });
    const sentences = (i: number) => chapters[i]!.paragraphs.flatMap(splitSentences);
    await expectOnly(root, made.outline, sentences(2), [...sentences(0), ...sentences(1)], [/Rahman/, /partial fulfilment/]);
    expect(slidesOf(made.outline)[0]!.layout).toBe('title');
  }, 60_000);
});

describe('paparan draft --chapter: a 300-page thesis as PDF', () => {
  const browser = new BrowserSession();
  let root: string;
  let plain: string;
  let bookmarked: string;
  afterAll(() => browser.close());

  /** A4 pages with a running header and page numbers; `outline` adds Chromium's bookmarks (h1-h6). */
  const print = (html: string, outline: boolean) =>
    browser.withPage(async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({
        format: 'a4',
        margin: { top: '30mm', bottom: '30mm', left: '40mm', right: '30mm' },
        displayHeaderFooter: true,
        headerTemplate: '<div style="font-size:9px;width:100%;text-align:center">Peran SCO dalam Keamanan Asia Tengah</div>',
        footerTemplate: '<div style="font-size:9px;width:100%;text-align:center"><span class="pageNumber"></span></div>',
        outline,
        tagged: outline,
      });
    });

  beforeAll(async () => {
    root = tempProject();
    plain = join(root, 'skripsi.pdf');
    bookmarked = join(root, 'skripsi-bookmarks.pdf');
    const html = thesisHtml();
    writeFileSync(plain, await print(html, false));
    writeFileSync(bookmarked, await print(html, true));
  }, 120_000);

  const five = sentencesOf(THESIS[4]!);
  const neighbours = [...sentencesOf(THESIS[3]!), ...sentencesOf(THESIS[5]!)];
  const furniture = [/Peran SCO dalam Keamanan/, /Buzan, Barry/, /Diajukan untuk/, /\.{4}/];

  it('without --chapter: refused above 60 pages with a hint naming --chapter; within --pages, refused for holding two chapters', async () => {
    const tooLong = await expectError(draftDocument({ root, chapter: plain }), 'draft-too-long', /has \d+ pages; paparan drafts one chapter \(at most 60 pages\) at a time/, /--chapter 5 or --chapter kesimpulan.*--pages/);
    expect(Number(/has (\d+) pages/.exec(tooLong!.message)![1])).toBeGreaterThanOrEqual(300);
    await expectError(draftDocument({ root, chapter: plain, pages: '1-60' }), 'draft-chapters', /holds 2 chapters \(BAB I Pendahuluan, BAB II Tinjauan Pustaka\)/, /paparan draft \S*skripsi\.pdf --chapter 2/);
  });

  it('--chapter 5 without bookmarks: only chapter V in the notes, headers, page numbers and references gone, check passes', async () => {
    const made = await draftDocument({ root, chapter: plain, name: 'bab-5', onlyChapter: '5' });
    await expectOnly(root, made.outline, five, neighbours, furniture);
    const slides = slidesOf(made.outline);
    expect(slides[0]!.layout).toBe('title');
    expect(slides.filter((s) => s.layout === 'section').map((s) => s.title)).toEqual(['Kerja Sama Keamanan', 'Energi Laut Kaspia', 'Temuan Utama']);
  }, 120_000);

  it('--chapter kesimpulan with bookmarks reads only the chapter\'s pages, and drafts the same outline', async () => {
    // The bookmarks narrow the reading: no front matter and no chapter IV in the text read.
    const text = await readPdfText(new Uint8Array(readFileSync(bookmarked)), { shown: 'skripsi-bookmarks.pdf', chapter: 'kesimpulan' });
    expect(text).toContain('# BAB V KESIMPULAN');
    expect(text).not.toMatch(/ABSTRAK|BAB IV HASIL/);
    expect(text.length).toBeLessThan(10_000);
    const whole = await readPdfText(new Uint8Array(readFileSync(plain)), { shown: 'skripsi.pdf', chapter: 'kesimpulan' });
    expect(whole).toMatch(/ABSTRAK[^]*BAB IV HASIL[^]*BAB V KESIMPULAN/);

    const made = await draftDocument({ root, chapter: bookmarked, name: 'kesimpulan-2', onlyChapter: 'kesimpulan' });
    await expectOnly(root, made.outline, five, neighbours, furniture);
    const source = readFileSync(made.outline, 'utf8');
    // Read from all the pages of the PDF without bookmarks: the same chapter, the same outline.
    const other = await draftDocument({ root, chapter: plain, name: 'kesimpulan-2', onlyChapter: 'V', force: true });
    expect(readFileSync(other.outline, 'utf8')).toBe(source);
    const again = await draftDocument({ root, chapter: bookmarked, name: 'kesimpulan-3', onlyChapter: 'kesimpulan' });
    expect(readFileSync(again.outline, 'utf8').replaceAll('kesimpulan-3', 'kesimpulan-2')).toBe(source);
  }, 120_000);

  it('an unknown --chapter lists the six chapters; with --pages, the chapter is looked for in those pages only', async () => {
    for (const file of [plain, bookmarked]) {
      await expectError(draftDocument({ root, chapter: file, onlyChapter: '7' }), 'draft-chapter-unknown', new RegExp(`--chapter 7: \\S*\\.pdf has no such chapter; it holds ${CHAPTER_LIST}`), /--chapter 5 \(or --chapter kesimpulan\)/);
      await expectError(draftDocument({ root, chapter: file, onlyChapter: '5', pages: '1-60' }), 'draft-chapter-unknown', /it holds BAB I Pendahuluan, BAB II Tinjauan Pustaka$/, /--chapter/);
    }
    const tooLong = await expectError(draftDocument({ root, chapter: plain }), 'draft-too-long', /has \d+ pages/, /--chapter/);
    const pages = Number(/has (\d+) pages/.exec(tooLong!.message)![1]);
    const made = await draftDocument({ root, chapter: plain, name: 'akhir', onlyChapter: 'kesimpulan', pages: `${pages - 40}-${pages}` });
    await expectOnly(root, made.outline, five, neighbours, furniture);
  }, 120_000);

  it('refuses a PDF of more than 800 pages even with --chapter, with a hint to give --pages', async () => {
    const huge = join(root, 'besar.pdf');
    writeFileSync(huge, await print(`<!doctype html><body>${Array.from({ length: 801 }, (_, i) => `<p style="break-after:page">Halaman ${i + 1}.</p>`).join('')}</body>`, false));
    await expectError(draftDocument({ root, chapter: huge, onlyChapter: '5' }), 'draft-too-long', /801 pages; paparan reads at most 800 pages, even to find one chapter/, /--pages/);
  }, 120_000);
});
