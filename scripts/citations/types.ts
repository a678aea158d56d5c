import type { Position } from '../messages.ts';

/** One work cited inside a citation, with what surrounds it (`see @a, hlm. 12 and passim`). */
export interface CitationItem {
  key: string;
  /** The locator as written, label included: `hlm. 12`, `p. 3`, `bab 2`, `12` (a bare number is a page). */
  locator?: string;
  /** Inline Markdown written before the key, e.g. `see`. */
  prefix?: string;
  /** Inline Markdown written after the locator, e.g. `and passim`, or `, and elsewhere` when there is no locator. */
  suffix?: string;
  suppressAuthor: boolean;
}

/** One citation found in a text: `[@a; @b, hlm. 12]`, `[-@a]` or narrative `@a`. Offsets are UTF-16 indices into the text. */
export interface CitationRef {
  start: number;
  end: number;
  narrative: boolean;
  items: CitationItem[];
}

/** One work of the bibliography, as CSL-JSON, with where it was written. */
export interface BibEntry {
  key: string;
  csl: Record<string, unknown>;
  file: string;
  /** line:col of the entry in its file (`@type{key,` in a .bib, the object's `{` in CSL-JSON). */
  position: Position;
}
