import { readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { PaparanError, type Position } from '../messages.ts';
import { BUNDLED_STYLES, citationJs } from './citation-js.ts';

/** A project .csl larger than this is refused (the largest styles in the CSL repository are under 300 kB). */
export const STYLE_MAX_BYTES = 1024 * 1024;

const HINT = 'A CSL style is an XML file whose root is <style xmlns="http://purl.org/net/xbiblio/csl" …> with <citation> and <bibliography>; save one from the Zotero Style Repository (zotero.org/styles)';

function lineOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** The style's XML: a bundled name (apa, chicago-author-date, ieee, harvard) or the path of a project .csl. */
export function styleXml(style: string): string {
  if (BUNDLED_STYLES.includes(style)) return citationJs().csl.templates.get(style)!;
  if (!isAbsolute(style) && !/\.csl$/i.test(style)) {
    throw PaparanError.input(style, { line: 0, column: 0 }, 'csl-unknown', `There is no bundled citation style "${style}"`, `Use one of ${BUNDLED_STYLES.join(', ')} (did you mean ${closest(style, [...BUNDLED_STYLES])}?), or the path of a .csl file in the project`);
  }
  let xml: string;
  try {
    if (statSync(style).size > STYLE_MAX_BYTES) throw PaparanError.input(style, { line: 0, column: 0 }, 'csl-invalid', `The style file is larger than ${STYLE_MAX_BYTES / 1048576} MB`, HINT);
    xml = readFileSync(style, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof PaparanError) throw e;
    throw PaparanError.input(style, { line: 0, column: 0 }, 'csl-missing', `The citation style file "${basename(style)}" cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'Check the path in `csl:`; it is relative to the project folder');
  }
  checkStyle(style, xml);
  return xml;
}

/** Throws `csl-invalid` at the line of the first thing that makes this not a usable CSL style. */
function checkStyle(file: string, xml: string): void {
  const fail = (offset: number, message: string, hint = HINT) => {
    throw PaparanError.input(file, lineOf(xml, offset), 'csl-invalid', message, hint);
  };
  const root = /<(?![?!])([A-Za-z_][\w:.-]*)([^>]*)>/.exec(xml.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length)));
  if (!root) return fail(0, 'This file is not a CSL style: it has no XML element');
  if (root[1] !== 'style') return fail(root.index, `This file is not a CSL style: its root element is <${root[1]}>, not <style>`);
  if (!/xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(root[2]!)) return fail(root.index, 'This <style> is not in the CSL namespace', 'The root must read <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">');
  const parent = /<link\b[^>]*rel="independent-parent"[^>]*>/.exec(xml);
  if (parent) {
    const href = /href="([^"]*)"/.exec(parent[0])?.[1] ?? '';
    return fail(parent.index, 'This is a dependent CSL style: it only names its parent style and has no rules of its own', `Use the parent style instead: save ${basename(href) || 'it'}.csl from the Zotero Style Repository and point \`csl:\` at it`);
  }
  const citation = /<citation\b/.exec(xml);
  if (!citation) return fail(root.index, 'This CSL style has no <citation> element');
  const layout = /<layout\b/.exec(xml.slice(citation.index));
  if (!layout) return fail(citation.index, 'The <citation> of this style has no <layout>');
}

/** Makes a citeproc-js engine, turning a style citeproc cannot read into a `csl-invalid` message. */
export function newEngine<T>(make: () => T, style: string): T {
  try {
    return make();
  } catch (e) {
    if (BUNDLED_STYLES.includes(style)) throw e;
    const message = String(e instanceof Error ? e.message : e).replace(/^citeproc-js error: /, '').split('\n')[0];
    throw PaparanError.input(style, { line: 1, column: 1 }, 'csl-invalid', `citeproc cannot use this style: ${message}`, HINT);
  }
}
