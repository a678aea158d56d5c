import Handlebars from 'handlebars';
import { label, labelsFor, type TemplateSet } from '../layouts.ts';
import type { Column, FieldValue, ImageRef, Outline, Point, Slide } from '../outline/types.ts';
import { BODY_IMAGE } from '../outline/fields.ts';
import { escapeInline, escapeNotes, normalizeText, yamlString } from './escape.ts';
import { NOTES_MARK } from './engine.mjs';
import { OutlineText } from './helpers.ts';

const safe = (text: string) => new OutlineText(text);

/** One slide of the rendered deck, mapped back to its outline entry. */
export interface RenderedSlide {
  /** Index in the outline's `slides`, or -1 for raw slides from the Markdown body. */
  outlineIndex: number;
  title: string;
  notes: string;
  layout: string;
  /**
   * A backup slide (`backup: true`): placed after every other slide, out of the page count and the progress bar.
   * Timing, the speaker script's total and the presenter view leave it out of the talk (and may list it apart).
   */
  backup?: boolean;
}

export interface RenderedDeck {
  markdown: string;
  slides: RenderedSlide[];
}


/** Fills the deck frame and one layout template per slide; returns Marp Markdown. */
export function renderDeck(outline: Outline, templates: TemplateSet): RenderedDeck {
  const { deck } = outline;
  const labels = labelsFor(templates, deck.lang);
  const sections = outline.slides
    .filter((s) => s.layout === 'section' && !s.backup)
    .map((s) => ({ title: safe(String(s.fields.title ?? '')), subtitle: typeof s.fields.subtitle === 'string' ? safe(s.fields.subtitle) : undefined }));
  const deckContext = {
    title: safe(deck.title),
    subtitle: deck.subtitle && safe(deck.subtitle),
    author: deck.author && safe(deck.author),
    institution: deck.institution && safe(deck.institution),
    date: deck.date && safe(deck.date),
    studentId: deck.studentId && safe(deck.studentId),
    supervisors: deck.supervisors?.map(safe),
    faculty: deck.faculty && safe(deck.faculty),
    university: deck.university && safe(deck.university),
    /** institution, faculty and university, those given, in that order: one line of affiliation. */
    affiliation: [deck.institution, deck.faculty, deck.university].filter((t): t is string => !!t).map(safe),
    logo: deck.logo && imageContext(deck.logo),
    logoAlt: `Logo ${normalizeText(deck.university ?? deck.institution ?? deck.faculty ?? '')}`.trim(),
  };
  const rendered: RenderedSlide[] = [];
  const main = outline.slides.filter((s) => !s.backup);
  const backups = outline.slides.filter((s) => s.backup);
  const renderSlide = (slide: Slide, i: number) => {
    const layout = templates.layouts.get(slide.layout)!;
    const fields = Object.fromEntries(Object.entries(slide.fields).map(([k, v]) => [k, toContext(v)]));
    const body = layout.template(
      { deck: deckContext, labels, agenda: sections, lang: deck.lang, continued: slide.continuation, backup: slide.backup === true, ...fields },
      { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
    );
    const entry: RenderedSlide = { outlineIndex: slide.index, title: slideTitle(slide, outline, templates, body), notes: slide.notes ?? '', layout: slide.layout };
    if (slide.backup) entry.backup = true;
    rendered.push(entry);
    // Progress runs from 0 to 100 % over the main slides; a backup slide has no bar, no page number and does not
    // count in the total (`paginate: skip`), and says what it is in its header.
    const progress = (((i + 1) / main.length) * 100).toFixed(2);
    const directives = slide.backup
      ? [`_class: "layout-${slide.layout} backup"`, '_backgroundImage: none']
      : [
          `_class: layout-${slide.layout}`,
          `_backgroundImage: "linear-gradient(90deg, var(--progress-fill) 0 ${progress}%, var(--progress-track) ${progress}% 100%)"`,
          '_backgroundSize: "100% 6px"',
          '_backgroundPosition: "left bottom"',
        ];
    // After the layout's own directives (a later directive wins), so a backup section slide is still skipped.
    const backup = slide.backup ? `\n\n<!--\n_paginate: skip\n_header: ${yamlString(escapeInline(labels.backup ?? 'Backup'))}\n-->` : '';
    const notes = slide.notes ? `\n\n<!--\n${NOTES_MARK}\n${escapeNotes(slide.notes)}\n-->` : '';
    return `<!--\n${directives.join('\n')}\n-->\n\n${body.trim()}${backup}${notes}\n`;
  };
  const parts = main.map(renderSlide);
  const frame = templates.deck({
    theme: deck.theme,
    lang: deck.lang,
    title: yamlString(deck.title),
    author: yamlString(deck.author ?? ''),
    footer: yamlString(footerText(outline)),
  });
  let markdown = `${frame.trim()}\n\n${parts.join('\n---\n\n')}`;
  const body = embedBodyImages(outline);
  if (body) {
    markdown += `\n---\n\n${body}\n`;
    for (const raw of bodySlides(body)) {
      const heading = /^#{1,6}\s+(.+)$/m.exec(raw);
      rendered.push({ outlineIndex: -1, title: heading?.[1]?.trim() ?? '', notes: '', layout: 'raw' });
    }
  }
  // Backups come last, after the closing slide and any slide of the Markdown body: an appendix.
  for (const slide of backups) markdown += `\n---\n\n${renderSlide(slide, -1)}`;
  return { markdown, slides: rendered };
}

function footerText(outline: Outline): string {
  const { deck } = outline;
  return [deck.shortTitle ?? deck.title, deck.author].filter(Boolean).map((t) => escapeInline(t!)).join(' · ');
}

/**
 * The plain title of a slide, for bookmarks, handouts and the speaker script: its `title` field, else the `#`
 * heading its layout renders (so a new layout is titled by its content without code here), else the quote's
 * source, else the layout's label.
 */
export function slideTitle(slide: Slide, outline: Outline, templates: TemplateSet, body?: string): string {
  const title = slide.fields.title;
  if (typeof title === 'string') return normalizeText(title);
  const heading = body === undefined ? undefined : /^# +(.+?)\s*$/m.exec(body)?.[1];
  if (heading) return normalizeText(unescapeInline(heading));
  if (slide.layout === 'title') return normalizeText(outline.deck.title);
  if (slide.layout === 'closing') return label(templates, outline.deck.lang, 'thanks');
  if (slide.layout === 'quote') return normalizeText(String(slide.fields.source ?? label(templates, outline.deck.lang, 'quote')));
  return label(templates, outline.deck.lang, slide.layout);
}

/** Inline Markdown as the outline wrote it: the backslashes {@link escapeInline} added are taken off (not in code). */
function unescapeInline(markdown: string): string {
  return markdown.replace(/(`+)[\s\S]*?\1|\\([\s\S])/g, (whole, _run: string | undefined, escaped: string | undefined) => escaped ?? whole);
}

/** The slides of the Markdown body, split where Marp splits them. */
function bodySlides(body: string): string[] {
  return body.split(/^---\s*$/m);
}

/**
 * The outline slide shown at `position` (0-based) in the rendered deck, or undefined for a slide of the
 * Markdown body. The deck's order is: main slides, the body's slides, then backup slides.
 */
export function outlineSlideAt(outline: Outline, position: number): Slide | undefined {
  const main = outline.slides.filter((s) => !s.backup);
  if (position < main.length) return main[position];
  const body = embedBodyImages(outline);
  const bodyCount = body ? bodySlides(body).length : 0;
  return outline.slides.filter((s) => s.backup)[position - main.length - bodyCount];
}

function toContext(value: FieldValue): unknown {
  if (typeof value === 'string') return safe(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(pointContext);
  if ('path' in value) return imageContext(value);
  const col = value as Column;
  return { heading: col.heading === undefined ? undefined : safe(col.heading), points: col.points.map(pointContext) };
}

function pointContext(point: Point) {
  return typeof point === 'string' ? { text: safe(point), points: [] } : { text: safe(point.text), points: point.points.map(safe) };
}

function imageContext(image: ImageRef) {
  return new Handlebars.SafeString(dataUri(image));
}

/** An image as a data: URL of exactly the bytes that were checked (never read again). */
function dataUri(image: ImageRef): string {
  return `data:${image.mime};base64,${image.bytes.toString('base64')}`;
}

/** The Markdown body with each checked `![alt](path)` image embedded. */
export function embedBodyImages(outline: Outline): string {
  return outline.body.trim().replace(BODY_IMAGE, (whole, alt: string, src: string, title: string) => {
    const image = outline.bodyImages[src.replace(/^<|>$/g, '')];
    return image ? `![${alt}](${dataUri(image)}${title})` : whole;
  });
}
