// What the CLI prints for people besides messages: progress lines, the closing summary of a build, what to do
// after `paparan new`, and the note when npm kept paparan's options for itself. Plain text unless `colour`.
import { relative } from 'node:path';
import { paint } from './ansi.ts';
import type { OutlineResult, ProgressEvent } from './export/run.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './formats.ts';
import type { NewOutline } from './new.ts';

/** A path as the user would type it from `cwd`. */
export const shown = (path: string, cwd = process.cwd()) => relative(cwd, path) || '.';

/** `  ✓ html     dist/talk/talk.html  108 ms`, or `  - html     dist/talk/talk.html  skipped (unchanged)`. */
export function progressLine(e: ProgressEvent, colour = false, cwd = process.cwd()): string {
  const path = shown(e.path, cwd);
  if (e.status === 'skipped') return paint(`  - ${e.format.padEnd(8)} ${path}  skipped (unchanged)`, colour, 'dim');
  return `  ${paint('✓', colour, 'green')} ${e.format.padEnd(8)} ${path}  ${paint(`${Math.round(e.ms)} ms`, colour, 'dim')}`;
}

// The output to open first: the deck itself, else the first of the others that exists.
const OPEN_ORDER: OutputFormat[] = ['html', 'pdf', 'handout', 'notes', 'overview', 'pptx', 'pptx-images', 'png', 'md'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 outputs written, 3 unchanged — open dist/kesimpulan/kesimpulan.html` (the decks of up to three outlines). */
export function buildSummary(results: readonly OutlineResult[], colour = false, cwd = process.cwd()): string {
  const outputs = results.flatMap((r) => r.outputs);
  const written = outputs.filter((o) => o.status === 'written').length;
  const unchanged = outputs.length - written;
  const counts = [written > 0 || unchanged === 0 ? `${plural(written, 'output')} written` : '', unchanged > 0 ? `${written > 0 ? unchanged : plural(unchanged, 'output')} unchanged` : '']
    .filter(Boolean)
    .join(', ');
  const rebuild = written === 0 && unchanged > 0 ? ' (--force rebuilds them)' : '';
  const open = results
    .map((r) => OPEN_ORDER.map((f) => r.outputs.find((o) => o.format === f)).find((o) => o !== undefined))
    .filter((o): o is ProgressEvent => o !== undefined)
    .map((o) => paint(shown(o.path, cwd), colour, 'cyan'));
  const where = open.length === 0 ? '' : open.length <= 3 ? ` — open ${open.join(', ')}` : ` — open ${open[0]} (and ${open.length - 1} more)`;
  return `${paint(counts, colour, 'bold')}${rebuild}${where}`;
}

/** How the user runs paparan: through `npm run` (options after `--`) or directly. */
export type Runner = 'npm' | 'npx';

const command = (runner: Runner, script: string, args: string) => (runner === 'npm' ? `npm run ${script} -- ${args}` : `npx paparan ${script} ${args}`);

/** What `paparan new` made, and the commands to run next. */
export function newReport(made: NewOutline, runner: Runner, colour = false, cwd = process.cwd()): string {
  const outline = shown(made.outline, cwd);
  const rows: [string, string][] = [
    [outline, 'the outline: one slide of every layout, each field explained'],
    [shown(made.figure, cwd), 'a sample figure, shown by the image slide; put your images beside it'],
  ];
  const width = Math.max(...rows.map(([p]) => p.length));
  const next: [string, string][] = [
    [command(runner, 'dev', outline), 'see the deck in your browser, fresh on every save'],
    [command(runner, 'build', outline), `write the HTML, PDFs and handout into dist/${made.name}/`],
  ];
  const nextWidth = Math.max(...next.map(([c]) => c.length));
  return [
    `${paint('Created', colour, 'green', 'bold')} ${paint(rows[0]![0].padEnd(width), colour, 'cyan')}  ${rows[0]![1]}`,
    `        ${rows[1]![0].padEnd(width)}  ${paint(rows[1]![1], colour, 'dim')}`,
    '',
    `Next: open ${paint(outline, colour, 'cyan')} and write your talk over the examples, then`,
    ...next.map(([c, what]) => `  ${paint(c.padEnd(nextWidth), colour, 'bold')}  ${paint(what, colour, 'dim')}`),
  ].join('\n');
}

// paparan's options as npm names them when they come before `--`: npm keeps them as its own config (in
// npm_config_<name>, as `true`: a value that followed goes to paparan as an argument) and paparan never sees them.
const NPM_FLAGS: Record<string, string> = { force: '--force', strict: '--strict', auto_split: '--auto-split', overflow: '--no-overflow' };
const NPM_VALUED: Record<string, string> = {
  out: '--out',
  paper: '--paper',
  handout_per_page: '--handout-per-page',
  handout_mode: '--handout-mode',
  speaking_rate: '--speaking-rate',
  port: '--port',
};

/**
 * When paparan runs from one of its npm scripts and npm kept some of its options (`npm run build --force`), a
 * note saying so and the command that passes them (`npm run build -- --force`); otherwise undefined. npm turns
 * `--format html` into its own --format-package-lock and passes `html` on: a list of formats given as an outline
 * is taken for that.
 */
export function npmSwallowedNote(env: NodeJS.ProcessEnv, argv: readonly string[], colour = false): string | undefined {
  const script = env.npm_lifecycle_event;
  const own = env.npm_lifecycle_script?.split(/\s+/);
  const at = own?.findIndex((word) => word.endsWith('bin/paparan.mjs')) ?? -1;
  if (!script || !own || at < 0) return undefined;
  // What the user typed is what follows the script's own words.
  const typed = argv.slice(own.length - at - 1);
  const isFormats = (word: string) => word.split(',').every((f) => (OUTPUT_FORMATS as readonly string[]).includes(f));
  const formats = argv[0] === 'build' ? typed.filter((word, i) => !word.startsWith('-') && !typed[i - 1]?.startsWith('-') && isFormats(word)) : [];
  const flags = Object.keys(NPM_FLAGS).filter((name) => env[`npm_config_${name}`] !== undefined).map((name) => NPM_FLAGS[name]!);
  const valued = Object.keys(NPM_VALUED).filter((name) => env[`npm_config_${name}`] !== undefined).map((name) => NPM_VALUED[name]!);
  const kept = [...flags, ...valued, ...formats.map(() => '--format')];
  if (kept.length === 0) return undefined;
  // Flags and formats are known whole; where a value went among the arguments is not.
  const rest = valued.length ? [] : typed.filter((word) => !formats.includes(word));
  const example = ['npm run', script, '--', ...rest, ...flags, ...valued.map((o) => `${o} <value>`), ...formats.map((f) => `--format ${f}`)].join(' ');
  const them = kept.length === 1 ? 'it' : 'them';
  return [
    `${paint('note', colour, 'yellow', 'bold')}  npm kept ${kept.join(' ')} for itself: paparan did not see ${them}  ${paint('npm-options', colour, 'dim')}`,
    `    ${paint('hint:', colour, 'cyan')} put paparan's options after --, as in: ${example}`,
  ].join('\n');
}

/** What `paparan rehearse` says once the deck is served: where to open the presenter view, and what happens. */
export function rehearsalHelp(url: string, outline: string, colour = false): string {
  const file = shown(outline.replace(/\.[^./\\]+$/, '') + '.rehearsal.json');
  return [
    `${paint('Rehearse:', colour, 'bold')} open ${paint(`${url}?view=presenter`, colour, 'cyan')}`,
    '  Press Start, give the talk as you will on the day, then Finish rehearsal and Save.',
    `  Each slide's time goes to ${file}; the speaker script and \`paparan check\` use it.`,
  ].join('\n');
}
