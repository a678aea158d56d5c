// The baseline: plain marp-cli on the very Markdown paparan writes (`--format md`), with the same themes and browser.
import { join } from 'node:path';
import { run } from './measure.ts';
import { BIN, ROOT } from './paths.ts';

const MARP = join(ROOT, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js');

/** Where `writeMarkdown` puts a deck's Markdown, relative to the project. */
const markdownOf = (deck: string) => join('md', deck, `${deck}.md`);

/** Writes every deck's Marp Markdown with `paparan build --format md` (not timed). */
export async function writeMarkdown(project: string, decks: string[]): Promise<void> {
  await run([BIN, 'build', '--format', 'md', '--out', 'md', ...decks.map((d) => `slides/${d}.md`)], project);
}

/** `marp --theme-set themes -o out-b/<deck>.html` on the deck's Markdown. */
export const marpHtml = (deck: string) => [MARP, '--no-config-file', '--theme-set', 'themes', '-o', `out-b/${deck}.html`, markdownOf(deck)];

/** `marp --theme-set themes --pdf -o out-b/<deck>.pdf` on the deck's Markdown. */
export const marpPdf = (deck: string) => [MARP, '--no-config-file', '--theme-set', 'themes', '--pdf', '-o', `out-b/${deck}.pdf`, markdownOf(deck)];
