import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../scripts/check.ts';
import { draftDocument } from '../../scripts/draft/document.ts';
import { splitSentences } from '../../scripts/draft/sentences.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { tempProject } from '../helpers.ts';

// A real encrypted PDF, written here byte by byte: the PDF Standard Security Handler of ISO 32000-1 §7.6.3
// (revision 2: RC4 40-bit; revision 3: RC4 128-bit), with MD5 from node:crypto and RC4 below. There is no qpdf,
// pdftk or mutool on the machine, and pdf-lib does not encrypt.

/** RC4: the same function encrypts and decrypts. */
function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('md5')).digest();
const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const pad = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
/** RC4 with the key, then (revision 3) 19 more times with each byte of the key XOR 1…19: algorithms 3 and 5. */
const rc4Rounds = (key: Uint8Array, data: Uint8Array, revision: 2 | 3) => {
  let out = rc4(key, data);
  if (revision === 3) for (let i = 1; i <= 19; i++) out = rc4(key.map((b) => b ^ i), out);
  return out;
};

interface Security { user: string; owner: string; revision: 2 | 3 }

/** /O, /U and the file key (algorithms 2, 3, 4 and 5). */
function securityHandler({ user, owner, revision }: Security, id: Buffer, permissions: number) {
  const n = revision === 2 ? 5 : 16;
  // Algorithm 3: /O, the padded user password encrypted with a key from the owner password.
  let ownerHash = md5(pad(owner || user));
  if (revision === 3) for (let i = 0; i < 50; i++) ownerHash = md5(ownerHash);
  const O = rc4Rounds(ownerHash.subarray(0, n), pad(user), revision);
  // Algorithm 2: the file key.
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let key = md5(pad(user), O, p, id);
  if (revision === 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
  key = key.subarray(0, n);
  // Algorithms 4 (revision 2) and 5 (revision 3): /U, which a reader recomputes to test a password.
  const U = revision === 2 ? rc4(key, PAD) : Buffer.concat([rc4Rounds(key, md5(PAD, id), 3), Buffer.alloc(16)]);
  return { O, U, key };
}

/** Algorithm 1: the key for one object's strings and streams. */
const objectKey = (key: Buffer, object: number) => md5(key, Buffer.from([object & 255, (object >> 8) & 255, (object >> 16) & 255, 0, 0])).subarray(0, Math.min(key.length + 5, 16));

const pdfString = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/**
 * A one-page PDF (Helvetica, WinAnsi text) with a heading and lines of body text, encrypted with the standard security
 * handler: its content stream and its /Info title are RC4-encrypted with each object's key.
 */
function encryptedPdf(heading: string, lines: string[], title: string, security: Security): Buffer {
  const id = md5(Buffer.from(`paparan-${title}-${security.revision}`));
  const permissions = -4; // every permission granted: bits 1-2 clear, the rest set
  const { O, U, key } = securityHandler(security, id, permissions);
  const content = Buffer.from(['BT', '/F2 16 Tf 56 780 Td', `(${pdfString(heading)}) Tj`, '/F1 11 Tf 0 -32 Td 15 TL', ...lines.map((l) => `(${pdfString(l)}) Tj T*`), 'ET'].join('\n'), 'latin1');
  const hex = (b: Buffer) => `<${b.toString('hex')}>`;
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>',
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), rc4(objectKey(key, 4), content), Buffer.from('\nendstream')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Title ${hex(rc4(objectKey(key, 7), Buffer.from(title, 'latin1')))} >>`,
    // The encryption dictionary's own strings are never encrypted.
    security.revision === 2
      ? `<< /Filter /Standard /V 1 /R 2 /O ${hex(O)} /U ${hex(U)} /P ${permissions} >>`
      : `<< /Filter /Standard /V 2 /R 3 /Length 128 /O ${hex(O)} /U ${hex(U)} /P ${permissions} >>`,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(part);
    length += part.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R /Encrypt 8 0 R /ID [${hex(id)} ${hex(id)}] >>\nstartxref\n${length}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref + trailer)]);
}

const HEADING = 'KESIMPULAN';
// One paragraph, wrapped by hand into full lines; the last line short, as a paragraph ends.
const LINES = [
  'Organisasi Kerja Sama Shanghai (SCO) dibentuk untuk menjaga keamanan kawasan Asia',
  'Tengah. Rusia dan Tiongkok memimpin organisasi ini sejak tahun 2001. Negara-negara',
  'anggota sepakat melawan terorisme, separatisme, dan ekstremisme. Cadangan minyak',
  'dan gas di Laut Kaspia menarik minat banyak negara besar. Rusia ingin agar pipa dari',
  'Asia Tengah tetap melewati wilayahnya.',
];
const SENTENCES = splitSentences(LINES.join(' '));

/** The page's text as pdf.js gives it with this password (throws pdf.js's own exception on a wrong one). */
async function openWith(data: Buffer, password?: string) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(data), password, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
    const title = ((await doc.getMetadata()).info as { Title?: string }).Title;
    return { text, title };
  } finally {
    await doc.destroy();
  }
}

describe('paparan draft on an encrypted PDF', () => {
  it('the fixtures are real encrypted PDFs: the text is not in the bytes, pdf.js reads it with the password only', async () => {
    expect(SENTENCES).toHaveLength(5);
    for (const revision of [2, 3] as const) {
      const data = encryptedPdf(HEADING, LINES, 'Bab V Kesimpulan', { user: 'rahasia', owner: 'pemilik', revision });
      expect(data.toString('latin1')).not.toMatch(/Kaspia|Kesimpulan/);
      const opened = await openWith(data, 'rahasia');
      expect(opened.title).toBe('Bab V Kesimpulan');
      expect(opened.text).toContain(HEADING);
      for (const line of LINES) expect(opened.text, `revision ${revision}`).toContain(line);
      // The owner password opens it too; no password and a wrong one are refused, by pdf.js's own password check.
      expect((await openWith(data, 'pemilik')).text).toContain(LINES[0]);
      for (const wrong of [undefined, 'salah']) {
        const refused = await openWith(data, wrong).then(() => undefined, (error: Error) => error);
        expect(refused?.name, `revision ${revision}, password ${wrong}`).toBe('PasswordException');
      }
    }
  });

  for (const revision of [2, 3] as const) {
    it(`refuses a PDF that needs a password (RC4 ${revision === 2 ? '40' : '128'}-bit) with a hint, and writes nothing`, async () => {
      const root = tempProject();
      const file = join(root, 'bab5-terkunci.pdf');
      writeFileSync(file, encryptedPdf(HEADING, LINES, 'Bab V Kesimpulan', { user: 'rahasia', owner: 'pemilik', revision }));
      const error = await draftDocument({ root, chapter: file, name: 'terkunci' }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(PaparanError);
      const messages = (error as PaparanError).messages;
      expect(messages).toHaveLength(1);
      expect(messages[0]!.rule).toBe('draft-pdf-password');
      expect(messages[0]!.message).toMatch(/bab5-terkunci\.pdf is protected by a password/);
      expect(messages[0]!.hint).toMatch(/without the password/);
      // What the user sees: the file, the message, the rule and the hint; no stack trace, no pdf.js internals.
      const shown = messages[0]!.format();
      expect(shown).not.toMatch(/\n\s+at |PasswordException|node_modules/);
      expect((error as PaparanError).message).toBe(shown);
      expect(existsSync(join(root, 'slides', 'terkunci.md'))).toBe(false);
    });
  }

  it('drafts a PDF with only an owner password (it opens without one) like any other PDF', async () => {
    const root = tempProject();
    const file = join(root, 'bab5-pemilik.pdf');
    writeFileSync(file, encryptedPdf(HEADING, LINES, 'Bab V Kesimpulan', { user: '', owner: 'pemilik', revision: 3 }));
    expect((await openWith(readFileSync(file))).text).toContain(LINES[2]);
    const made = await draftDocument({ root, chapter: file, name: 'pemilik' });
    const slides = loadOutline(readFileSync(made.outline, 'utf8'), made.outline).data.slides as { layout: string; notes?: string }[];
    expect(slides[0]!.layout).toBe('title');
    const notes = slides.map((s) => s.notes ?? '').join('\n');
    for (const sentence of SENTENCES) expect(notes, sentence).toContain(sentence);
    const { messages } = await check({ outlines: [made.outline], root, overflow: false });
    expect(messages.filter((m) => m.fatal)).toEqual([]);
  });
});
