/**
 * Names people write for paparan's layouts and fields, in Indonesian and in other English words.
 * The table maps to names; a lookup only answers with a name that exists where the word was written
 * (the layouts in templates/layouts/, the fields a layout declares), so a layout added, renamed or
 * removed by a user never makes it suggest something that is not there.
 */

interface Synonyms {
  /** Indonesian words for the name. */
  id: string[];
  /** Other English words for it (not misspellings: those are found by spelling). */
  en: string[];
}

/** Layout and field names of paparan, each with what people call it. A word may stand for several names. */
const TABLE: Record<string, Synonyms> = {
  // Layouts (templates/layouts/*.hbs).
  title: { id: ['judul', 'pembuka', 'sampul', 'halaman judul', 'halaman sampul'], en: ['cover', 'heading', 'headline', 'header'] },
  agenda: { id: ['daftar isi', 'rencana', 'susunan acara'], en: ['contents', 'toc', 'outline', 'overview'] },
  section: { id: ['bagian', 'bab', 'seksi', 'pemisah', 'subbab'], en: ['chapter', 'divider', 'part'] },
  points: { id: ['poin', 'butir', 'pokok', 'daftar', 'poin poin', 'butir butir', 'isi'], en: ['bullets', 'list', 'items', 'bullet points'] },
  'two-column': { id: ['dua kolom', 'kolom', 'perbandingan', 'banding'], en: ['columns', 'twocolumns', 'comparison', 'compare'] },
  quote: { id: ['kutipan', 'kutip', 'petikan', 'kata mutiara'], en: ['quotation', 'citation', 'blockquote'] },
  image: { id: ['gambar', 'foto', 'citra', 'peta', 'ilustrasi', 'grafik', 'bagan'], en: ['picture', 'photo', 'figure', 'img', 'illustration', 'map', 'chart'] },
  closing: { id: ['penutup', 'akhir', 'terima kasih', 'terimakasih', 'pertanyaan', 'tanya jawab'], en: ['end', 'thanks', 'thank you', 'questions', 'outro', 'final'] },
  // Fields every slide has.
  layout: { id: ['tata letak', 'tataletak', 'jenis', 'tipe', 'bentuk'], en: ['type', 'template', 'kind'] },
  notes: { id: ['catatan', 'catatan pembicara', 'naskah', 'skrip'], en: ['note', 'speaker notes', 'script', 'comment'] },
  id: { id: ['kode', 'nama'], en: ['key', 'slug'] },
  // Fields of the layouts.
  subtitle: { id: ['subjudul', 'anak judul', 'judul kecil', 'keterangan judul'], en: ['subheading', 'tagline'] },
  text: { id: ['teks', 'isi', 'kalimat', 'tulisan', 'kutipan'], en: ['body', 'content', 'line', 'quote'] },
  source: { id: ['sumber', 'penulis', 'pengarang', 'oleh', 'tokoh'], en: ['author', 'by', 'cite', 'attribution'] },
  src: { id: ['gambar', 'berkas', 'file', 'foto', 'lokasi'], en: ['image', 'path', 'file', 'url', 'href', 'picture'] },
  alt: { id: ['teks alternatif', 'deskripsi', 'uraian', 'penjelasan gambar'], en: ['alt text', 'description', 'alternative'] },
  caption: { id: ['keterangan', 'takarir', 'keterangan gambar'], en: ['legend', 'subtitle'] },
  credit: { id: ['sumber', 'kredit', 'hak cipta', 'sumber gambar'], en: ['credits', 'copyright', 'attribution', 'source'] },
  left: { id: ['kiri', 'kolom kiri'], en: ['left column', 'first'] },
  right: { id: ['kanan', 'kolom kanan'], en: ['right column', 'second'] },
  heading: { id: ['judul', 'kepala', 'judul kolom'], en: ['title', 'header'] },
  // Deck fields.
  author: { id: ['penulis', 'pembicara', 'pemateri', 'penyaji', 'narasumber', 'pengarang'], en: ['speaker', 'presenter', 'by'] },
  institution: { id: ['lembaga', 'institusi', 'instansi', 'kampus', 'afiliasi', 'program studi', 'prodi'], en: ['affiliation', 'organisation', 'organization', 'programme', 'program'] },
  university: { id: ['universitas', 'perguruan tinggi'], en: ['college', 'school'] },
  faculty: { id: ['fakultas'], en: ['department'] },
  studentId: { id: ['nim', 'nomor induk mahasiswa', 'npm', 'nrp'], en: ['student id', 'student number', 'matriculation number'] },
  supervisors: { id: ['pembimbing', 'dosen pembimbing', 'promotor'], en: ['supervisor', 'advisor', 'advisors', 'adviser'] },
  logo: { id: ['lambang', 'logo kampus'], en: ['emblem', 'crest'] },
  date: { id: ['tanggal', 'waktu', 'hari'], en: ['day', 'when'] },
  lang: { id: ['bahasa'], en: ['language', 'locale'] },
  theme: { id: ['tema', 'gaya'], en: ['style', 'skin'] },
  duration: { id: ['durasi', 'lama', 'waktu bicara'], en: ['length', 'minutes', 'time'] },
  shortTitle: { id: ['judul pendek', 'judul singkat'], en: ['short title', 'footer'] },
  slides: { id: ['salindia', 'slaid', 'halaman'], en: ['slide', 'pages'] },
};

/** A name a word stands for, and whether the word was Indonesian. */
export interface Synonym {
  name: string;
  indonesian: boolean;
}

/** `Judul_Kolom`, `judul-kolom`, `judulKolom` → `judul kolom`, so every spelling of a phrase matches. */
function normalize(word: string): string {
  return word
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/**
 * The name among `known` that `word` stands for, if the table knows it; Indonesian readings first.
 * `known` is what exists where the word was written (layout names, or one layout's fields).
 */
export function synonymFor(word: string, known: readonly string[]): Synonym | undefined {
  const w = normalize(word);
  const squeezed = w.replace(/ /g, '');
  const matches = (list: string[]) => list.some((s) => s === w || s.replace(/ /g, '') === squeezed);
  for (const indonesian of [true, false]) {
    for (const [name, words] of Object.entries(TABLE)) {
      if (known.includes(name) && name !== word && matches(indonesian ? words.id : words.en)) return { name, indonesian };
    }
  }
  return undefined;
}
