import { describe, expect, it } from 'vitest';
import { paparanMarp } from '../../scripts/render/engine.mjs';
import { hyphenatedRuns } from '../../scripts/render/nobr.mjs';

// Issue 14: "negara-" at a line's end, "Pasca- / Perang Dingin" in a title.
describe('hyphenated words are kept whole', () => {
  it('finds reduplicated and compound words, and leaves the rest', () => {
    expect(hyphenatedRuns('kepentingan-kepentingan negara-negara Pasca-Perang Dingin, 2001-2005 — x - y')).toEqual([
      { text: 'kepentingan-kepentingan', whole: true },
      { text: ' ', whole: false },
      { text: 'negara-negara', whole: true },
      { text: ' ', whole: false },
      { text: 'Pasca-Perang', whole: true },
      { text: ' Dingin, ', whole: false },
      { text: '2001-2005', whole: true },
      { text: ' — x - y', whole: false },
    ]);
    // A chain longer than any column: left to break rather than overflow.
    expect(hyphenatedRuns(`${'abcdefgh-'.repeat(6)}z`).every((run) => !run.whole)).toBe(true);
  });

  it('wraps them in headings, lists and emphasis, never in code or alt text', () => {
    const { html } = paparanMarp().render('# Pasca-Perang Dingin\n\n- kepentingan-kepentingan **negara-negara** `a-b`\n\n![](data:image/png;base64,iVBORw0KGgo= "paparan-alt:peta-peta")');
    expect(html).toContain('<h1 id="pasca-perang-dingin"><span class="nobr">Pasca-Perang</span> Dingin</h1>');
    expect(html).toContain('<span class="nobr">kepentingan-kepentingan</span> <strong><span class="nobr">negara-negara</span></strong> <code>a-b</code>');
    expect(html).toContain('alt="peta-peta"');
  });
});
