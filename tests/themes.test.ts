import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaparanError, type PaparanMessage } from '../scripts/messages.ts';
import { createMarp } from '../scripts/render/marp.ts';
import { loadThemes } from '../scripts/themes.ts';
import { ROOT, tempProject } from './helpers.ts';

/** A copy of the project with `files` written into themes/. */
function projectWith(files: Record<string, string>): string {
  const project = tempProject();
  for (const [name, css] of Object.entries(files)) writeFileSync(join(project, 'themes', name), css);
  return project;
}

function loadErrors(project: string): PaparanMessage[] {
  try {
    loadThemes(join(project, 'themes'));
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages;
  }
  throw new Error('the themes loaded');
}

/** The one message thrown for a project with `files`, checked for file, line, column and rule. */
function expectError(files: Record<string, string>, file: string, rule: string, line: number, column: number): PaparanMessage {
  const project = projectWith(files);
  const messages = loadErrors(project);
  const where = relative(process.cwd(), join(project, 'themes', file));
  expect(messages.map((m) => `${m.file}:${m.position.line}:${m.position.column} ${m.rule}`)).toEqual([`${where}:${line}:${column} ${rule}`]);
  expect(messages[0]!.hint).toBeTruthy();
  expect(messages[0]!.severity).toBe('error');
  return messages[0]!;
}

const theme = (body: string, name = 'probe') => `/* @theme ${name} */\n${body}`;

describe('themes: what Marp would reject is an error at load', () => {
  it('a CSS syntax error, at its line and column (theme-syntax)', () => {
    const m = expectError({ 'probe.css': theme("@import 'paparan';\nsection {\n  color: red;\n  h1 { color: blue;\n}\n") }, 'probe.css', 'theme-syntax', 3, 1);
    expect(m.message).toContain('Unclosed block');
  });

  it('an unclosed string', () => {
    expectError({ 'probe.css': theme('section {\n  font-family: "Source Sans 3;\n}\n') }, 'probe.css', 'theme-syntax', 3, 16);
  });

  it('a theme without a @theme comment (theme-invalid)', () => {
    expectError({ 'probe.css': 'section { color: red; }\n' }, 'probe.css', 'theme-invalid', 1, 1);
  });

  it('a theme name an outline could not ask for', () => {
    expectError({ 'probe.css': '\n/* @theme Tema Saya */\nsection { color: red; }\n' }, 'probe.css', 'theme-invalid', 2, 1);
  });

  it('two themes of the same name (theme-duplicate)', () => {
    expectError({ 'zz.css': theme('section { color: red; }\n', 'paparan') }, 'zz.css', 'theme-duplicate', 1, 1);
  });
});

