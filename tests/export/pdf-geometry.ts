import { execFileSync } from 'node:child_process';
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

/** A page rendered in grey by poppler's pdftoppm: one byte per pixel, 0 black to 255 white. */
export interface Raster {
  width: number;
  height: number;
  /** Pixels per point. */
  scale: number;
  grey: Uint8Array;
}

export function rasterPage(file: string, page: number, dpi = 300): Raster {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), file], { maxBuffer: 1 << 28 });
  // Binary PGM: "P5", width, height, maxval, one whitespace, then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  return { width, height, scale: dpi / 72, grey: new Uint8Array(pgm.subarray(header[0].length)) };
}

/**
 * A frame's four edges as printed: for each side (left, right, top, bottom), how many pixels outside the slide's
 * rectangle are darker than paper, and the darkest of them; the median of nine samples along the side.
 */
export function frameEdges(raster: Raster, slide: Rect): { side: string; thickness: number; darkest: number }[] {
  const { width, scale, grey } = raster;
  const at = (x: number, y: number) => grey[y * width + x] ?? 255;
  const [x0, x1, y0, y1] = [slide.x * scale, (slide.x + slide.w) * scale, slide.y * scale, (slide.y + slide.h) * scale];
  const sides = [
    { side: 'left', step: (k: number, t: number) => [Math.floor(x0) - 1 - k, Math.round(y0 + t * (y1 - y0))] },
    { side: 'right', step: (k: number, t: number) => [Math.ceil(x1) + k, Math.round(y0 + t * (y1 - y0))] },
    { side: 'top', step: (k: number, t: number) => [Math.round(x0 + t * (x1 - x0)), Math.floor(y0) - 1 - k] },
    { side: 'bottom', step: (k: number, t: number) => [Math.round(x0 + t * (x1 - x0)), Math.ceil(y1) + k] },
  ] as const;
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return sides.map(({ side, step }) => {
    const samples = Array.from({ length: 9 }, (_, s) => {
      let thickness = 0;
      let darkest = 255;
      for (let k = 0; k < 8; k++) {
        const [x, y] = step(k, (s + 1) / 10) as [number, number];
        const v = at(x, y);
        if (v >= 245) break;
        thickness++;
        darkest = Math.min(darkest, v);
      }
      return { thickness, darkest };
    });
    return { side, thickness: median(samples.map((s) => s.thickness)), darkest: median(samples.map((s) => s.darkest)) };
  });
}

/** The PDF's bookmarks, depth first: title and 0-based page. */
export async function pdfOutline(file: string): Promise<{ title: string; page: number }[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const out: { title: string; page: number }[] = [];
  type Item = { title: string; dest: unknown; items: Item[] };
  const walk = async (items: Item[]) => {
    for (const item of items) {
      const dest = (typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest) as [unknown] | null;
      out.push({ title: item.title, page: dest ? await doc.getPageIndex(dest[0] as never) : -1 });
      await walk(item.items);
    }
  };
  await walk(((await doc.getOutline()) ?? []) as Item[]);
  await doc.destroy();
  return out;
}
