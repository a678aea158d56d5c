import { describe, expect, it } from 'vitest';
import { PaparanError } from '../../scripts/messages.ts';
import { loadOutline } from '../../scripts/outline/load.ts';

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

});

describe('loadOutline: a .yaml outline', () => {
  it('reads the whole file as the front matter, with positions in the file', () => {
    const loaded = loadOutline('title: A\nslides:\n  - layout: points\n    title: B\n', 'slides/x.yaml');
    expect(loaded.data.title).toBe('A');
    expect(loaded.body).toBe('');
    expect(loaded.positionOf(['slides', 0, 'title'])).toEqual({ line: 4, column: 12 });
  });
});
