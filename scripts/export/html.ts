import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marpCli } from '@marp-team/marp-cli';
import { PaparanError, PaparanMessage } from '../messages.ts';
import { fontFaceCss, type ThemeSet } from '../themes.ts';

const ENGINE = fileURLToPath(new URL('../render/engine.mjs', import.meta.url));

/**
 * Marp Markdown → marp-cli's bespoke HTML (presenter view, notes), made self-contained:
 * the theme's fonts are inlined and images are already data: URIs.
 */
export async function exportHtml(markdown: string, themes: ThemeSet, sourceFile: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'paparan-html-'));
  try {
    const input = join(dir, 'deck.md');
    const output = join(dir, 'deck.html');
    writeFileSync(input, markdown);
    const args = [input, '--no-config-file', '--engine', ENGINE, '--theme-set', themes.dir, '--template', 'bespoke', '--bespoke.progress', '-o', output];
    const code = await quietly(() => marpCli(args));
    if (code !== 0) {
      throw new PaparanError('io', [new PaparanMessage(sourceFile, { line: 1, column: 1 }, 'marp-failed', `marp-cli could not convert the deck to HTML (exit ${code})`, 'Run with DEBUG=1 for marp-cli\'s own log')]);
    }
    return inlineFonts(readFileSync(output, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The bespoke template builds its slide container in script; name it the page's main landmark once it exists.
const LANDMARK = `<script>(()=>{const f=()=>document.querySelectorAll('.bespoke-marp-parent').forEach((e)=>e.setAttribute('role','main'));f();document.addEventListener('DOMContentLoaded',f);})()</script>`;

function inlineFonts(html: string): string {
  return html
    .replace('</head>', () => `<style id="paparan-fonts">${fontFaceCss(html)}</style></head>`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/, () => `${LANDMARK}</body>`);
}

// marp-cli logs its own progress to stderr; paparan prints one line per output instead.
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.DEBUG) return fn();
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await fn();
  } finally {
    process.stderr.write = write;
  }
}
