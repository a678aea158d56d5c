import { chapterTitle, matchChapters, type ChapterTitle } from './chapters.ts';
/** A PDF opened by pdf.js (its legacy build, which runs in Node). */
export type PdfDocument = Awaited<ReturnType<typeof import('pdfjs-dist/legacy/build/pdf.mjs')['getDocument']>['promise']>;
type OutlineItem = Awaited<ReturnType<PdfDocument['getOutline']>>[number];

/** The 1-based page a bookmark points to, if it can be found. */
async function bookmarkPage(doc: PdfDocument, dest: OutlineItem['dest']): Promise<number | undefined> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    const target: unknown = explicit?.[0];
    if (typeof target === 'number') return target + 1;
    if (target && typeof target === 'object') return (await doc.getPageIndex(target as Parameters<PdfDocument['getPageIndex']>[0])) + 1;
  } catch {
    // A broken bookmark: as if it were not there.
  }
  return undefined;
}

/**
 * The pages of the chapter `which` names, from the PDF's bookmarks: from its bookmark's page to the next bookmark's
 * at its depth or above (that page too when it is the next chapter's, whose heading ends the chapter in the text).
 * Undefined when the bookmarks do not name exactly one chapter: then the whole text is read.
 */
export async function chapterPages(doc: PdfDocument, which: string): Promise<{ from: number; to: number } | undefined> {
  const outline = await doc.getOutline().catch(() => null);
  if (!outline?.length) return undefined;
  const marks: { title: string; page: number; depth: number }[] = [];
  const walk = async (items: OutlineItem[], depth: number): Promise<void> => {
    for (const item of items) {
      if (marks.length >= 2000) return;
      const page = await bookmarkPage(doc, item.dest);
      if (page !== undefined) marks.push({ title: item.title.replace(/[\s\u0000]+/g, ' ').trim(), page, depth });
      if (depth < 2 && Array.isArray(item.items)) await walk(item.items as OutlineItem[], depth + 1);
    }
  };
  await walk(outline, 0);
  const depth = Math.min(...marks.filter((m) => chapterTitle(m.title)).map((m) => m.depth));
  const chapters: (ChapterTitle & { at: number })[] = [];
  for (const [at, mark] of marks.entries()) {
    const title = mark.depth === depth ? chapterTitle(mark.title, (chapters.at(-1)?.number ?? 0) + 1) : undefined;
    if (title) chapters.push({ ...title, at });
  }
  if (chapters.length < 2 || new Set(chapters.map((c) => c.number)).size < chapters.length) return undefined;
  const matches = matchChapters(chapters, which);
  if (matches.length !== 1) return undefined;
  const from = marks[matches[0]!.at]!.page;
  const next = marks.slice(matches[0]!.at + 1).find((m) => m.depth <= depth);
  if (!next) return { from, to: doc.numPages };
  return { from, to: Math.max(from, chapterTitle(next.title) ? next.page : next.page - 1) };
}

