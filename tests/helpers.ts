import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTemplates } from '../scripts/layouts.ts';
import { loadOutline } from '../scripts/outline/load.ts';
import { validateOutline } from '../scripts/outline/validate.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const templates = () => loadTemplates(join(ROOT, 'templates'));

/** Loads and validates an in-memory outline against the real templates. */
export function outlineFrom(source: string, file = 'slides/test.md') {
  return validateOutline(loadOutline(source, file), templates(), { root: ROOT });
}

/** A minimal valid outline with the given slides (YAML list items, indented by two spaces). */
export function deckSource(slides: string, extra = ''): string {
  return `---\ntitle: "Uji"\nauthor: "Penguji"\nlang: id\n${extra}slides:\n${slides}\n---\n`;
}

export function tempDir(prefix = 'paparan-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A throwaway copy of the project's sources (templates, themes, slides) to build in. */
export function tempProject(): string {
  const dir = tempDir('paparan-project-');
  for (const d of ['templates', 'themes', 'slides']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  return dir;
}

/** Text in content-stream order, so a slide thumbnail never splits the notes beside it. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

export function pdfInfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of execFileSync('pdfinfo', [file], { encoding: 'utf8' }).split('\n')) {
    const m = /^([\w ]+):\s+(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Rows of `pdffonts`: name, type, embedded. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    const name = cols[0]!;
    const embIndex = cols.length - 5;
    return { name, embedded: cols[embIndex] === 'yes' };
  });
}

export const read = (file: string) => readFileSync(file, 'utf8');
