import { resolve } from 'node:path';
import { prepare } from './build.ts';
import { findOutlines, findRoot } from './project.ts';
import { BrowserSession } from './export/browser.ts';
import { fitDeck } from './fit.ts';
import { PaparanError, sortMessages, type PaparanMessage } from './messages.ts';

/** Options of {@link check}. */
export interface CheckOptions {
  outlines?: string[];
  root?: string;
  autoSplit?: boolean;
  /** Measure overflow in the browser (default true). */
  overflow?: boolean;
  browser?: BrowserSession;
}

/** Validates outlines and measures overflow; writes nothing. Every problem is returned, none thrown. */
export async function check(options: CheckOptions = {}): Promise<{ messages: PaparanMessage[] }> {
  const root = resolve(options.root ?? findRoot());
  const files = options.outlines?.length ? options.outlines : findOutlines(root);
  const messages: PaparanMessage[] = [];
  const browser = options.browser ?? new BrowserSession();
  try {
    for (const file of files) {
      try {
        const prepared = prepare(file, { root, autoSplit: options.autoSplit });
        messages.push(...prepared.warnings);
        if (options.overflow !== false) messages.push(...(await fitDeck(prepared, browser)).messages);
      } catch (error) {
        if (error instanceof PaparanError) messages.push(...error.messages);
        else throw error;
      }
    }
  } finally {
    if (!options.browser) await browser.close();
  }
  return { messages: sortMessages(messages) };
}
