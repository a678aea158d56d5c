import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { bodySlideLimitLine } from '../../scripts/outline/body.ts';
import { MAX_SLIDES } from '../../scripts/outline/validate.ts';
import { deckSource, outlineFrom } from '../helpers.ts';

describe('bodySlideLimitLine', () => {
  it('counts slides as Marp splits them: top-level ---, *** and ___', () => {
    expect(bodySlideLimitLine('', 10, 1)).toBeUndefined();
    expect(bodySlideLimitLine('# one\n', 10, 1)).toBeUndefined();
    expect(bodySlideLimitLine('# one\n\n---\n\n# two\n', 10, 1)).toBe(12);
    expect(bodySlideLimitLine('# one\n\n---\n\n# two\n', 10, 2)).toBeUndefined();
    expect(bodySlideLimitLine('a\n\n***\n\nb\n\n_ _ _\n\nc\n', 1, 2)).toBe(7);
    // Leading blank lines are trimmed by the renderer, not by the line count.
    expect(bodySlideLimitLine('\n\n# one\n\n---\n# two\n', 10, 1)).toBe(14);
    // No room left: the body's first slide is one too many.
    expect(bodySlideLimitLine('\n# one\n', 10, 0)).toBe(11);
  });

  it('does not count breaks in fenced code, HTML blocks or setext headings', () => {
    const body = ['# one', '', '```yaml', '---', 'a: 1', '---', '```', '', 'Heading', '---', '', '<div>', '---', '</div>', '', '---', '', '# two'].join('\n');
    expect(bodySlideLimitLine(body, 1, 1)).toBe(16);
    expect(bodySlideLimitLine(body, 1, 2)).toBeUndefined();
  });

  it('counts headings too when the body sets headingDivider', () => {
    expect(bodySlideLimitLine('<!-- headingDivider: 2 -->\n\n# a\n\n## b\n\n## c\n', 1, 2)).toBe(7);
    expect(bodySlideLimitLine('<!-- headingDivider: 2 -->\n\ntext\n\n# a\n\n## b\n', 1, 2)).toBe(7);
    expect(bodySlideLimitLine('# a\n\n## b\n\n## c\n', 1, 2)).toBeUndefined();
  });

  it('counts breaks that a fence-tracking line scan would miss (a fence closed by its list item)', () => {
    const body = `- item\n  \`\`\`\n  code\n${'\n---\n'.repeat(5)}`;
    expect(bodySlideLimitLine(body, 1, 4)).toBe(11);
    expect(bodySlideLimitLine(body, 1, 5)).toBe(13);
    expect(bodySlideLimitLine(body, 1, 6)).toBeUndefined();
  });
});

describe('validate: every slide counts against the limit', () => {
  const errorsOf = (source: string): PaparanMessage[] => {
    try {
      outlineFrom(source);
    } catch (error) {
      if (error instanceof PaparanError) return error.messages.filter((m) => m.fatal);
      throw error;
    }
    return [];
  };

  it(`refuses a body that takes the deck over ${MAX_SLIDES} slides, at the slide that crosses`, () => {
    const head = deckSource('  - layout: title\n  - layout: closing\n', 'rules: { notes-missing: off }\n');
    const headLines = head.split('\n').length - 1;
    const [m] = errorsOf(`${head}# first\n${'\n---\n'.repeat(MAX_SLIDES)}`);
    expect(m?.rule).toBe('too-many-slides');
    // Slide 501 is the 499th body slide: it starts at the 498th break, on body line 2 × 498 + 1.
    expect(m?.position).toEqual({ line: headLines + 2 * 498 + 1, column: 1 });
    expect(m?.message).toContain(`more than ${MAX_SLIDES} slides: 2 in \`slides\``);
    expect(errorsOf(`${head}# first\n${'\n---\n'.repeat(MAX_SLIDES - 3)}`)).toEqual([]);
  });
});
