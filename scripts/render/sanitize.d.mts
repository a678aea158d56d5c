/** Something the sanitizer took out. */
export interface Removal {
  /** An element (dropped or unwrapped), an attribute, a URL-valued attribute, or a piece of CSS. */
  kind: 'element' | 'attribute' | 'url' | 'css-rule' | 'directive';
  /**
   * Tag name (`#comment` for an HTML comment), attribute name, CSS property, `@import`/`@rule`, a rule's selector,
   * `/* comment *&#47;` for a CSS comment holding a URL, or `unparsable CSS` (the whole stylesheet or style attribute went).
   */
  name: string;
  /** The URL that was refused, when there is one (`expression(` for a CSS expression). */
  url?: string;
  /** CSS only: 1-based position of the removed node in the input (for a `style` attribute: within its value). */
  line?: number;
  column?: number;
}

export interface CssOptions {
  /** Keep `@import 'name'` of another Marp theme (bare names only, never URLs): for theme files before Marpit reads them. */
  themeImports?: boolean;
}

/** Sanitizes Marp's `render().html` (a `<body>` fragment); idempotent, never throws. */
export declare function sanitizeHtml(html: string): { html: string; removed: Removal[] };
/** Sanitizes a stylesheet (`render().css`, a theme, a `<style>`'s text), keeping what is allowed byte for byte. */
export declare function sanitizeCss(css: string, options?: CssOptions): { css: string; removed: Removal[] };
/** Sanitizes a `style="..."` attribute value (a declaration list). */
export declare function sanitizeStyleAttribute(value: string): { css: string; removed: Removal[] };
