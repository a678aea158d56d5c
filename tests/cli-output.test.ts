import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpaint, useColour, type ColourStream } from '../scripts/ansi.ts';
import { buildSummary, npmSwallowedNote, progressLine } from '../scripts/cli-output.ts';
import type { OutlineResult, ProgressEvent } from '../scripts/export/run.ts';
import type { OutputFormat } from '../scripts/formats.ts';
import { PaparanMessage, reportMessages } from '../scripts/messages.ts';
import { ROOT, tempProject } from './helpers.ts';

import { BIN, cleanEnv, ESC, PROBLEMS, run } from './cli-helpers.ts';

describe('colour', () => {
  const tty: ColourStream = { isTTY: true, hasColors: () => true };
  const cases: [string, ColourStream, NodeJS.ProcessEnv, boolean][] = [
    ['a terminal', tty, {}, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['a terminal without colours', { isTTY: true, hasColors: () => false }, {}, false],
    ['NO_COLOR=1 at a terminal', tty, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR=1 in a pipe', { isTTY: false }, { FORCE_COLOR: '1' }, true],
    ['an empty FORCE_COLOR in a pipe', {}, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR over NO_COLOR', {}, { FORCE_COLOR: '3', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=0 at a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false at a terminal', tty, { FORCE_COLOR: 'false' }, false],
  ];
  it.each(cases)('%s', (_, stream, env, expected) => {
    expect(useColour(stream, env)).toBe(expected);
  });

  it('messages: severity in red or yellow, the rule dimmed, the same text underneath', () => {
    const error = new PaparanMessage('slides/a.md', { line: 3, column: 5 }, 'layout-unknown', 'Unknown layout', 'Use points');
    const warning = new PaparanMessage('slides/a.md', { line: 9, column: 1 }, 'notes-missing', 'No notes', undefined, 'warning');
    expect(error.format(true)).toContain(`${ESC}31m`);
    expect(error.format(true)).toContain(`${ESC}2mlayout-unknown${ESC}22m`);
    expect(warning.format(true)).toContain(`${ESC}33m`);
    expect(warning.format(true)).not.toContain(`${ESC}31m`);
    expect(unpaint(error.format(true))).toBe(error.format());
    expect(error.format()).not.toContain(ESC);
    const report = reportMessages([warning, error], true);
    expect(unpaint(report)).toBe(reportMessages([warning, error]));
    expect(report.split('\n').at(-1)).toContain(`${ESC}31m`);
  });

});

const event = (outline: string, format: OutputFormat, status: ProgressEvent['status']): ProgressEvent => ({
  outline: `/p/slides/${outline}.md`,
  format,
  path: `/p/dist/${outline}/${outline}${format === 'html' ? '.html' : format === 'md' ? '.md' : format === 'pdf' ? '.pdf' : `-${format}.pdf`}`,
  status,
  ms: 12.4,
});
const result = (name: string, outputs: ProgressEvent[]): OutlineResult => ({ outline: `/p/slides/${name}.md`, name, dir: `/p/dist/${name}`, outputs, warnings: [], slides: 3, inputs: [] });

describe('progress lines and the closing summary', () => {
  it('progress: a tick and the time, or skipped; colour only on request', () => {
    expect(progressLine(event('talk', 'html', 'written'), false, '/p')).toBe('  ✓ html     dist/talk/talk.html  12 ms');
    expect(progressLine(event('talk', 'pdf', 'skipped'), false, '/p')).toBe('  - pdf      dist/talk/talk.pdf  skipped (unchanged)');
    const coloured = progressLine(event('talk', 'html', 'written'), true, '/p');
    expect(coloured).toContain(`${ESC}32m✓`);
    expect(unpaint(coloured)).toBe('  ✓ html     dist/talk/talk.html  12 ms');
  });

  it.each([
    ['some written, some not', [result('kesimpulan', [event('kesimpulan', 'md', 'written'), event('kesimpulan', 'html', 'skipped'), event('kesimpulan', 'pdf', 'written'), event('kesimpulan', 'handout', 'written'), event('kesimpulan', 'notes', 'skipped'), event('kesimpulan', 'overview', 'skipped')])], '3 outputs written, 3 unchanged — open dist/kesimpulan/kesimpulan.html'],
    ['one output', [result('a', [event('a', 'html', 'written')])], '1 output written — open dist/a/a.html'],
    ['nothing written', [result('a', [event('a', 'md', 'skipped'), event('a', 'pdf', 'skipped')])], '2 outputs unchanged (--force rebuilds them) — open dist/a/a.pdf'],
    ['two outlines', [result('a', [event('a', 'html', 'written')]), result('b', [event('b', 'md', 'written')])], '2 outputs written — open dist/a/a.html, dist/b/b.md'],
    ['many outlines', ['a', 'b', 'c', 'd'].map((n) => result(n, [event(n, 'html', 'written')])), '4 outputs written — open dist/a/a.html (and 3 more)'],
    ['no outputs', [], '0 outputs written'],
  ])('%s', (_, results, expected) => {
    expect(buildSummary(results, false, '/p')).toBe(expected);
    expect(unpaint(buildSummary(results, true, '/p'))).toBe(expected);
  });

});

describe('--version', () => {
  const version = (name: string) => (JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

  it('names paparan, marp-core, marp-cli, node and the browser', () => {
    for (const flag of ['--version', '-v']) {
      const r = run([flag]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines.slice(0, 4)).toEqual([
        `paparan      ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`,
        `marp-core    ${version('@marp-team/marp-core')}`,
        `marp-cli     ${version('@marp-team/marp-cli')}`,
        `node         ${process.versions.node}`,
      ]);
      expect(lines[4]).toMatch(/^browser {6}\S.* \((the Chromium that comes with paparan|installed|from CHROME_PATH)\): \//);
    }
  });

  it('without a browser it says so, with the fix, and still exits 0', () => {
    const r = run(['--version'], ROOT, { CHROME_PATH: '/nonexistent/chrome' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('browser      none found: CHROME_PATH points to /nonexistent/chrome, which does not exist');
    expect(r.stdout).toContain('hint: Point CHROME_PATH at the chrome or chromium program');
    expect(r.stderr).toBe('');
  });
});

describe('the command line through npm', () => {
  it('help shows options after -- for npm, and npm run rebuild', () => {
    const top = run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('npm run build -- --force');
    expect(top.stdout).toContain('npm run rebuild');
    expect(top.stdout).toContain('npm run new -- talk');
    expect(top.stdout).toContain('-v, --version');
    expect(run(['build', '--help']).stdout).toContain('npm run build -- --force');
    expect(run(['help', 'build']).stdout).toContain('npm run build -- --force');
    // Unknown commands are still refused with a suggestion.
    const typo = run(['buld']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'buld'");
    expect(typo.stderr).toContain('Did you mean build?');
    expect(run([]).code).toBe(2);
  });

  const npmEnv = (script: string, extra: NodeJS.ProcessEnv) => ({ npm_lifecycle_event: script, npm_lifecycle_script: `node bin/paparan.mjs ${script === 'rebuild' ? 'build --force' : script}`, ...extra });

  it.each([
    ['build', ['build'], { npm_config_force: 'true' }, 'npm kept --force for itself: paparan did not see it', 'npm run build -- --force'],
    ['build', ['build', 'slides/a.md'], { npm_config_force: 'true', npm_config_auto_split: 'true' }, 'npm kept --force --auto-split', 'npm run build -- slides/a.md --force --auto-split'],
    ['build', ['build', 'md,html'], {}, 'npm kept --format', 'npm run build -- --format md,html'],
    ['rebuild', ['build', '--force', 'x'], { npm_config_out: 'true' }, 'npm kept --out', 'npm run rebuild -- --out <value>'],
    ['check', ['check'], { npm_config_strict: 'true', npm_config_overflow: '' }, 'npm kept --strict --no-overflow', 'npm run check -- --strict --no-overflow'],
    ['dev', ['dev', '3000'], { npm_config_port: 'true' }, 'npm kept --port', 'npm run dev -- --port <value>'],
  ] as const)('npm %s: a note naming what npm kept and the command that passes it', (script, argv, env, note, example) => {
    const text = npmSwallowedNote(npmEnv(script, env), argv);
    expect(text).toContain(note);
    expect(text).toContain(`hint: put paparan's options after --, as in: ${example}`);
    expect(text).toContain('npm-options');
  });

  it('no note outside paparan\'s npm scripts, or when npm kept nothing of ours', () => {
    expect(npmSwallowedNote({ npm_config_force: 'true' }, ['build'])).toBeUndefined();
    expect(npmSwallowedNote({ npm_lifecycle_event: 'build', npm_lifecycle_script: 'vite build', npm_config_force: 'true' }, ['build'])).toBeUndefined();
    expect(npmSwallowedNote(npmEnv('build', { npm_config_global: 'true' }), ['build'])).toBeUndefined();
    expect(npmSwallowedNote(npmEnv('build', {}), ['build', 'slides/a.md'])).toBeUndefined();
  });

});
