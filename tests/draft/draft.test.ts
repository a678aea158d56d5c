import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { check } from '../../scripts/check.ts';
import { draftOutline, draftSlides } from '../../scripts/draft/outline.ts';
import { readChapter } from '../../scripts/draft/read.ts';
import { splitSentences } from '../../scripts/draft/sentences.ts';
import { draftFile } from '../../scripts/draft/write.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

const SEED = readFileSync(join(ROOT, 'tests/fixtures/draft/seed.txt'), 'utf8');

const ENGLISH = `# 5. CONCLUSION

## 5.1 Findings

Solar panels on school roofs cut the schools' electricity bills by a third in the first year. The savings grew in the
second year, because the panels needed no repairs and the price of electricity rose. Teachers reported that students
used the panels' dashboards in physics, mathematics, and geography lessons.

Schools in the north gained more than schools in the south, e.g. because of fewer cloudy days. Dr. Rahman's survey
(Rahman et al. 2024, p. 12) found the same pattern in twelve other districts.

## 5.2 Recommendations

The district should install panels on every school with a flat roof before the next budget year. It should also train
one teacher in each school to read the dashboards. However, the panels alone will not cut the bills of schools that
run old air conditioners, which use most of their electricity.
`;

const CONJUNCTIONS = ['dan', 'karena', 'yang', 'tetapi', 'serta', 'and', 'because', 'but'];
const KEY_TERMS = ['SCO', 'Asia Tengah', 'Rusia', 'Kaspia', 'minyak', 'gas', 'pipa', 'terorisme', 'separatisme', 'ekstremisme', 'Chechnya', 'Dagestan', 'Uni Soviet', 'strategi'];
// The seed never says "efek domino": it says other separatist groups would follow ("aksi separatis lainnya akan muncul").
const DOMINO = /efek domino|separatis lainnya akan muncul/i;

interface Slide { layout: string; title?: string; points?: (string | { text: string; points: string[] })[]; notes?: string }

function slidesOf(source: string): Slide[] {
  return loadOutline(source, 'slides/draft.md').data.slides as Slide[];
}

const bulletsOf = (slides: Slide[]) => slides.flatMap((s) => (s.points ?? []).flatMap((p) => (typeof p === 'string' ? [p] : [p.text, ...p.points])));
const visibleText = (slides: Slide[]) => slides.flatMap((s) => [s.title ?? '', ...bulletsOf([s])]).join('\n');
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function expectGoodDraft(chapter: string, lang: 'id' | 'en') {
  const source = draftOutline(readChapter(chapter), { name: 'draft', lang });
  const slides = slidesOf(source);
  for (const slide of slides) {
    expect(slide.points?.length ?? 0).toBeLessThanOrEqual(6);
    if (slide.title) expect(words(slide.title)).toBeLessThanOrEqual(8);
  }
  for (const bullet of bulletsOf(slides)) {
    expect(words(bullet), bullet).toBeLessThanOrEqual(12);
    expect(CONJUNCTIONS, bullet).not.toContain(bullet.split(/\s+/)[0]!.toLowerCase());
  }
  // Nothing lost: every sentence, verbatim, in some slide's notes.
  const notes = slides.map((s) => s.notes ?? '').join('\n');
  const sentences = readChapter(chapter).blocks.flatMap((b) => (b.kind === 'paragraph' ? b.sentences : []));
  expect(sentences.length).toBeGreaterThan(3);
  for (const sentence of sentences) expect(notes).toContain(sentence);
  // Same input, same bytes.
  expect(draftOutline(readChapter(chapter), { name: 'draft', lang })).toBe(source);
  return { source, slides };
}

describe('readChapter', () => {
  it('joins the seed into paragraphs, finds its heading and undoes only real line-end hyphenation', () => {
    const chapter = readChapter(SEED);
    expect(chapter.blocks[0]).toMatchObject({ kind: 'heading', text: 'Kesimpulan' });
    const paragraphs = chapter.blocks.filter((b) => b.kind === 'paragraph');
    expect(paragraphs).toHaveLength(7);
    const text = paragraphs.map((p) => p.kind === 'paragraph' && p.text).join('\n');
    expect(text).toContain('Gerakan-gerakan separatis');
    expect(text).toContain('menghilangkan ancaman-ancaman yang');
    expect(text).toContain('gas alam yang tinggi di dalamnya');
  });

  it('drops running headers and page numbers, joins hyphenated words that exist elsewhere', () => {
    const page = (n: number, body: string) => `Universitas Contoh\n${body}\n${n}\n\f`;
    const text = [
      page(1, 'Bab ini membahas kerja sama regional dan pemba-\nngunan jalan. Pembangunan itu penting.'),
      page(2, 'Negara-negara anggota membiayai pembangunan jalan.'),
      page(3, 'Hasilnya terlihat pada tahun ketiga.'),
    ].join('');
    const sentences = readChapter(text).blocks.flatMap((b) => (b.kind === 'paragraph' ? b.sentences : []));
    expect(sentences.join(' ')).not.toMatch(/Universitas Contoh|\b[123]\b/);
    expect(sentences).toContain('Bab ini membahas kerja sama regional dan pembangunan jalan.');
  });

  it('keeps abbreviations inside sentences', () => {
    expect(splitSentences('Menurut Dr. Ali dkk. (hlm. 5), hasilnya baik. Lalu selesai, e.g. dengan Prof. Budi.')).toEqual(['Menurut Dr. Ali dkk. (hlm. 5), hasilnya baik.', 'Lalu selesai, e.g. dengan Prof. Budi.']);
  });
});

