import Handlebars from 'handlebars';
import { imageMarkdown } from './engine.mjs';
import { escapeInline, normalizeText } from './escape.ts';

/** Outline text in a template: escaped for inline Markdown, with the plain text kept for helpers that need it. */
export class OutlineText extends Handlebars.SafeString {
  constructor(readonly text: string) {
    super(escapeInline(text));
  }
}

/** Helpers every template may use. `{{image src alt}}`: an image whose alt text stays text (see engine.mjs). */
export const TEMPLATE_HELPERS: Record<string, Handlebars.HelperDelegate> = {
  eq: (a: unknown, b: unknown) => a === b,
  inc: (n: number) => n + 1,
  image: (src: unknown, alt: unknown) => new Handlebars.SafeString(imageMarkdown(String(src ?? ''), normalizeText(alt instanceof OutlineText ? alt.text : String(alt ?? '')))),
};
