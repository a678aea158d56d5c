import { PDFArray, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf } from '../../scripts/export/pdf.ts';

/** A one-page PDF with one link annotation per action. */
async function pdfWithLinks(actions: Record<string, unknown>[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  const annots = actions.map((action) => pdf.context.register(pdf.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], A: action } as never)));
  page.node.set(PDFName.of('Annots'), pdf.context.obj(annots));
  return pdf.save();
}

describe('PDF links: the same rule as the HTML', () => {
  it('keeps http(s) and mailto links and drops javascript:, file:, Launch and JavaScript actions', async () => {
    const raw = await pdfWithLinks([
      { S: 'URI', URI: PDFString.of('https://example.org/') },
      { S: 'URI', URI: PDFString.of('javascript:app.alert(1)') },
      { S: 'URI', URI: PDFString.of('file:///etc/passwd') },
      { S: 'Launch', F: PDFString.of('calc.exe') },
      { S: 'JavaScript', JS: PDFString.of('app.alert(2)') },
      { S: 'URI', URI: PDFString.of('mailto:a@example.org') },
    ]);
    const done = await PDFDocument.load(await finishPdf(raw, { title: 't', lang: 'id', date: new Date(0), bookmarks: [] }));
    const annots = done.getPages()[0]!.node.lookup(PDFName.of('Annots'), PDFArray);
    const uris = annots.asArray().map((ref) => done.context.lookup(ref, PDFDict).lookup(PDFName.of('A'), PDFDict).lookup(PDFName.of('URI'), PDFString).decodeText());
    expect(uris).toEqual(['https://example.org/', 'mailto:a@example.org']);
  });
});
