import { readFileSync } from 'node:fs';

/** A rectangle in PDF points, measured from the page's top-left corner. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PdfText extends Rect {
  str: string;
  /** Font size in points. */
  size: number;
}

export interface PdfStroke extends Rect {
  colour: string;
  /** Line width in points. */
  lineWidth: number;
}

export interface PdfPage {
  width: number;
  height: number;
  texts: PdfText[];
  /** Filled rectangles (the paths' bounding boxes) with their colour. */
  fills: (Rect & { colour: string })[];
  strokes: PdfStroke[];
  /** Clipping paths' bounding boxes. */
  clips: Rect[];
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/**
 * What each page of a PDF draws, read back with pdf.js: text runs with their font size, and the rectangles it
 * fills, strokes and clips to (axis-aligned bounding boxes, which is all Chromium draws for boxes and borders).
 */
export async function pdfGeometry(file: string): Promise<PdfPage[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const height = y1 - y0;
    const texts: PdfText[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [, , c, d, e, f] = item.transform as Matrix;
      const size = Math.hypot(c, d);
      texts.push({ str: item.str, size, x: e, y: height - f - size, w: item.width, h: size });
    }
    const page_: PdfPage = { width: x1 - x0, height, texts, fills: [], strokes: [], clips: [] };
    const ops = await page.getOperatorList();
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    let state = { fill: '', stroke: '', lineWidth: 1 };
    const stack: { ctm: Matrix; state: typeof state }[] = [];
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push({ ctm, state: { ...state } });
      else if (fn === OPS.restore) ({ ctm, state } = stack.pop() ?? { ctm, state });
      else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
      else if (fn === OPS.setFillRGBColor) state.fill = String(args[0]);
      else if (fn === OPS.setStrokeRGBColor) state.stroke = String(args[0]);
      else if (fn === OPS.setLineWidth) state.lineWidth = Number(args[0]);
      else if (fn === OPS.constructPath) {
        const [minX, minY, maxX, maxY] = Object.values(args[2] as Record<string, number>) as [number, number, number, number];
        const at = (x: number, y: number) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]] as const;
        const [ax, ay] = at(minX, minY);
        const [bx, by] = at(maxX, maxY);
        const rect = { x: Math.min(ax, bx), y: height - Math.max(ay, by), w: Math.abs(bx - ax), h: Math.abs(by - ay) };
        const op = args[0];
        if (op === OPS.fill || op === OPS.eoFill) page_.fills.push({ ...rect, colour: state.fill });
        else if (op === OPS.stroke) page_.strokes.push({ ...rect, colour: state.stroke, lineWidth: state.lineWidth * Math.hypot(ctm[0], ctm[1]) });
        else if (op === OPS.endPath) page_.clips.push(rect);
      }
    }
    pages.push(page_);
  }
  await doc.destroy();
  return pages;
}

export const inside = (p: { x: number; y: number }, r: Rect, slack = 0.5) => p.x >= r.x - slack && p.x <= r.x + r.w + slack && p.y >= r.y - slack && p.y <= r.y + r.h + slack;

/** Text runs on one line (the same top, to a tenth of a point) joined in order. */
export function textLines(texts: PdfText[]): { y: number; x: number; right: number; text: string; size: number }[] {
  const lines = new Map<number, PdfText[]>();
  for (const t of texts) {
    const key = [...lines.keys()].find((y) => Math.abs(y - t.y) < 0.6) ?? t.y;
    lines.set(key, [...(lines.get(key) ?? []), t]);
  }
  return [...lines.entries()]
    .sort(([a], [b]) => a - b)
    .map(([y, runs]) => {
      runs.sort((a, b) => a.x - b.x);
      return { y, x: runs[0]!.x, right: Math.max(...runs.map((r) => r.x + r.w)), text: runs.map((r) => r.str).join(''), size: runs[0]!.size };
    });
}
