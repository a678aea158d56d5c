import { resolve } from 'node:path';
import { resolveOutlines } from './build.ts';
import { BrowserSession } from './export/browser.ts';
import { fitDeck } from './fit.ts';
import { PaparanError, sortMessages, type PaparanMessage } from './messages.ts';
import { prepare } from './prepare.ts';
import { sweepTempDirs, tempRoot } from './temp.ts';
import { projectRoot } from './project.ts';

/** Options of {@link check}. */
export interface CheckOptions {
  outlines?: string[];
  root?: string;
  autoSplit?: boolean;
  /** Measure overflow in the browser (default true). */
  overflow?: boolean;
  browser?: BrowserSession;
}

/** Validates outlines and measures overflow; writes nothing. Every problem `build` would refuse is returned, none thrown. */
export async function check(options: CheckOptions = {}): Promise<{ messages: PaparanMessage[] }> {
  const root = projectRoot(options.root, options.outlines);
  // Temp folders of builds and dev sessions that were killed hold whole copies of talks: they go whenever a run
  // starts a browser of its own (`check --no-overflow`, the quick one, leaves them to the next build or check).
  if (options.overflow !== false) sweepTempDirs(tempRoot());
  const messages = new Map<string, PaparanMessage>();
  const add = (list: PaparanMessage[]) => list.forEach((m) => messages.set(m.format(), m));
  const expected = (error: unknown) => {
    if (!(error instanceof PaparanError)) throw error;
    add(error.messages);
  };
  let files: string[] = [];
  try {
    files = resolveOutlines(root, options.outlines);
  } catch (error) {
    expected(error);
    return { messages: sortMessages([...messages.values()]) };
  }
  const browser = options.browser ?? new BrowserSession();
  try {
    for (const file of files) {
      try {
        const prepared = prepare(file, { root, autoSplit: options.autoSplit });
        add(prepared.warnings);
        if (options.overflow !== false) add((await fitDeck(prepared, browser)).messages);
      } catch (error) {
        expected(error);
      }
    }
  } finally {
    if (!options.browser) await browser.close();
  }
  return { messages: sortMessages([...messages.values()]) };
}
