import { createRequire } from 'node:module';
import type JSZipType from 'jszip';

// CommonJS build through require(), as for pptxgenjs (see raster.ts); jszip is pptxgenjs's own dependency.
let jszip: typeof JSZipType | undefined;
// Loaded on first use: only a PPTX export needs it.
const JSZipClass = () => (jszip ??= createRequire(import.meta.url)('jszip') as typeof JSZipType);

/** The earliest date a zip entry can hold (MS-DOS time starts in 1980). */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/**
 * The package pptxgenjs wrote, made reproducible: the document's dates set to `date` (the deck's reproducible
 * date) instead of the time of the build, every entry dated `date` too, in a fixed order ([Content_Types].xml
 * first, then by name); and the speaker notes split into one paragraph per line, as written.
 */
export async function reproduciblePackage(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const source = await JSZipClass().loadAsync(bytes);
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name]!.dir)
    .sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const entryDate = new Date(Math.max(DOS_EPOCH, date.getTime()));
  const out = new (JSZipClass())();
  for (const name of names) {
    const file = source.files[name]!;
    let data: string | Uint8Array;
    if (name === 'docProps/core.xml') {
      data = (await file.async('string')).replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`);
    } else if (/^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(name)) {
      data = notesParagraphs(await file.async('string'));
    } else if (/^ppt\/slides\/slide\d+\.xml$/.test(name)) {
      data = onePropertiesPerParagraph(await file.async('string'));
    } else {
      data = await file.async('uint8array');
    }
    out.file(name, data, { date: entryDate, createFolders: false, binary: typeof data !== 'string' });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

const NOTES_RUN = /<a:p><a:r><a:rPr lang="en-US" dirty="0"\/><a:t>([^<]*)<\/a:t><\/a:r><a:endParaRPr lang="en-US" dirty="0"\/><\/a:p>/;

/** pptxgenjs writes a slide's notes as one run with its line breaks in it: one paragraph per line instead. */
function notesParagraphs(xml: string): string {
  return xml.replace(NOTES_RUN, (_whole, text: string) =>
    text
      .split(/\r?\n|&#13;&#10;|&#10;/)
      .map((line) => (line ? `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${line}</a:t></a:r></a:p>` : '<a:p><a:endParaRPr lang="en-US" dirty="0"/></a:p>'))
      .join(''),
  );
}

/**
 * pptxgenjs writes paragraph properties again before each later run of a paragraph (`<a:pPr indent="0" marL="0">
 * <a:buNone/>`): a second pPr in one paragraph is not valid OOXML, and LibreOffice reads it and drops the bullet of a
 * bullet that starts in bold. Only the paragraph's first pPr, before its first run, is kept.
 */
function onePropertiesPerParagraph(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_whole, body: string) => {
    const firstRun = body.search(/<a:r>|<a:br\b|<a:fld\b/);
    if (firstRun < 0) return `<a:p>${body}</a:p>`;
    const rest = body.slice(firstRun).replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, '');
    return `<a:p>${body.slice(0, firstRun)}${rest}</a:p>`;
  });
}
