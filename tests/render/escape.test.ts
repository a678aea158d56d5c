import { describe, expect, it } from 'vitest';
import { escapeInline, escapeNotes, normalizeText, yamlString } from '../../scripts/render/escape.ts';
import { NOTES_MARK, reflowNotes } from '../../scripts/render/engine.mjs';
import { createMarp } from '../../scripts/render/marp.ts';
import { parse } from 'yaml';

const marp = createMarp();
/** Renders one line of escaped text as a list item and returns the item's HTML. */
const inline = (text: string) => {
  const html = marp.markdown.render(`- ${escapeInline(text)}\n`);
  const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)];
  expect(items).toHaveLength(1);
  expect((html.match(/<section/g) ?? []).length).toBe(1);
  return items[0]![1];
};

describe('escapeInline', () => {
  it.each([
    ['---', '---'],
    ['# x', '# x'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<!-- class: x -->', '&lt;!-- class: x --&gt;'],
    ['{{title}}', '{{title}}'],
    ['1. satu', '1. satu'],
    ['> kutipan', '&gt; kutipan'],
    ['* bintang', '* bintang'],
    ['$x$ dan $$y$$', '$x$ dan $$y$$'],
    ['a | b', 'a | b'],
    ['* * *', '* * *'],
    ['___', '___'],
    ['&lt; tetap', '&amp;lt; tetap'],
    ['C#', 'C#'],
    ['===', '==='],
    ['a\\<b>', 'a\\&lt;b&gt;'],
  ])('keeps %j literal', (text, html) => {
    expect(inline(text)).toBe(html);
  });

  it('keeps inline Markdown: bold, italic, code, links', () => {
    expect(inline('**tebal** dan *miring* dan `kode <b>` dan [tautan](https://example.org)')).toBe(
      '<strong>tebal</strong> dan <em>miring</em> dan <code>kode &lt;b&gt;</code> dan <a href="https://example.org">tautan</a>',
    );
  });

  it('turns image syntax into a plain link: no image, no background, nothing fetched', () => {
    const html = inline('![bg](http://x/y.png)');
    expect(html).not.toContain('<img');
    expect(html).toBe('!<a href="http://x/y.png">bg</a>');
  });

  it('never produces a javascript: link', () => {
    expect(inline('[klik](javascript:alert(1))')).not.toContain('href');
  });

  it('folds line breaks and drops control characters', () => {
    expect(normalizeText('a\nb\r\nc\u2028d\u0000e\u0007')).toBe('a b c de');
    expect(inline('baris\n---\n# judul')).toBe('baris --- # judul');
  });
});

describe('escapeNotes', () => {
  it('cannot close the comment or become a directive', () => {
    const notes = escapeNotes('Catatan --> <!-- class: x\nclass: lead\n_paginate: false');
    expect(notes).not.toContain('-->');
    const rendered = marp.render(`# a\n\n<!--\n${NOTES_MARK}\n${notes}\n-->\n`);
    expect(rendered.html).not.toContain('class="lead"');
    expect(rendered.comments[0]?.[0]).toContain('Catatan');
  });

  // Regression (issue 11.3): notes that parse as a YAML mapping in any form became Marp directives.
  it.each([
    ['a flow mapping', '{ _class: lead, _header: "HACKED", style: "section { color: red }" }'],
    ['an explicit key', '? _header\n: HACKED'],
    ['key: value lines', '_class: lead\nheader: HACKED\nbackgroundImage: url(http://example.com/x.png)'],
    ['a global style', 'style: "@import url(http://example.com/x.css);"'],
  ])('notes written as %s stay notes, word for word', (_name, text) => {
    const rendered = marp.render(`# a\n\n<!--\n${NOTES_MARK}\n${escapeNotes(text)}\n-->\n`);
    expect(rendered.html).not.toMatch(/HACKED|class="lead"|example\.com/);
    expect(rendered.css).not.toContain('example.com');
    // Word for word; the lines of one paragraph are joined for the presenter view (issue 14).
    expect(rendered.comments[0]?.[0]?.split(/\s+/)).toEqual(text.split(/\s+/));
    expect(rendered.comments[0]).toEqual([reflowNotes(text)]);
  });
});

describe('yamlString', () => {
  it('round-trips any text through YAML', () => {
    for (const text of ['a "b" \\ c', 'ümlaut ✓ 🎉', 'x\u007fy\u0085z', '#: - ---']) {
      expect(parse(`k: ${yamlString(text)}`).k).toBe(normalizeText(text));
    }
  });
});
