// citeproc-js's HTML output (i, b, sup, span, a, div) → inline Markdown: *italic*, **bold**, [text](https://…);
// everything else is text, with the characters Markdown would read escaped.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text as Markdown text: `*`, `_`, `[`, `]`, backslash, backtick and `<` escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]`<]/g, '\\$&');
}

function safeUrl(href: string): string | undefined {
  const url = decodeEntities(href).trim();
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  return url.replace(/[()<> \\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

interface Open { tag: string; marker: string; at: number; href?: string; margin?: boolean; flip?: boolean }

function markerOf(tag: string, attrs: string): Pick<Open, 'marker' | 'flip' | 'margin'> {
  const style = /style="([^"]*)"/.exec(attrs)?.[1] ?? '';
  if (tag === 'i' || tag === 'em' || /font-style:\s*italic/.test(style)) return { marker: '*' };
  if (tag === 'b' || tag === 'strong' || /font-weight:\s*bold/.test(style)) return { marker: '**' };
  if (/font-style:\s*normal/.test(style)) return { marker: '', flip: true };
  if (/class="csl-left-margin"/.test(attrs)) return { marker: '', margin: true };
  return { marker: '' };
}

/** citeproc HTML → inline Markdown. Line breaks and block wrappers become single spaces. */
export function htmlToMarkdown(html: string): string {
  let out = '';
  const stack: Open[] = [];
  let italics = 0;
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)([^>]*)>|([^<]+)|</gi)) {
    if (m[4] !== undefined || m[2] === undefined) {
      out += escapeMarkdown(decodeEntities(m[4] ?? '<')).replace(/\s+/g, ' ');
      continue;
    }
    const tag = m[2].toLowerCase();
    if (tag === 'br') { out += ' '; continue; }
    if (!m[1]) {
      if (/\/\s*$/.test(m[3]!)) continue;
      const open: Open = { tag, at: out.length, ...markerOf(tag, m[3]!) };
      if (tag === 'a') open.href = /href="([^"]*)"/.exec(m[3]!)?.[1];
      if (open.marker === '*') italics += 1;
      if (open.flip && italics > 0) out = reopen(out);
      open.at = out.length;
      stack.push(open);
      continue;
    }
    const index = stack.map((o) => o.tag).lastIndexOf(tag);
    if (index < 0) continue;
    for (const open of stack.splice(index).reverse()) out = close(out, open, () => (italics -= open.marker === '*' ? 1 : 0), italics);
  }
  for (const open of stack.reverse()) out = close(out, open, () => {}, italics);
  return out.replace(/\s+/g, ' ').trim();
}

/** An upright span inside italics ends them before it and starts them again after it (spaces kept outside). */
function reopen(out: string): string {
  return out.replace(/(\s*)$/, '*$1');
}

function close(out: string, open: Open, done: () => void, italics: number): string {
  done();
  const inner = out.slice(open.at);
  const head = out.slice(0, open.at);
  if (open.href !== undefined) {
    const url = safeUrl(open.href);
    return url && inner.trim() ? `${head}[${inner.trim()}](${url})` : out;
  }
  if (open.margin) return `${head}${inner.trim()} `;
  if (open.flip) return italics > 0 ? reopen(out) : out;
  if (!open.marker) return out;
  if (!inner.trim()) return out;
  const lead = /^\s*/.exec(inner)![0];
  const trail = /\s*$/.exec(inner)![0];
  return `${head}${lead}${open.marker}${inner.trim()}${open.marker}${trail}`;
}
