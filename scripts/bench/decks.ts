// The bench's decks: the conclusion from slides/, and generated outlines that read like real talks (every content
// slide with sub-bullets and 100–150 words of notes, no two slides alike), all written into a temp project.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A small deterministic random source (mulberry32): the same n gives the same deck on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof random>;

// Common nouns in lower case: cap() raises them at the start of a sentence.
const ACTORS = ['Rusia', 'Tiongkok', 'Kazakhstan', 'Uzbekistan', 'Kyrgyzstan', 'Tajikistan', 'SCO', 'pemerintah Rusia', 'negara anggota', 'para diplomat', 'kementerian luar negeri', 'kalangan bisnis', 'badan keamanan regional', 'parlemen Kazakhstan', 'perusahaan energi negara', 'Sekretariat SCO', 'dewan kepala negara'];
const VERBS = ['memperkuat', 'mengawasi', 'membiayai', 'merundingkan', 'membatasi', 'mendukung', 'meninjau ulang', 'memperluas', 'mengamankan', 'menolak', 'mengoordinasikan', 'menilai', 'menunda', 'mempercepat', 'membahas'];
const THINGS = ['jalur pipa gas', 'latihan militer bersama', 'perdagangan lintas batas', 'kerja sama intelijen', 'investasi infrastruktur', 'cadangan minyak Laut Kaspia', 'patroli perbatasan', 'pasokan listrik regional', 'jaringan kereta api', 'pendidikan diplomat muda', 'bantuan kemanusiaan', 'perjanjian tarif', 'pertukaran data keamanan', 'pelabuhan darat', 'irigasi lintas negara', 'pengungsi dari Afganistan', 'kuota tenaga kerja', 'pinjaman pembangunan', 'pengawasan perbankan', 'jalur udara sipil', 'harga gas domestik', 'sengketa air sungai', 'pos lintas batas', 'penyiaran berbahasa Rusia', 'beasiswa pelajar'];
const WHEN = ['sejak tahun 2001', 'setelah krisis 2008', 'di Lembah Fergana', 'di sekitar Laut Kaspia', 'melalui forum tahunan', 'dengan dana bersama', 'tanpa campur tangan Barat', 'menjelang KTT berikutnya', 'dalam kerangka bilateral', 'pada dekade terakhir', 'di tingkat menteri', 'lewat perjanjian baru'];
const ASPECTS = ['dampak', 'latar belakang', 'pembiayaan', 'risiko', 'tahap awal', 'hasil', 'hambatan', 'pengawasan', 'arah baru', 'biaya', 'manfaat', 'kritik'];
const SOURCES = ['Wawancara, Almaty 2024', 'Dokumen resmi SCO', 'Laporan Kementerian Luar Negeri Rusia', 'Pidato di KTT Astana', 'Bab IV, hasil wawancara', 'Arsip surat kabar Kommersant', 'Catatan lapangan, Bishkek'];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** One bullet of 5 to 12 words. */
function bullet(r: Random): string {
  const core = `${cap(r.pick(ACTORS))} ${r.pick(VERBS)} ${r.pick(THINGS)}`;
  const long = `${core} ${r.pick(WHEN)}`;
  // At most about one line at 32 px: a slide of four bullets and two sub-bullets still fits.
  return long.length <= 64 && r.chance(0.6) ? long : core;
}
/** A short sub-bullet: a detail, a figure or an example. */
function detail(r: Random): string {
  const forms = [
    () => `${cap(r.pick(THINGS))} naik ${r.int(3, 48)} persen`,
    () => `Dibahas ${r.pick(WHEN)}`,
    () => `Nilai sekitar ${r.int(2, 90)} miliar dolar`,
    () => `${cap(r.pick(ASPECTS))} bagi ${r.pick(ACTORS)}`,
    () => `Tercatat pada tahun ${r.int(1995, 2025)}`,
  ];
  return r.pick(forms)();
}

/** 100–150 words of notes in two or three paragraphs, sentences drawn afresh for every slide. */
function notes(r: Random, slide: number, title: string): string {
  const target = r.int(100, 150);
  const sentences = [
    () => `${cap(r.pick(ACTORS))} ${r.pick(VERBS)} ${r.pick(THINGS)} ${r.pick(WHEN)}.`,
    () => `Data yang saya kumpulkan menunjukkan bahwa ${r.pick(THINGS)} berubah sekitar ${r.int(2, 60)} persen ${r.pick(WHEN)}.`,
    () => `Hal ini penting karena ${r.pick(THINGS)} menyangkut kepentingan ${r.pick(ACTORS)} secara langsung.`,
    () => `Saya menyoroti ${r.pick(THINGS)}, sebab ${r.int(3, 28)} dari ${r.int(30, 45)} narasumber menyebutnya tanpa ditanya.`,
    () => `Pada tahun ${r.int(1996, 2025)}, ${r.pick(ACTORS)} ${r.pick(VERBS)} ${r.pick(THINGS)}.`,
    () => `Dampaknya terasa bagi ${r.pick(ACTORS)} dan juga bagi ${r.pick(ACTORS)}.`,
    () => `Perhatikan ${r.pick(ASPECTS)} di sini, karena bagian ini sering disalahpahami.`,
    () => `Menurut laporan resmi, nilainya mencapai ${r.int(2, 95)} miliar dolar dalam ${r.int(2, 12)} tahun.`,
  ];
  const paragraphs: string[][] = [[`Slide ${slide} membahas ${title[0]!.toLowerCase()}${title.slice(1)}.`]];
  let count = words(paragraphs[0]![0]!);
  while (count < target) {
    const s = r.pick(sentences)();
    if (count + words(s) > 150) break;
    if (paragraphs.at(-1)!.length >= r.int(3, 5)) paragraphs.push([]);
    paragraphs.at(-1)!.push(s);
    count += words(s);
  }
  return `${paragraphs.map((p) => p.join(' ')).join('\n\n')}\n`;
}

