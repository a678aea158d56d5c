import type { TemplateSet } from '../layouts.ts';
import type { MessageList, Position } from '../messages.ts';
import type { ImageStore } from './images.ts';
import type { LoadedOutline, PathKey } from './load.ts';

/** What the checks of one outline share: its source, its layouts, the messages found so far. */
export interface SlideContext {
  loaded: LoadedOutline;
  templates: TemplateSet;
  messages: MessageList;
  at: (path: PathKey[]) => Position;
  keyAt: (path: PathKey[]) => Position;
  text: (path: PathKey[], value: unknown) => string | undefined;
  warn: (position: Position, rule: string, message: string, hint?: string) => void;
  /** The place at `path` named for people: `` `subtitle` on slide 7 "Penutup" ``. */
  place: (path: readonly PathKey[]) => string;
  /** Checks and reads images, each file once per outline. */
  images: ImageStore;
}

/** A message may start with a place name: `Slide 2 "Poin" has…`. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
