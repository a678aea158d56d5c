import { createRequire } from 'node:module';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Mammoth = typeof import('mammoth');

// mammoth is CommonJS: loaded on first use.
let lib: Mammoth | undefined;
const mammoth = () => (lib ??= createRequire(import.meta.url)('mammoth') as Mammoth);

/** Word's own heading styles, and the title, as headings; everything else as mammoth's defaults. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

const BLOCKS = new Set(['p', 'li', 'pre', 'caption', 'dt', 'dd']);

/** The text of an element: its text nodes, with a line break or cell break as a space. */
function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (node.nodeName === 'br') return ' ';
  // Footnote and endnote references ([1]) are not part of the sentence.
  if (node.nodeName === 'sup' && 'childNodes' in node && node.childNodes.some((c) => c.nodeName === 'a')) return '';
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/**
 * The chapter of a Word document as the Markdown-like text `readChapter` reads: `#` lines for Word's heading styles
 * (Heading 1 to 6, Title), a blank line between paragraphs, list items and table cells as paragraphs of their own.
 */
export async function docxText(buffer: Buffer): Promise<string> {
  const m = mammoth();
  const result = await m.convertToHtml(
    { buffer },
    { styleMap: STYLE_MAP, ignoreEmptyParagraphs: true, externalFileAccess: false, convertImage: m.images.imgElement(async () => ({ src: '' })) },
  );
  const out: string[] = [];
  const walk = (node: Node) => {
    const heading = /^h([1-6])$/.exec(node.nodeName);
    if (heading || BLOCKS.has(node.nodeName)) {
      const nested = 'childNodes' in node ? node.childNodes.filter((c) => c.nodeName === 'ul' || c.nodeName === 'ol' || c.nodeName === 'table') : [];
      const own = 'childNodes' in node ? node.childNodes.filter((c) => !nested.includes(c)) : [];
      const text = own.map(textOf).join('').replace(/[\s\u00A0]+/g, ' ').trim();
      if (text) out.push(heading ? `${'#'.repeat(Number(heading[1]))} ${text}` : text);
      nested.forEach(walk);
      return;
    }
    if ('childNodes' in node) node.childNodes.forEach(walk);
  };
  walk((createRequire(import.meta.url)('parse5') as typeof import('parse5')).parseFragment(result.value) as unknown as Node);
  return out.join('\n\n');
}
