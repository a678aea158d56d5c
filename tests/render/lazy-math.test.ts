import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.ts';

const SCRIPT = join(ROOT, 'tests', 'fixtures', 'scripts', 'math-render.mjs');

function render(markdown: string, mode: 'lazy' | 'eager'): { sha256: string; svgs: number; mathModules: number } {
  const file = join(tempDir(), 'deck.md');
  writeFileSync(file, markdown);
  const run = spawnSync(process.execPath, [SCRIPT, file, mode], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

const MATH = `---\nmarp: true\nmath: mathjax\n---\n\n# $x^2$ dan $$\\int_0^1 f(x)\\,dx$$\n\n---\n\n$$\n\\begin{aligned} a &= b \\\\ c &= \\frac{1}{2} \\end{aligned}\n$$\n`;
const KATEX = `---\nmarp: true\nmath: katex\n---\n\n# $e^{i\\pi}+1=0$\n`;
const PLAIN = `---\nmarp: true\nmath: mathjax\n---\n\n# Tanpa rumus\n\n- satu\n- dua\n`;

// Stop 24: marp-core required MathJax and KaTeX as it loaded (~170 ms of ~290) though only slides with math use them.
describe('math packages load when a slide has math', () => {
  it('a deck without math loads neither MathJax nor KaTeX', () => {
    expect(render(PLAIN, 'lazy').mathModules).toBe(0);
  });

  it('a deck with MathJax or KaTeX math renders byte for byte as with marp-core loaded whole', () => {
    for (const markdown of [MATH, KATEX]) {
      const lazy = render(markdown, 'lazy');
      const eager = render(markdown, 'eager');
      expect(lazy.mathModules).toBeGreaterThan(0);
      expect(lazy.sha256).toBe(eager.sha256);
    }
    expect(render(MATH, 'lazy').svgs).toBeGreaterThan(2);
  });
});
