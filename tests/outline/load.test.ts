import { describe, expect, it } from 'vitest';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline, MAX_OUTLINE_BYTES } from '../../scripts/outline/load.ts';

const fails = (source: string) => {
  try {
    loadOutline(source, 'slides/x.md');
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages[0]!;
  }
  throw new Error('expected a PaparanError');
};

describe('loadOutline', () => {
  it('keeps the source position of every node, counted in the whole file', () => {
    const loaded = loadOutline('---\ntitle: A\nslides:\n  - layout: points\n    title: B\n---\nbody\n', 'x.md');
    expect(loaded.data.title).toBe('A');
    expect(loaded.positionOf(['slides', 0, 'title'])).toEqual({ line: 5, column: 12 });
    expect(loaded.keyPositionOf(['slides', 0, 'title'])).toEqual({ line: 5, column: 5 });
    expect(loaded.positionOf(['slides', 0, 'missing'])).toEqual({ line: 4, column: 5 });
    expect(loaded.body).toBe('body\n');
    expect(loaded.bodyLine).toBe(7);
  });

  it('reports a YAML syntax error at its line and column with a hint', () => {
    const m = fails('---\ntitle: A\nslides:\n  - layout: points\n    title: "unclosed\n---\n');
    expect(m.rule).toBe('yaml-syntax');
    expect(m.position.line).toBe(5);
    expect(m.hint).toBeTruthy();
  });

  it('reports a duplicate key', () => {
    const m = fails('---\ntitle: A\ntitle: B\n---\n');
    expect(m.position).toEqual({ line: 3, column: 1 });
    expect(m.hint).toMatch(/once/);
  });

  it('refuses a file without front matter', () => {
    expect(fails('# just markdown\n').rule).toBe('front-matter-missing');
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
    lines.push('---');
    const start = performance.now();
    expect(fails(lines.join('\n')).rule).toBe('yaml-aliases');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('refuses deep nesting', () => {
    const start = performance.now();
    expect(fails(`---\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n`).rule).toMatch(/yaml-(too-deep|syntax)/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('refuses an outline over the size limit before parsing it', () => {
    const start = performance.now();
    const m = fails(`---\ntitle: "${'a'.repeat(10 * 1024 * 1024)}"\n---\n`);
    expect(m.rule).toBe('outline-too-large');
    expect(m.message).toContain(`${MAX_OUTLINE_BYTES / 1024 / 1024} MB`);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('keeps __proto__ keys as plain data without touching any prototype', () => {
    const loaded = loadOutline('---\ntitle: A\n__proto__: { polluted: true }\nslides: []\n---\n', 'x.md');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(loaded.data)).toBe(Object.prototype);
    expect(Object.keys(loaded.data)).toContain('__proto__');
  });
});
