import { addBar } from './frame.ts';
import { addPicture, type LayoutContext } from './layouts.ts';
import { frame, literal, paragraph, runs, type Look } from './paragraphs.ts';
import { COLOURS, px, SLIDE, TITLE_BOX } from './theme.ts';
import { plainText, type TextRun } from './text.ts';

/**
 * The opening slide: the deck's title in the title placeholder, the subtitle, then one line each for the author
 * (and student ID), the supervisors, the affiliation and the date, those given; the logo in the top right corner.
 */
export function fillTitle(c: LayoutContext): void {
  const { deck, labels } = c;
  const look = (size: number, more: Partial<Look> = {}): Look => ({ size, lang: c.lang, colour: COLOURS.muted, ...more });
  const details: TextRun[][] = [];
  const line = (items: TextRun[]) => details.push(paragraph(items, { paraSpaceAfter: 4 }));
  const id = deck.studentId ? runs(`${labels.studentId ?? 'Student ID'} ${deck.studentId}`, look(26)) : [];
  if (deck.author) line([...runs(deck.author, look(26, { colour: COLOURS.fg, bold: true, strong: null })), ...(id.length ? [literal(' \u00b7 ', look(26)), ...id] : [])]);
  else if (id.length) line(id);
  if (deck.supervisors?.length) {
    const label = deck.supervisors.length > 1 ? labels.supervisors : labels.supervisor;
    line(runs(`${label ?? 'Supervisors'}: ${deck.supervisors.join(' \u00b7 ')}`, look(26)));
  }
  const affiliation = [deck.institution, deck.faculty, deck.university].filter((t): t is string => !!t);
  if (affiliation.length) line(runs(affiliation.join(' \u00b7 '), look(26)));
  if (deck.date) line(runs(deck.date, look(26)));
  // A defence's title slide (four lines of details or more) sets the title a size smaller, as the theme does.
  const long = details.length >= 4;
  c.slide.addText(runs(deck.title, { size: long ? 52 : 60, lang: c.lang, colour: COLOURS.accent, bold: true }), { placeholder: 'title' });
  addBar(c.slide, SLIDE.padX, 350, 120);
  let y = 372;
  if (deck.subtitle) {
    c.slide.addText(frame([paragraph(runs(deck.subtitle, look(long ? 28 : 32)), {})]), { x: px(SLIDE.padX), y: px(y), w: px(TITLE_BOX.w), h: px(56), margin: 0, valign: 'top', fit: 'shrink', objectName: 'Subtitle' });
    y += long ? 74 : 88;
  }
  if (details.length) c.slide.addText(frame(details), { x: px(SLIDE.padX), y: px(y), w: px(TITLE_BOX.w), h: px(SLIDE.height - 30 - y), margin: 0, valign: 'top', fit: 'shrink', objectName: 'Details' });
  if (deck.logo) {
    const alt = `Logo ${plainText(deck.university ?? deck.institution ?? deck.faculty ?? '')}`.trim();
    addPicture(c.slide, deck.logo, alt, SLIDE.width - SLIDE.padX - 256, 52, 256, 128, 'Logo');
  }
}
