import type { Position } from '../messages.ts';

export type Point = string | { text: string; points: string[] };
export interface Column {
  heading?: string;
  points: Point[];
}
export interface ImageRef {
  /** The path as written in the outline. */
  src: string;
  /** The resolved absolute path inside the project. */
  path: string;
}
export type FieldValue = string | Point[] | Column | ImageRef;

export type HandoutMode = 'notes' | 'lines' | 'blank';
export interface HandoutOptions {
  perPage: 1 | 2 | 3 | 4 | 6;
  mode: HandoutMode;
  paper: 'a4' | 'letter';
}

export type RuleSetting = 'off' | 'warning' | 'error';

export interface Deck {
  title: string;
  subtitle?: string;
  author?: string;
  institution?: string;
  date?: string;
  lang: 'id' | 'en';
  theme: string;
  duration?: number;
  shortTitle?: string;
  handout: HandoutOptions;
  autoSplit: boolean;
  speakingRate: number;
  rules: Record<string, RuleSetting>;
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
  /** Local images referenced by the body: the path as written → the checked absolute path. */
  bodyImages: Record<string, string>;
}
