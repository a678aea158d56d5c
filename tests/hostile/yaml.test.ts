import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../scripts/build.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { MAX_OUTLINE_BYTES } from '../../scripts/outline/load.ts';
import { MAX_SLIDES } from '../../scripts/outline/validate.ts';
import { tempProject } from '../helpers.ts';

/** Runs the pipeline up to rendering on an outline file; returns the first message. (Speed is `npm run bench`'s job; a hang trips the test's timeout.) */
function attack(source: string) {
  const project = tempProject();
  const file = join(project, 'slides', 'attack.md');
  writeFileSync(file, source);
  try {
    prepare(file, { root: project });
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return { message: (error as PaparanError).messages[0]! };
  }
  throw new Error('the outline was accepted');
}

describe('hostile: malicious YAML is rejected fast with a clear error', () => {
  it('an alias bomb ("billion laughs")', () => {
    const lines = ['---', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { message } = attack([...lines, 'title: x', 'slides: []', '---'].join('\n'));
    expect(message.rule).toBe('yaml-aliases');
    expect(message.hint).toContain('alias');
  });

  it('deep nesting', () => {
    const { message } = attack(`---\ntitle: x\nslides: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n`);
    expect(message.rule).toBe('yaml-too-deep');
    expect(message.hint).toContain('four levels');
    const mapping = attack(`---\ntitle: x\nslides:\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i + 1)}a${i}:`).join('\n')}\n---\n`);
    expect(mapping.message.rule).toBe('yaml-too-deep');
    // Deep enough that the YAML parser itself runs out of stack (block sequences and flow mappings too).
    expect(attack(`---\ntitle: x\nslides:\n${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}-`).join('\n')} a\n---\n`).message.rule).toBe('yaml-too-deep');
    expect(attack(`---\ntitle: x\nslides: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n---\n`).message.rule).toBe('yaml-too-deep');
  });

  it('a 10 MB string', () => {
    const { message } = attack(`---\ntitle: "${'a'.repeat(10 * 1024 * 1024)}"\nslides: []\n---\n`);
    expect(message.rule).toBe('outline-too-large');
    expect(message.message).toContain(`limit is ${MAX_OUTLINE_BYTES / 1024 / 1024} MB`);
  });

  it(`more than ${MAX_SLIDES} slides`, () => {
    const { message } = attack(`---\ntitle: x\nslides:\n${'  - layout: title\n'.repeat(MAX_SLIDES + 1)}---\n`);
    expect(message.rule).toBe('too-many-slides');
  });

  it('keys named __proto__, constructor or prototype change no prototype', () => {
    const { message } = attack('---\ntitle: x\n__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\nslides:\n  - layout: title\n    __proto__: { layout: evil }\n    prototype: 1\n---\n');
    expect(message.rule).toBe('field-unknown');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).layout).toBeUndefined();
  });
});
