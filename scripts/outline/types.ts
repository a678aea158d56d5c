import type { Position } from '../messages.ts';

export type Point = string | { text: string; points: string[] };
export interface Column {
  heading?: string;
  points: Point[];
}
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/svg+xml';
export interface ImageRef {
  /** The path as written in the outline. */
  src: string;
  /** The real absolute path (symlinks resolved) inside the project. */
  path: string;
  /** The file's content, read once when it was checked: embed and hash these bytes, never re-read `path`. */
  bytes: Buffer;
  /** Judged from the content, which matches the file's extension. */
  mime: ImageMime;
  /** Pixels (PNG, JPEG) or the SVG's own width/height or viewBox size; absent for an SVG that states none. */
  width?: number;
  height?: number;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
}
export type FieldValue = string | boolean | Point[] | Column | ImageRef;

export type HandoutMode = 'notes' | 'lines' | 'blank';
export interface HandoutOptions {
  perPage: 1 | 2 | 3 | 4 | 6;
  mode: HandoutMode;
  paper: 'a4' | 'letter';
}

export type RuleSetting = 'off' | 'warning' | 'error';

/** The outline's citation settings (see scripts/outline/citation-settings.ts). */
export interface CitationSettings {
  /** Bibliography files as written, with where they are written. */
  files: { src: string; position: Position }[];
  /** A bundled style name (apa, ieee, chicago-author-date, harvard) or a .csl file. */
  csl: string;
  cslPosition?: Position;
  references: 'auto' | 'off';
}

export interface Deck {
  title: string;
  subtitle?: string;
  author?: string;
  institution?: string;
  /** Title-slide fields of a thesis defence (see TITLE_FIELDS in settings.ts): NIM, supervisors, faculty, university, logo. */
  studentId?: string;
  supervisors?: string[];
  faculty?: string;
  university?: string;
  logo?: ImageRef;
  date?: string;
  lang: 'id' | 'en';
  theme: string;
  duration?: number;
  shortTitle?: string;
  handout: HandoutOptions;
  autoSplit: boolean;
  speakingRate: number;
  rules: Record<string, RuleSetting>;
  citations?: CitationSettings;
}

export interface Slide {
  /** Index in the outline's `slides` list. */
  index: number;
  layout: string;
  id?: string;
  notes?: string;
  fields: Record<string, FieldValue>;
  position: Position;
  /** Set on the second and later parts of an auto-split slide. */
  continuation?: boolean;
  /** `backup: true`: an appendix slide, shown after the closing slide and left out of the talk's count and time. */
  backup?: boolean;
}

/** A validated outline, ready to render. */
export interface Outline {
  file: string;
  /** Absolute directory of the outline, for resolving images. */
  dir: string;
  deck: Deck;
  slides: Slide[];
  /** Raw Marp Markdown appended after the generated slides (the escape hatch). */
  body: string;
  bodyLine: number;
  /** Local images referenced by the body, checked and read: the path as written (without `<>`) → the image. */
  bodyImages: Record<string, ImageRef>;
}
