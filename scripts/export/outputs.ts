import type { OutputFormat } from '../formats.ts';
import type { PreparedDeck } from '../prepare.ts';
import type { HandoutOptions } from '../outline/types.ts';
import { marpFor, screenMarpFor } from '../render/marp.ts';
import type { BrowserSession } from './browser.ts';
import { handoutDocument, LAYOUT_HANDOUT } from './handout.ts';
import { PAPER } from './print.ts';
import { exportHtml } from './html.ts';
import { deckPace } from './pace.ts';
import { picturePptx, slidePngs } from './raster.ts';
import { editablePptx } from './pptx/index.ts';
import { scriptDocument } from './notes.ts';
import { overviewPng } from './overview.ts';
import { printUnfinished, reproducibleDate } from './pdf.ts';
import { renderWithTheme, SLIDE_SIZE, slidesDocument, type MarpRender } from './slides.ts';
import { labelsFor } from '../layouts.ts';
import type { Page } from 'puppeteer-core';
import { measureLoaded, type SlideOverflow } from './overflow.ts';

export type OutputData = string | Uint8Array | Map<string, Uint8Array>;

/** Runs a job that needs a browser page when a place among the pages at work is free (the build's page limit). */
export type PageSlot = <T>(job: () => Promise<T>) => Promise<T>;

/**
 * How to make each output of one deck; each maker returns the bytes, and writing is the caller's job. Only the
 * work in a page holds a place in `slot`: a PDF is finished in Node after its page is given up.
 */
export function outputMakers(p: PreparedDeck, browser: BrowserSession, hooks: { slidesMeasured?: (m: SlideOverflow[]) => void } = {}, slot: PageSlot = (job) => job()): Record<OutputFormat, () => Promise<OutputData>> & { screen: () => MarpRender } {
  const { outline, deck, themes, templates } = p;
  const inPage = <T>(fn: (page: Page) => Promise<T>, options?: { keep?: string }) => slot(() => browser.withPage(fn, options));
  // Printed in a page, finished (pdf-lib) once the page is given up.
  const printed = async (print: (page: Page) => Promise<{ finish: () => Promise<Uint8Array> }>, options?: { keep?: string }) => (await inPage(print, options)).finish();
  let screenRender: MarpRender | undefined;
  let printRender: MarpRender | undefined;
  const screen = () => (screenRender ??= renderWithTheme(screenMarpFor(themes), deck.markdown));
  const print = () => (printRender ??= renderWithTheme(marpFor(themes), deck.markdown, 'paparan-print'));
  const labels = labelsFor(templates, outline.deck.lang);
  const meta = {
    title: outline.deck.title,
    author: outline.deck.author,
    subject: outline.deck.subtitle,
    lang: outline.deck.lang,
    date: reproducibleDate(outline.deck.date),
    bookmarks: deck.slides.map((s, i) => ({ title: `${i + 1}. ${s.title}`, page: i })),
  };
  const footer = [outline.deck.author, outline.deck.date].filter(Boolean).join(' · ');
  const notes = deck.slides.map((s) => s.notes);
  const titles = deck.slides.map((s) => s.title);
  const handout: HandoutOptions = outline.deck.handout;
  const { lang, title } = outline.deck;

  return {
    // The slides as the screen shows them, rendered once for the HTML, the PDF, the overflow check, the contact
    // sheet and dev mode's page.
    screen,
    md: async () => deck.markdown,
    html: async () => exportHtml(screen(), deckPace(p)),
    pdf: () =>
      printed(
        (page) => {
          // The slides page is the overflow check's page too: one load serves both.
          const afterLoad = hooks.slidesMeasured && (async (loaded: Page) => hooks.slidesMeasured!(await measureLoaded(loaded)));
          return printUnfinished(page, slidesDocument(screen(), lang, title), { width: `${SLIDE_SIZE.width}px`, height: `${SLIDE_SIZE.height}px` }, meta, { afterLoad });
        },
        // Kept for the next slides PDF: dev mode prints one on every save.
        { keep: 'slides-pdf' },
      ),
    handout: () =>
      printed((page) => {
        const html = handoutDocument({ render: print(), notes, titles, options: handout, lang, title, footer, label: labels.handout ?? 'Handout' });
        // The pages are laid out once the notes can be measured: a slide's page is known only then.
        const afterLoad = async (loaded: Page) => {
          const pageOf = (await loaded.evaluate(LAYOUT_HANDOUT)) as number[];
          return { bookmarks: meta.bookmarks.map((b, i) => ({ ...b, page: pageOf[i] ?? 0 })) };
        };
        return printUnfinished(page, html, PAPER[handout.paper], { ...meta, subject: labels.handout }, { afterLoad });
      }),
    notes: () =>
      printed((page) => {
        const script = scriptDocument({ render: print(), notes, titles, speakingRate: outline.deck.speakingRate, duration: outline.deck.duration, lang, title, footer, labels, paper: handout.paper, slides: deck.slides, rehearsal: p.rehearsal.summary, references: p.citations.references });
        // The script flows over pages: each slide's bookmark goes where Chromium printed its heading.
        return printUnfinished(page, script.html, PAPER[handout.paper], { ...meta, subject: labels.speakerScript, bookmarks: script.bookmarks }, { bookmarkHeadings: script.headings });
      }),
    overview: () => inPage((page) => overviewPng(page, screen())),
    pptx: async () => {
      // Built from the outline; only the Markdown body's slides, which have no structure, are pictures.
      const body = deck.slides.flatMap((s, i) => (s.layout === 'raw' ? [i] : []));
      const pngs = body.length ? [...(await inPage((page) => slidePngs(page, screen(), lang, title))).values()] : [];
      return editablePptx(p, { bodySlidePngs: new Map(body.flatMap((i) => (pngs[i] ? [[i, pngs[i]] as const] : []))) });
    },
    'pptx-images': async () => picturePptx(await inPage((page) => slidePngs(page, screen(), lang, title)), { ...meta, notes }),
    png: () => inPage((page) => slidePngs(page, screen(), lang, title)),
  };
}