/** A heading of at most about 40 characters, never used twice in a deck. */
function heading(r: Random, used: Set<string>): string {
  for (let i = 0; ; i++) {
    const forms = [() => `${cap(r.pick(ASPECTS))} ${r.pick(THINGS)}`, () => `${cap(r.pick(THINGS))} dan ${r.pick(ACTORS)}`, () => `${cap(r.pick(ACTORS))} dan ${r.pick(THINGS)}`];
    const h = i < 50 ? r.pick(forms)() : `${cap(r.pick(THINGS))} ${used.size}`;
    if (h.length <= 42 && !used.has(h)) {
      used.add(h);
      return h;
    }
  }
}

type Slide = Record<string, unknown>;
/** Three or four bullets, one or two of which carry sub-bullets (two sub-bullets in all). */
function pointsSlide(r: Random, title: string): Slide {
  const count = r.int(3, 4);
  const first = r.int(0, count - 1);
  const second = r.int(0, count - 1);
  const subs = (i: number) => (i === first && i === second ? 2 : i === first || i === second ? 1 : 0);
  const points = Array.from({ length: count }, (_, i) => (subs(i) ? { text: bullet(r), points: Array.from({ length: subs(i) }, () => detail(r)) } : bullet(r)));
  return { layout: 'points', title, points };
}
/** Two columns of two points; the first of each carries one sub-bullet. */
function twoColumnSlide(r: Random, title: string): Slide {
  const short = () => `${cap(r.pick(THINGS))}`;
  const column = () => ({ heading: cap(r.pick(ASPECTS)), points: [{ text: short(), points: [detail(r)] }, short()] });
  return { layout: 'two-column', title, left: column(), right: column() };
}

/**
 * An outline of `n` slides (2 to 500) in Indonesian, like a real talk: title, agenda, parts opened by section
 * slides, points and two-column slides that all have sub-bullets, now and then a quote or a standout, and a
 * closing slide; every slide has 100–150 words of notes except the title, agenda and closing.
 */
export function generatedOutline(n: number): string {
  const r = random(n * 7919 + 17);
  const used = new Set<string>();
  const sections = Math.max(2, Math.min(8, Math.round(n / 25)));
  const body = n - 3;
  const slides: Slide[] = [
    { layout: 'title', notes: 'Selamat pagi, Bapak dan Ibu. Saya akan menyampaikan hasil penelitian saya tentang SCO dan kepentingan Rusia di Asia Tengah.\n' },
    { layout: 'agenda', notes: `Presentasi ini terbagi menjadi ${sections} bagian. Di setiap bagian saya mulai dengan temuan utama, lalu saya tunjukkan datanya.\n` },
  ];
  for (let i = 0; i < body; i++) {
    const number = slides.length + 1;
    const title = heading(r, used);
    let slide: Slide;
    if (Math.floor((i * sections) / body) !== Math.floor(((i - 1) * sections) / body)) {
      slide = { layout: 'section', title: `Bagian ${Math.floor((i * sections) / body) + 1}: ${title}`, subtitle: `${cap(r.pick(ACTORS))} ${r.pick(VERBS)} ${r.pick(THINGS)}` };
    } else if (i % 11 === 5) slide = { layout: 'quote', text: `${bullet(r)}, dan itu ${r.pick(['tidak bisa ditawar', 'sudah kami sepakati', 'belum selesai', 'harus diawasi'])}.`, source: r.pick(SOURCES) };
    else if (i % 17 === 9) slide = { layout: 'standout', message: `${bullet(r)}` };
    else if (i % 4 === 2) slide = twoColumnSlide(r, title);
    else slide = pointsSlide(r, title);
    slide.notes = notes(r, number, title);
    slides.push(slide);
  }
  slides.push({ layout: 'closing', notes: 'Terima kasih atas perhatian Bapak dan Ibu. Saya siap menjawab pertanyaan.\n' });
  const talkWords = slides.reduce((sum, s) => sum + words(String(s.notes)), 0);
  const deck = { title: `Dek uji ${n} slide`, subtitle: 'SCO dan kepentingan Rusia', author: 'Bangku Uji', institution: 'Program Studi Hubungan Internasional', date: '2026', lang: 'id', speakingRate: 130, duration: Math.ceil(talkWords / 130) + 1 };
  return `---\n${stringify({ ...deck, slides }, { lineWidth: 0 })}---\n`;
}

/** The decks the bench builds, by name; gen500 only when `withLimit`. */
export function deckNames(withLimit: boolean): string[] {
  return ['kesimpulan', 'gen50', 'gen200', ...(withLimit ? ['gen500'] : [])];
}

/** Writes a project with the repo's templates and themes and the bench's outlines into `project`. */
export function writeProject(root: string, project: string, decks: string[]): void {
  for (const d of ['templates', 'themes']) cpSync(join(root, d), join(project, d), { recursive: true });
  mkdirSync(join(project, 'slides'), { recursive: true });
  for (const deck of decks) {
    const file = join(project, 'slides', `${deck}.md`);
    if (deck === 'kesimpulan') cpSync(join(root, 'slides', 'kesimpulan.md'), file);
    else writeFileSync(file, generatedOutline(Number(deck.replace(/^gen/, ''))));
  }
}
