import { existsSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../../scripts/messages.ts';
import { splitFrontMatter } from '../../scripts/outline/frontmatter.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { tempDir } from '../helpers.ts';

function refusal(run: () => unknown): PaparanMessage {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages[0]!;
  }
  throw new Error('expected a PaparanError');
}

/** Front matter that writes `marker` if anything evaluates it as JavaScript. */
const payload = (tag: string, marker: string) => `${tag}\n({ title: require('fs').writeFileSync(${JSON.stringify(marker)}, '1') || 'x', slides: [] })\n---\n# body\n`;

describe('splitFrontMatter', () => {
  it('splits YAML front matter from the body, with the lines each starts on', () => {
    expect(splitFrontMatter('---\ntitle: A\n---\n# B\n', 'x.md')).toEqual({ yaml: 'title: A', body: '# B\n', yamlLine: 2, bodyLine: 4, closed: true });
    expect(splitFrontMatter('\uFEFF---\r\ntitle: A\r\n---  \r\nbody', 'x.md')).toEqual({ yaml: 'title: A', body: 'body', yamlLine: 2, bodyLine: 4, closed: true });
  });

  it('accepts a `yaml` tag, with or without blanks', () => {
    for (const open of ['---yaml', '--- yaml ', '---YAML', '---yml']) expect(splitFrontMatter(`${open}\ntitle: A\n---\n`, 'x.md').yaml).toBe('title: A');
  });

  it('closes only at a line that is `---` alone', () => {
    const split = splitFrontMatter('---\ntitle: A\n----\n--- x\n---\nbody\n', 'x.md');
    expect(split.yaml).toBe('title: A\n----\n--- x');
    expect(split.bodyLine).toBe(6);
  });

  it('reads no front matter in a file that does not start with a fence', () => {
    expect(splitFrontMatter('# Title\n---\na: 1\n---\n', 'x.md').yaml).toBeUndefined();
    expect(splitFrontMatter('----\na: 1\n---\n', 'x.md').yaml).toBeUndefined();
  });

  it('without a closing fence, the rest of the file is front matter', () => {
    expect(splitFrontMatter('---\ntitle: A\n', 'x.md')).toMatchObject({ yaml: 'title: A\n', body: '', closed: false });
    expect(splitFrontMatter('---', 'x.md')).toMatchObject({ yaml: '', closed: false });
  });

  it('refuses every other language tag at its position, and evaluates nothing', () => {
    const dir = tempDir();
    const cases: [string, number][] = [['---js', 4], ['---javascript', 4], ['--- javascript', 5], ['--- js', 5], ['---coffee', 4], ['---json', 4], ['---toml', 4], ['---\tjs', 5]];
    for (const [tag, column] of cases) {
      const marker = join(dir, `pwned-${column}-${tag.replace(/\W/g, '')}`);
      const m = refusal(() => splitFrontMatter(payload(tag, marker), 'slides/x.md'));
      expect(m.rule).toBe('front-matter-language');
      expect(m.position).toEqual({ line: 1, column });
      expect(m.message).toContain(tag.slice(3).trim());
      expect(m.hint).toContain('`---` alone');
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('control: gray-matter with its default engines does run such front matter', () => {
    const marker = join(tempDir(), 'pwned');
    matter(payload('---js', marker));
    expect(existsSync(marker)).toBe(true);
  });
});

describe('loadOutline and the front-matter language', () => {
  it('refuses `---js` and friends without evaluating them', () => {
    const dir = tempDir();
    for (const tag of ['---js', '---javascript', '--- js', '---coffee', '---json']) {
      const marker = join(dir, `pwned-${tag.replace(/\W/g, '')}`);
      const m = refusal(() => loadOutline(payload(tag, marker), 'slides/x.md'));
      expect(m.rule).toBe('front-matter-language');
      expect(m.file).toBe('slides/x.md');
      expect(existsSync(marker)).toBe(false);
    }
  });

  it('keeps nothing in gray-matter’s cache', () => {
    const source = '---\ntitle: cached?\nslides: []\n---\n';
    loadOutline(source, 'slides/x.md');
    expect((matter as unknown as { cache: Record<string, unknown> }).cache[source]).toBeUndefined();
  });

  it('reads `---yaml` front matter with positions in the file', () => {
    const loaded = loadOutline('---yaml\ntitle: A\nslides:\n  - layout: title\n---\n# Body\n', 'slides/x.md');
    expect(loaded.data.title).toBe('A');
    expect(loaded.positionOf(['slides', 0, 'layout'])).toEqual({ line: 4, column: 13 });
    expect(loaded.bodyLine).toBe(6);
  });
});
