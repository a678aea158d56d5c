import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../scripts/layouts.ts';
import { PaparanError, type PaparanMessage } from '../scripts/messages.ts';
import { ROOT, tempProject } from './helpers.ts';

/** A copy of the project with `files` (paths under templates/) written over it. */
function projectWith(files: Record<string, string>): string {
  const project = tempProject();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, 'templates', name)), { recursive: true });
    writeFileSync(join(project, 'templates', name), text);
  }
  return project;
}

/** The messages loadTemplates throws for the project; fails the test when it loads. */
function loadErrors(project: string): PaparanMessage[] {
  try {
    loadTemplates(join(project, 'templates'));
  } catch (error) {
    expect(error).toBeInstanceOf(PaparanError);
    return (error as PaparanError).messages;
  }
  throw new Error('the templates loaded');
}

/** The one message thrown for `files`, checked for file, rule and line; returns it for more checks. */
function expectError(files: Record<string, string>, file: string, rule: string, line: number): PaparanMessage {
  const project = projectWith(files);
  const messages = loadErrors(project);
  expect(messages.map((m) => `${m.file}:${m.position.line} ${m.rule}`)).toEqual([`${relative(process.cwd(), join(project, 'templates', file))}:${line} ${rule}`]);
  const [message] = messages;
  expect(message!.hint).toBeTruthy();
  expect(message!.severity).toBe('error');
  return message!;
}

const layout = (fields: string, body = '# {{title}}\n', extra = '') => `---\ndescription: probe\nfields:\n${fields}\n${extra}---\n${body}`;

describe('layouts: field declarations (layout-invalid, at the line in the front matter)', () => {
  it.each([
    ['an unknown type', '  title: { type: txt }', '', 4, 'unknown type `txt`'],
    ['a field that is not a mapping', '  title: text', '', 4, 'must be a mapping'],
    ['a field with nothing declared', '  title:', '', 4, 'must be a mapping'],
    ['a required that is not true or false', '  title: { type: text, required: yes }', '', 4, 'true or false'],
    ['a misspelt key', '  title: { type: text, requried: true }', '', 4, 'Unknown key `requried`'],
    ['a field every slide has', '  notes: { type: text }', '', 4, 'every slide has'],
    ['`backup`, a field every slide has', '  backup: { type: boolean }', '', 4, 'every slide has'],
    ['splittable naming a text field', '  title: { type: text }', 'splittable: [title]\n', 5, 'only points and column'],
    ['splittable naming no field', '  points: { type: points }', 'splittable: [poin]\n', 5, 'not a field'],
    ['splittable that is not a list', '  points: { type: points }', 'splittable: points\n', 5, 'list of field names'],
    ['a misspelt top-level key', '  points: { type: points }', 'splitable: [points]\n', 5, 'Unknown key `splitable`'],
  ])('refuses %s', (_name, fields, extra, line, text) => {
    const m = expectError({ 'layouts/probe.hbs': layout(fields, '# x\n', extra) }, 'layouts/probe.hbs', 'layout-invalid', line);
    expect(m.message).toContain(text);
  });

  it('points at the value: the column of an unknown type', () => {
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: txt }') }, 'layouts/probe.hbs', 'layout-invalid', 4);
    expect(m.position.column).toBe('  title: { type: '.length + 1);
  });

  it('refuses `fields` that is not a mapping, at its value', () => {
    expectError({ 'layouts/probe.hbs': '---\ndescription: probe\nfields: [title]\n---\n# x\n' }, 'layouts/probe.hbs', 'layout-invalid', 3);
  });

  it('reports YAML syntax errors in the front matter at their line', () => {
    expectError({ 'layouts/probe.hbs': '---\ndescription: probe\nfields:\n  title: { type: text\n---\n# x\n' }, 'layouts/probe.hbs', 'layout-invalid', 4);
  });

  it('refuses a front matter that is never closed', () => {
    expectError({ 'layouts/probe.hbs': '---\ndescription: probe\n# {{title}}\n' }, 'layouts/probe.hbs', 'layout-invalid', 1);
  });

  it('reports every broken layout at once, each in its own file', () => {
    const project = projectWith({ 'layouts/a.hbs': layout('  title: { type: txt }'), 'layouts/b.hbs': layout('  title: { type: text }', '{{#if title}}\n') });
    const messages = loadErrors(project);
    expect(messages.map((m) => `${m.file.split('/').pop()} ${m.rule}`)).toEqual(['a.hbs layout-invalid', 'b.hbs template-syntax']);
  });

  it('refuses a layout file name that is not a name', () => {
    expectError({ 'layouts/bad name.hbs': layout('  title: { type: text }') }, 'layouts/bad name.hbs', 'template-name', 0);
  });
});

