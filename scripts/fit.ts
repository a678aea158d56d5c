import type { PreparedDeck } from './prepare.ts';
import type { BrowserSession } from './export/browser.ts';
import { screenMarpFor } from './render/marp.ts';
import { measureOverflow, overflows, type SlideOverflow } from './export/overflow.ts';
import { renderWithTheme, type MarpRender } from './export/slides.ts';
import { PaparanMessage } from './messages.ts';
import { capitalize } from './outline/context.ts';
import { slideLabel } from './outline/names.ts';
import type { Slide } from './outline/types.ts';
import { outlineSlideAt, renderDeck } from './render/deck.ts';
import { joinParts, splitSlides, splittablePoints } from './render/split.ts';

const MAX_ROUNDS = 8;

/**
 * Measures every slide in the browser; with `autoSplit` (or a layout's `split: always`), splits overflowing list
 * slides until they fit.
 * Returns the (possibly re-rendered) deck and one `overflow` message per slide that still overflows. `screen`, the
 * deck's screen render if the caller has it, saves rendering it again.
 */
export async function fitDeck(prepared: PreparedDeck, browser: BrowserSession, screen?: MarpRender): Promise<{ prepared: PreparedDeck; messages: PaparanMessage[] }> {
  const marp = screenMarpFor(prepared.themes);
  let current = prepared;
  for (let round = 0; ; round++) {
    const { outline, deck, templates } = current;
    const render = round === 0 && screen ? screen : renderWithTheme(marp, deck.markdown);
    const measured = await browser.withPage((page) => measureOverflow(page, render, outline.deck.lang));
    const overflowing = measured.filter(overflows);
    const outlineSlide = (m: SlideOverflow): Slide | undefined => outlineSlideAt(outline, m.slide);
    const parts = new Map<Slide, number>();
    let base = outline;
    if (round < MAX_ROUNDS) {
      for (const m of overflowing) {
        const slide = outlineSlide(m);
        if (!slide || m.bottom === 0) continue;
        if (!outline.deck.autoSplit && !templates.layouts.get(slide.layout)?.splitAlways) continue;
        if (slide.continuation || outline.slides.some((s) => s.continuation && s.index === slide.index && s.layout === slide.layout)) {
          // A part of an earlier split: the whole list again, in one part more.
          const again = joinParts(base, templates, slide);
          if ([...parts.keys()].some((s) => s.index === again.joined.index && s.layout === again.joined.layout)) continue;
          base = again.outline;
          const points = splittablePoints(again.joined, templates);
          if (points > again.parts) parts.set(again.joined, again.parts + 1);
          continue;
        }
        const points = splittablePoints(slide, templates);
        if (points > 1) parts.set(slide, Math.min(points, Math.max(2, Math.ceil(m.ratio))));
      }
    }
    if (parts.size > 0) {
      const split = splitSlides(base, templates, parts);
      current = { ...current, outline: split, deck: renderDeck(split, templates) };
      continue;
    }
    return { prepared: current, messages: overflowMessages(current, measured) };
  }
}

/** One `overflow` message per slide that runs out of its box, placed at its outline entry. */
export function overflowMessages(prepared: PreparedDeck, measured: SlideOverflow[]): PaparanMessage[] {
  const { outline, templates } = prepared;
  const setting = outline.deck.rules.overflow ?? 'warning';
  if (setting === 'off') return [];
  return measured
    .filter(overflows)
    .map((m) => {
      const slide: Slide | undefined = outlineSlideAt(outline, m.slide);
      const where = slide ? slideLabel(slide.index, slide.fields.title) : `slide ${m.slide + 1} (from the Markdown body)`;
      const amount = [m.bottom && `${m.bottom} px at the bottom`, m.right && `${m.right} px at the right`].filter(Boolean).join(' and ');
      const hint = slide && splittablePoints(slide, templates) > 1 ? 'Shorten the text, move detail into the notes, or set `autoSplit: true` (or --auto-split)' : 'Shorten the text or move detail into the notes';
      return new PaparanMessage(outline.file, slide?.position ?? { line: outline.bodyLine, column: 1 }, 'overflow', `${capitalize(where)} overflows its slide by ${amount}`, hint, setting === 'error' ? 'error' : 'warning');
    });
}
