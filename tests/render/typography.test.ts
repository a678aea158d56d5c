import { describe, expect, it } from 'vitest';
import { paparanMarp } from '../../scripts/render/engine.mjs';

// Issue 14: "Energy Information Administration's" and 'gas' were set with typewriter quotes.
describe('typographic quotes', () => {
  it('sets apostrophes and quotes as a typesetter would, and leaves code, math and other characters alone', () => {
    const { html } = paparanMarp().render(`# Russia's "interest"\n\n- 'gas' and (c) -- x\n- \`it's\` code`);
    expect(html).toContain('Russia’s “interest”</h1>');
    expect(html).toContain('<li>‘gas’ and (c) -- x</li>');
    expect(html).toContain("<code>it's</code>");
  });
});

describe('typographic quotes in printed notes', () => {
  it('sets them in the handout and the script too', async () => {
    const { notesHtml } = await import('../../scripts/export/print.ts');
    expect(notesHtml(`Russia's "interest" (c) -- x`)).toBe('<p>Russia’s “interest” (c) -- x</p>\n');
  });
});
