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
    .filter((s) => s.layout === 'section')
    .map((s) => ({ title: safe(String(s.fields.title ?? '')), subtitle: typeof s.fields.subtitle === 'string' ? safe(s.fields.subtitle) : undefined }));
  const deckContext = {
    title: safe(deck.title),
    subtitle: deck.subtitle && safe(deck.subtitle),
    author: deck.author && safe(deck.author),
    institution: deck.institution && safe(deck.institution),
    date: deck.date && safe(deck.date),
  };
  const rendered: RenderedSlide[] = [];
  const total = outline.slides.length;
  const parts = outline.slides.map((slide, i) => {
    const layout = templates.layouts.get(slide.layout)!;
    const fields = Object.fromEntries(Object.entries(slide.fields).map(([k, v]) => [k, toContext(v)]));
    const body = layout.template(
      { deck: deckContext, labels, agenda: sections, lang: deck.lang, continued: slide.continuation, ...fields },
      { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
    );
    rendered.push({ outlineIndex: slide.index, title: slideTitle(slide, outline, templates), notes: slide.notes ?? '', layout: slide.layout });
    const progress = (((i + 1) / total) * 100).toFixed(2);
    const directives = [
      `_class: layout-${slide.layout}`,
      `_backgroundImage: "linear-gradient(90deg, var(--progress-fill) 0 ${progress}%, var(--progress-track) ${progress}% 100%)"`,
      '_backgroundSize: "100% 6px"',
      '_backgroundPosition: "left bottom"',
    ];
    const notes = slide.notes ? `\n\n<!--\n${NOTES_MARK}\n${escapeNotes(slide.notes)}\n-->` : '';
    return `<!--\n${directives.join('\n')}\n-->\n\n${body.trim()}${notes}\n`;
  });
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
    for (const raw of body.split(/^---\s*$/m)) {
      const heading = /^#{1,6}\s+(.+)$/m.exec(raw);
      rendered.push({ outlineIndex: -1, title: heading?.[1]?.trim() ?? '', notes: '', layout: 'raw' });
    }
  }
  return { markdown, slides: rendered };
}

function footerText(outline: Outline): string {
  const { deck } = outline;
  return [deck.shortTitle ?? deck.title, deck.author].filter(Boolean).map((t) => escapeInline(t!)).join(' · ');
}

/** The plain title of a slide, for bookmarks, handouts and the speaker script. */
export function slideTitle(slide: Slide, outline: Outline, templates: TemplateSet): string {
  const title = slide.fields.title;
  if (typeof title === 'string') return normalizeText(title);
  if (slide.layout === 'title') return normalizeText(outline.deck.title);
  if (slide.layout === 'closing') return label(templates, outline.deck.lang, 'thanks');
  if (slide.layout === 'quote') return normalizeText(String(slide.fields.source ?? label(templates, outline.deck.lang, 'quote')));
  return label(templates, outline.deck.lang, slide.layout);
}

function toContext(value: FieldValue): unknown {
  if (typeof value === 'string') return safe(value);
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