describe('themes: imports of other themes', () => {
  // Regression: a syntax error in paparan.css also reported "Theme `paparan` imported here does not exist" twice.
  it('a broken theme is reported once, at its own line, not again where others import it', () => {
    const project = tempProject();
    const file = join(project, 'themes', 'paparan.css');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nsection { color: red\n`);
    expect(loadErrors(project).map((m) => m.rule)).toEqual(['theme-syntax']);
  });

  it('two themes importing each other (theme-import-cycle), named in the message', () => {
    const project = projectWith({ 'a.css': theme("@import 'b';\n", 'a'), 'b.css': theme("@import-theme 'a';\n", 'b') });
    const messages = loadErrors(project);
    expect(messages.map((m) => `${m.file.split('/').pop()}:${m.position.line}:${m.position.column} ${m.rule}`)).toEqual(['a.css:2:1 theme-import-cycle']);
    expect(messages[0]!.message).toContain('a → b → a');
  });

  it('a theme importing itself', () => {
    expect(expectError({ 'a.css': theme("@import 'a';\n", 'a') }, 'a.css', 'theme-import-cycle', 2, 1).message).toContain('a → a');
  });

  it('a theme name that does not exist (theme-unknown)', () => {
    expectError({ 'probe.css': theme("@import 'paparn';\n") }, 'probe.css', 'theme-unknown', 2, 1);
  });

  it('marp-core\'s own themes may be imported', () => {
    const project = projectWith({ 'probe.css': theme("@import 'gaia';\nsection { color: red; }\n") });
    expect(loadThemes(join(project, 'themes')).themes.has('probe')).toBe(true);
  });

  it('an @import after a rule, which Marp would hoist for the browser to fetch (theme-import-misplaced)', () => {
    expectError({ 'probe.css': theme("section { color: red; }\n@import 'paparan';\n") }, 'probe.css', 'theme-import-misplaced', 3, 1);
  });
});

describe('themes: nothing is loaded from the network or from files (issue 11)', () => {
  it.each([
    ['an http(s) url()', 'section {\n  background: url(https://example.com/a.png);\n}\n', 3, 3],
    ['a protocol-relative url()', 'section {\n  background: url("//example.com/a.png");\n}\n', 3, 3],
    ['an escaped url(', 'section {\n  background: \\75 rl(https://example.com/a.png);\n}\n', 3, 3],
    ['an @import of a URL', "@import url('https://fonts.googleapis.com/css2?family=Inter');\n", 2, 1],
    ['an @import of a quoted URL', "@import 'https://example.com/x.css';\n", 2, 1],
    ['a font from the network', "@font-face {\n  font-family: X;\n  src: url(https://example.com/x.woff2) format('woff2');\n}\n", 4, 3],
    ['a data: URL that is not an image or font', 'section {\n  background: url(data:text/html,hi);\n}\n', 3, 3],
    ['a URL in a custom property', 'section {\n  --bg: url(http://example.com/a.png);\n}\n', 3, 3],
  ])('refuses %s (remote-url)', (_name, body, line, column) => {
    const m = expectError({ 'probe.css': theme(body) }, 'probe.css', 'remote-url', line, column);
    expect(m.hint).toBe('Download the file into the project and embed it, or remove it');
  });

  it.each([
    ['a relative url()', 'section {\n  background: url(img/bg.png);\n}\n', 3, 3],
    ['an image-set() string', "section {\n  background-image: image-set('bg.png' 1x);\n}\n", 3, 3],
    ['an @import of a CSS file', "@import 'base.css';\n", 2, 1],
  ])('refuses %s (image-outside-project)', (_name, body, line, column) => {
    expectError({ 'probe.css': theme(body) }, 'probe.css', 'image-outside-project', line, column);
  });

  it('accepts embedded images and fonts and in-page references', () => {
    const css = theme("@import 'paparan';\nsection {\n  background: url(data:image/png;base64,iVBORw0KGgo=);\n  filter: url(#shadow);\n}\n@font-face { font-family: X; src: url(data:font/woff2;base64,d09GMg==) format('woff2'); }\n");
    const project = projectWith({ 'probe.css': css });
    const set = loadThemes(join(project, 'themes'));
    expect(set.themes.get('probe')).toBe(css);
    // What loaded is what Marp takes without complaint.
    expect(createMarp(set).render('---\ntheme: probe\n---\n# x\n').css).toContain('#shadow');
  });

  it('loads the shipped themes, by the names in their @theme comments', () => {
    expect([...loadThemes(join(ROOT, 'themes')).themes.keys()].sort()).toEqual(['paparan', 'paparan-dark', 'paparan-print']);
  });
});

describe('themes: the cache keeps one set per folder', () => {
  it('reloads a changed folder, and forgets the set it replaced', () => {
    const project = tempProject();
    const dir = join(project, 'themes');
    const first = loadThemes(dir);
    expect(loadThemes(dir)).toBe(first);
    writeFileSync(join(dir, 'extra.css'), theme('section { color: red; }\n', 'extra'));
    const second = loadThemes(dir);
    expect(second.themes.has('extra')).toBe(true);
    expect(first.themes.has('extra')).toBe(false);
  });
});

describe('paparan check with circular theme imports', () => {
  it('exits 1 naming the cycle, with no stack trace and no minified source', () => {
    const project = projectWith({ 'a.css': theme("@import 'b';\n", 'a'), 'b.css': theme("@import 'a';\n", 'b') });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'check'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    const output = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(output).toContain('themes/a.css:2:1  error  Themes import each other in a circle: a → b → a  theme-import-cycle');
    expect(output).not.toMatch(/^\s+at /m);
    expect(output.length).toBeLessThan(2000);
  });
});