describe('draftOutline', () => {
  it('drafts the seed conclusion: 10-16 slides covering the key terms, short bullets, every sentence in the notes', () => {
    const { slides } = expectGoodDraft(SEED, 'id');
    expect(slides.length).toBeGreaterThanOrEqual(10);
    expect(slides.length).toBeLessThanOrEqual(16);
    const text = visibleText(slides);
    for (const term of KEY_TERMS) expect(text.toLowerCase(), term).toContain(term.toLowerCase());
    expect(text).toMatch(DOMINO);
    // The enumeration of the three threats becomes sub-bullets.
    expect(slides.flatMap((s) => s.points ?? []).some((p) => typeof p !== 'string' && p.points.join() === 'Terorisme,Separatisme,Ekstremisme')).toBe(true);
  });

  it('drafts an English chapter with Markdown headings as sections', () => {
    const { slides } = expectGoodDraft(ENGLISH, 'en');
    expect(draftSlides(readChapter(ENGLISH), 'en').title).toBe('Conclusion');
    expect(slides.filter((s) => s.layout === 'section').map((s) => s.title)).toEqual(['Findings', 'Recommendations']);
    expect(slides.at(-1)!.layout).toBe('closing');
  });
});

describe('paparan draft', () => {
  it('writes slides/<name>.md that passes check and builds to md and html; refuses to overwrite without force', async () => {
    const root = tempProject();
    const chapter = join(root, 'bab5.txt');
    writeFileSync(chapter, SEED);
    const made = draftFile({ root, chapter, name: 'draf' });
    const { messages } = await check({ outlines: [made.outline], root, overflow: false });
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    // Every slide has notes: the chapter's sentences, or a spoken signpost on the agenda, sections, summary and closing.
    expect(messages.filter((m) => m.rule === 'notes-missing').map((m) => m.format())).toEqual([]);
    // Measured in Chromium: no slide of the draft overflows (a fourth two-line bullet beside a list once did, by 53 px).
    const results = await build({ root, outlines: [made.outline], formats: ['md', 'html'], measure: true });
    expect(results.flatMap((r) => r.warnings.filter((w) => w.fatal))).toEqual([]);
    expect(results.flatMap((r) => r.warnings.filter((w) => w.rule === 'overflow').map((w) => w.format()))).toEqual([]);
    expect(readFileSync(join(root, 'dist', 'draf', 'draf.html'), 'utf8')).toContain('Chechnya');
    expect(() => draftFile({ root, chapter, name: 'draf' })).toThrow(/already exists/);
    expect(draftFile({ root, chapter, name: 'draf', force: true }).outline).toBe(made.outline);
  }, 120_000);

  it('the text path refuses empty files, and Word or PDF files (read by draftDocument), with a hint', () => {
    const root = tempDir();
    mkdirSync(join(root, 'slides'));
    for (const [file, data, rule] of [['kosong.txt', '  \n\n', 'draft-empty'], ['bab.docx', 'PK', 'draft-format'], ['bab.pdf', '%PDF', 'draft-format']] as const) {
      writeFileSync(join(root, file), data);
      try {
        draftFile({ root, chapter: join(root, file) });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(PaparanError);
        expect((error as PaparanError).messages[0]!.rule).toBe(rule);
        expect((error as PaparanError).messages[0]!.hint).toMatch(rule === 'draft-format' ? /draftDocument for \.docx and \.pdf/ : /Paste/);
      }
    }
  });

  it('the CLI takes --slides N and --chapter, prints the number of slides, and refuses too few slides with exit 2 and nothing written', () => {
    const root = tempProject();
    writeFileSync(join(root, 'bab5.txt'), SEED);
    const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'draft', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const eight = run('bab5.txt', '--name', 'delapan', '--slides', '8');
    expect(eight.status, eight.stderr).toBe(0);
    expect(eight.stdout).toContain('Wrote slides/delapan.md (8 slides)');
    expect(slidesOf(readFileSync(join(root, 'slides', 'delapan.md'), 'utf8'))).toHaveLength(8);
    const few = run('bab5.txt', '--name', 'sedikit', '--slides', '4');
    expect(few.status).toBe(2);
    expect(few.stderr).toContain('bab5.txt  error  --slides 4 is too few for this chapter');
    expect(few.stderr).toContain('hint: Give --slides 6 or more');
    expect(few.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, 'slides', 'sedikit.md'))).toBe(false);
    // A whole thesis: one chapter by --chapter.
    writeFileSync(join(root, 'skripsi.txt'), `BAB I\nPENDAHULUAN\n\nPenelitian ini membahas kerja sama di Asia Tengah. Latar belakangnya panjang.\n\nBAB II\nKESIMPULAN\n\n${SEED.replace(/^\s*KESIMPULAN\s*/, '')}`);
    const whole = run('skripsi.txt', '--name', 'skripsi');
    expect(whole.status).toBe(2);
    expect(whole.stderr).toContain('draft-chapters');
    const chapter = run('skripsi.txt', '--name', 'skripsi', '--chapter', 'kesimpulan');
    expect(chapter.status, chapter.stderr).toBe(0);
    const notes = slidesOf(readFileSync(join(root, 'slides', 'skripsi.md'), 'utf8')).map((s) => s.notes ?? '').join('\n');
    expect(notes).toContain('Munculnya SCO membuat awal yang baru di Asia Tengah.');
    expect(notes).not.toContain('Latar belakangnya panjang.');
  }, 60_000);
});
