import { createRequire } from 'node:module';

// Stop words for ranking sentences and picking key terms: the maintained lists of the `stopword` package
// (Indonesian and English), with the words a thesis chapter adds that those lists lack.
const maintained = createRequire(import.meta.url)('stopword') as { ind: string[]; eng: string[] };

const INDONESIAN = `ada adalah agar akan akhirnya aku amat anda antar antara apa apabila atas atau bagai bagaimana bagi bahkan bahwa
banyak baru beberapa begitu belum berbagai berupa besar bisa boleh bukan cukup dalam dan dapat dari daripada demikian
dengan di dia dilakukan dimiliki diri dua hal hanya harus hingga ia ialah ingin ini itu jadi jika juga kami kamu kapan
karena ke kembali kemudian kepada ketika kita lagi lain lainnya lalu lebih maka masih masing melalui melakukan memang
membuat memiliki mempunyai menjadi menurut merupakan mereka meski namun oleh pada padahal para pula pun saat saja salah
sama sampai sangat satu saya sebagai sebelum sebuah secara sedang sehingga sejak sekali selain selalu seluruh semua
sendiri seperti serta sering setelah setiap suatu sudah supaya tanpa telah tentang tentu terhadap terjadi tersebut
tetapi tidak untuk walaupun yaitu yakni yang sekitar dianggap cara pasca berbagai`;

const ENGLISH = `a about after all also an and any are as at be because been being but by can could did do does each even for
from had has have he her his how however if in into is it its may more most much must no not of on one only or other
our over she should so some such than that the their them then there these they this those through thus to too under
up very was we were what when where which while who why will with would you your been`;

/** Lower-case stop words of both languages: a deck in English may quote Indonesian terms and the other way round. */
export const STOP_WORDS: ReadonlySet<string> = new Set([...`${INDONESIAN} ${ENGLISH}`.split(/\s+/).filter(Boolean), ...maintained.ind, ...maintained.eng].map((w) => w.toLowerCase()));

/** Words a bullet must not start with: it would read as a fragment of the sentence before. */
export const CONJUNCTIONS: ReadonlySet<string> = new Set(
  ['dan', 'karena', 'yang', 'tetapi', 'serta', 'namun', 'sehingga', 'atau', 'and', 'but', 'because', 'which', 'or', 'so', 'that'],
);

/** Openers that say nothing on a slide; taken off the front of a bullet (longest first). */
export const OPENERS: readonly string[] = [
  'dapat disimpulkan bahwa', 'hal ini menunjukkan bahwa', 'hal tersebut menunjukkan bahwa', 'oleh karena itu', 'oleh sebab itu',
  'dengan demikian', 'selain itu', 'akan tetapi', 'karena itu', 'maka dari itu', 'jadi', 'namun',
  'it can be concluded that', 'this shows that', 'in conclusion', 'as a result', 'therefore', 'thus', 'however',
  'moreover', 'furthermore', 'in addition',
];

/** Abbreviations that end with a dot but not a sentence. */
export const ABBREVIATIONS: readonly string[] = [
  'dll.', 'dsb.', 'dkk.', 'hlm.', 'no.', 'dr.', 'prof.', 'dst.', 'yth.', 'a.n.', 'et al.', 'e.g.', 'i.e.', 'drs.', 'ir.', 'h.', 'st.', 'vol.', 'pp.', 'etc.', 'mr.', 'mrs.',
];
