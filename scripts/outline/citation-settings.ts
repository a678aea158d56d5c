import type { MessageList, Position } from '../messages.ts';
import { describe } from './report.ts';
import type { PathKey } from './load.ts';
import type { CitationSettings } from './types.ts';

/** Deck fields for citations: `bibliography` (a file or a list), `csl` (a style name or a .csl file), `references`. */
export const CITATION_FIELDS = ['bibliography', 'csl', 'references'] as const;

interface Context {
  at: (path: PathKey[]) => Position;
  messages: MessageList;
}

/**
 * Reads the citation fields; the files are found and read later, by the cite stage (scripts/cite.ts). Without
 * `bibliography` nothing is a citation: an `@` stays text.
 */
export function readCitationSettings(data: Record<string, unknown>, { at, messages }: Context): CitationSettings | undefined {
  const raw = data.bibliography;
  const csl = data.csl;
  const references = data.references;
  if (references !== undefined && references !== 'auto' && references !== 'off') {
    messages.error(at(['references']), 'field-type', `\`references\` must be \`auto\` or \`off\`, not ${describe(references)}`, 'Write `references: off` to leave the references slide out; `auto` (the default) adds it before the closing slide');
  }
  if (csl !== undefined && (typeof csl !== 'string' || !csl.trim())) {
    messages.error(at(['csl']), 'field-type', `\`csl\` must be a style name or a .csl file, not ${describe(csl)}`, 'Write `csl: apa` (or ieee, chicago-author-date, harvard), or the path of a .csl file in the project');
  }
  if (raw === undefined || raw === null) {
    if (csl !== undefined) messages.warn(at(['csl']), 'bibliography-missing', '`csl` is set, but there is no `bibliography` to cite from', 'Add `bibliography: pustaka.bib` (a BibTeX or CSL-JSON file exported from Zotero or Mendeley)');
    return undefined;
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const files: { src: string; position: Position }[] = [];
  list.forEach((value, i) => {
    const path: PathKey[] = Array.isArray(raw) ? ['bibliography', i] : ['bibliography'];
    if (typeof value !== 'string' || !value.trim()) {
      messages.error(at(path), 'field-type', `\`bibliography\` must be a file or a list of files, not ${describe(value)}`, 'Write `bibliography: pustaka.bib`, or a list: `bibliography: [pustaka.bib, tambahan.json]`');
      return;
    }
    files.push({ src: value.trim(), position: at(path) });
  });
  return {
    files,
    csl: typeof csl === 'string' && csl.trim() ? csl.trim() : 'apa',
    cslPosition: csl === undefined ? undefined : at(['csl']),
    references: references === 'off' ? 'off' : 'auto',
  };
}