describe('layouts: line endings', () => {
  it('a layout saved with CRLF line endings reads as the same layout (its last YAML line used to keep its \\r)', () => {
    const quote = readFileSync(join(ROOT, 'templates', 'layouts', 'quote.hbs'), 'utf8');
    const project = projectWith({ 'layouts/quote.hbs': quote.replace(/\n/g, '\r\n') });
    const crlf = loadTemplates(join(project, 'templates')).layouts.get('quote')!;
    const lf = loadTemplates(join(tempProject(), 'templates')).layouts.get('quote')!;
    expect(crlf.fields).toEqual(lf.fields);
    expect(crlf.description).toBe(lf.description);
  });
});

describe('layouts: front matter is YAML and nothing else', () => {
  it('never evaluates a `---js` front matter, and says so at load', () => {
    const project = tempProject();
    const marker = join(project, 'evaluated');
    const js = `---js\n{ description: (function () { require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return 'x'; })(), fields: {} }\n---\n# x\n`;
    writeFileSync(join(project, 'templates', 'layouts', 'forum.hbs'), js);
    const messages = loadErrors(project);
    expect(messages.map((m) => [m.rule, m.position.line])).toEqual([['front-matter-language', 1]]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('templates: compiled at load (template-syntax, at the line of the template file)', () => {
  it('an unclosed {{#if}} in a layout, with the front matter lines counted', () => {
    // Lines 1-5 are front matter; the body starts on line 6 and Handlebars stops at its end, line 10.
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# {{title}}\n\n{{#if title}}\nx\n') }, 'layouts/probe.hbs', 'template-syntax', 10);
    expect(m.hint).toContain('`{{#if}}` on line 8 is never closed');
  });

  it('blank lines after the front matter are counted too', () => {
    expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '\n\n# {{title}\n') }, 'layouts/probe.hbs', 'template-syntax', 8);
  });

  it('a block closed by the wrong name', () => {
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# x\n{{#if title}}\n{{/each}}\n') }, 'layouts/probe.hbs', 'template-syntax', 7);
    expect(m.hint).toContain('close it with `{{/if}}`');
  });

  it('an error in the middle of a line, at its column', () => {
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# x\n\nSee {{title}} and {{ title foo=}} here\n') }, 'layouts/probe.hbs', 'template-syntax', 8);
    expect(m.position.column).toBe('See {{title}} and {{ title foo='.length + 1);
    expect(m.message).toBe('Template syntax error: unexpected `}}`');
  });

  it('an error only the compiler finds (two arguments to a partial)', () => {
    expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# x\n\n{{> bullets a b}}\n') }, 'layouts/probe.hbs', 'template-syntax', 8);
  });

  it('a broken partial, in the partial file', () => {
    expectError({ 'partials/bullets.hbs': '{{#each this}}\n- {{text}\n{{/each}}\n' }, 'partials/bullets.hbs', 'template-syntax', 2);
  });

  it('a broken deck frame, where Handlebars stops reading', () => {
    expectError({ 'deck.hbs': '---\nmarp: true\ntheme: {{theme\n---\n' }, 'deck.hbs', 'template-syntax', 4);
  });

  it('a partial that does not exist', () => {
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# x\n\n{{> bulets points}}\n') }, 'layouts/probe.hbs', 'template-partial-missing', 8);
    expect(m.hint).toContain('bullets');
  });

  it('a helper that does not exist', () => {
    expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', '# {{shout title}}\n') }, 'layouts/probe.hbs', 'template-helper-unknown', 6);
  });

  it('a missing deck frame', () => {
    const project = tempProject();
    rmSync(join(project, 'templates', 'deck.hbs'));
    expect(loadErrors(project).map((m) => m.rule)).toEqual(['template-missing']);
  });

  it('accepts the shipped templates, inline partials and partial blocks', () => {
    const project = projectWith({ 'layouts/probe.hbs': layout('  title: { type: text }', '{{#*inline "x"}}- {{this}}{{/inline}}\n{{> x title}}\n{{#> nothere}}fallback{{/nothere}}\n') });
    const set = loadTemplates(join(project, 'templates'));
    expect(set.layouts.get('probe')!.template({ title: 'a' })).toContain('- a');
    expect([...loadTemplates(join(ROOT, 'templates')).layouts.keys()]).toContain('image');
  });
});

describe('templates: image alt text never holds a template expression (layout-image-alt)', () => {
  it.each([
    ['the alt field', '![{{alt}}]({{src}})'],
    ['an expression among words', '![Peta {{title}}](x.png)'],
    ['a triple-stash', '![{{{alt}}}](x.png)'],
  ])('refuses %s', (_name, image) => {
    const m = expectError({ 'layouts/probe.hbs': layout('  title: { type: text }', `# x\n\n${image}\n`) }, 'layouts/probe.hbs', 'layout-image-alt', 8);
    expect(m.hint).toBe('Write {{image src alt}} instead');
  });

  it('accepts {{image src alt}} and a fixed alt', () => {
    const project = projectWith({ 'layouts/probe.hbs': layout('  src: { type: image }\n  alt: { type: text }', '{{image src alt}}\n\n![Logo]({{src}})\n') });
    expect(loadTemplates(join(project, 'templates')).layouts.has('probe')).toBe(true);
  });
});

describe('templates: labels.json (labels-invalid, at line and column)', () => {
  it('bad JSON: a comma after the last entry', () => {
    const m = expectError({ 'labels.json': '{\n  "id": {\n    "agenda": "Agenda",\n  }\n}\n' }, 'labels.json', 'labels-invalid', 4);
    expect(m.position.column).toBe(3);
  });

  it('bad JSON without a position in the parser message', () => {
    const m = expectError({ 'labels.json': '{\n  "id": { "agenda": Agenda }\n}\n' }, 'labels.json', 'labels-invalid', 2);
    expect(m.position.column).toBe('  "id": { "agenda": '.length + 1);
  });

  it.each([
    ['a label that is not text', '{\n  "id": {\n    "agenda": 3\n  }\n}\n', 3],
    ['a language that is not an object', '{\n  "en": "Thank you"\n}\n', 2],
    ['a list', '[\n  "id"\n]\n', 1],
  ])('%s', (_name, text, line) => {
    expectError({ 'labels.json': text }, 'labels.json', 'labels-invalid', line);
  });
});

describe('templates: the cache keeps one set per folder', () => {
  it('reloads a changed folder, and forgets the set it replaced', () => {
    const project = tempProject();
    const dir = join(project, 'templates');
    const file = join(dir, 'layouts', 'quote.hbs');
    const first = loadTemplates(dir);
    expect(loadTemplates(dir)).toBe(first);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}\n`);
    const second = loadTemplates(dir);
    expect(second).not.toBe(first);
    writeFileSync(file, original);
    // The first set is no longer cached: the same content again is compiled anew.
    const third = loadTemplates(dir);
    expect(third).not.toBe(first);
    expect(third.hash).toBe(first.hash);
  });
});

describe('paparan check with a broken layout', () => {
  it('exits 1 with the rule and position, and no stack trace', () => {
    const project = projectWith({ 'layouts/points.hbs': layout('  title: { type: text }\n  points: { type: points }', '# {{title}}\n\n{{#if points}}\n{{> bullets points}}\n', 'splittable: [points]\n') });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'check'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    const output = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(output).toContain('templates/layouts/points.hbs:12:1  error  Template syntax error: the template ends inside `{{#if}}`');
    expect(output).toContain('`{{#if}}` on line 10 is never closed');
    expect(output).toContain('template-syntax');
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('layouts describe themselves: a new layout file needs no code', () => {
  it('a layout dropped into templates/layouts/ validates its own fields (boolean too) and renders', async () => {
    const { loadOutline } = await import('../scripts/outline/load.ts');
    const { validateOutline } = await import('../scripts/outline/validate.ts');
    const { renderDeck } = await import('../scripts/render/deck.ts');
    const project = projectWith({
      'layouts/banner.hbs': '---\ndescription: A banner.\nfields:\n  message: { type: text, required: true }\n  loud: { type: boolean }\n---\n# {{message}}\n\n{{#if loud}}LOUD{{/if}}\n',
    });
    const templates = loadTemplates(join(project, 'templates'));
    const source = (loud: string) => `---\ntitle: T\nrules: { notes-missing: off }\nslides:\n  - layout: banner\n    message: "Pesan utama"\n    loud: ${loud}\n---\n`;
    const { outline } = validateOutline(loadOutline(source('true'), 'slides/t.md'), templates, { root: project });
    const deck = renderDeck(outline, templates);
    expect(deck.markdown).toContain('LOUD');
    // Titled by the heading its template renders, without code for the layout.
    expect(deck.slides[0]!.title).toBe('Pesan utama');
    let messages: PaparanMessage[] = [];
    try {
      validateOutline(loadOutline(source('"ya"'), 'slides/t.md'), templates, { root: project });
    } catch (error) {
      messages = (error as PaparanError).messages;
    }
    expect(messages.map((m) => `${m.position.line}:${m.position.column} ${m.rule}`)).toEqual(['7:11 field-type']);
    expect(messages[0]!.hint).toContain('loud: true');
  });
});
