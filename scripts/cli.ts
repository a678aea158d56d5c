import { isAbsolute, relative } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { closest, distance } from 'fastest-levenshtein';
import { useColour } from './ansi.ts';
import { buildSummary, newReport, npmSwallowedNote, progressLine, type Runner } from './cli-output.ts';
import { DEFAULT_FORMATS, OUTPUT_FORMATS, type OutputFormat } from './formats.ts';
import { SPEAKING_RATE_RANGE } from './outline/settings.ts';
import { internalError, PaparanError, reportMessages } from './messages.ts';

/** Exit codes: 1 for a problem in the user's input, 2 for a bad command line, 70 (EX_SOFTWARE) for a bug of ours. */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70, interrupted: 130 } as const;

function formats(value: string): OutputFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError(`name at least one format: ${OUTPUT_FORMATS.join(', ')}`);
  const known = (f: string): f is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(f);
  for (const f of list) if (!known(f)) throw new InvalidArgumentError(`unknown format "${f}"; choose from ${OUTPUT_FORMATS.join(', ')}`);
  return list as OutputFormat[];
}

function perPage(value: string): 1 | 2 | 3 | 4 | 6 {
  const n = Number(value);
  if (n === 1 || n === 2 || n === 3 || n === 4 || n === 6) return n;
  throw new InvalidArgumentError('choose 1, 2, 3, 4 or 6');
}

function slideCount(value: string): number {
  const n = Number(value);
  // 500 is the largest deck paparan builds.
  if (!Number.isInteger(n) || n < 3 || n > 500) throw new InvalidArgumentError('expected a number of slides, 3 to 500');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return n;
}

function speakingRate(value: string): number {
  const [low, high] = SPEAKING_RATE_RANGE;
  const n = Number(value);
  if (!Number.isFinite(n) || n < low || n > high) throw new InvalidArgumentError(`expected words per minute, ${low} to ${high} (130 is a calm pace)`);
  return n;
}

// Colour only where a person reads it: a terminal, unless NO_COLOR or FORCE_COLOR says otherwise.
const colourOut = () => useColour(process.stdout);
const colourErr = () => useColour(process.stderr);

/** `npm` when paparan runs as one of its npm scripts (its options then go after `--`). */
const runner = (): Runner => (process.env.npm_lifecycle_script?.includes('bin/paparan.mjs') ? 'npm' : 'npx');

const EXAMPLES = `
Examples:
  npm run new -- talk             slides/talk.md: a starter outline to write over
  npm run dev -- slides/talk.md   live preview in the browser while you write
  npm run build                   every outline in slides/ into dist/<name>/
  npm run build -- --force        everything, changed or not (= npm run rebuild)
  npm run build -- slides/talk.md --format html,pdf
  npm run check -- --strict

Through npm, paparan's options go after --: in \`npm run build --force\`, npm
keeps --force for itself. Without npm: npx paparan build --force
`;

function program(setCode: (code: number) => void): Command {
  const cli = new Command('paparan')
    .description('Turn a structured outline into a finished seminar deck.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .option('-v, --version', 'print the versions of paparan, Marp and Node, and the browser paparan would use')
    .addHelpText('after', EXAMPLES)
    .helpCommand(true);

  cli
    .command('new')
    .description('write slides/<name>.md, a starter outline with one slide of every layout, and slides/<name>/ for its images')
    .argument('<name>', 'the outline\'s name: letters, digits, - and _')
    .addOption(new Option('--lang <lang>', "the deck's language, and of the comments in it").choices(['id', 'en'] as const).default('id' as const))
    .addHelpText('after', '\nThrough npm: npm run new -- talk --lang en')
    .action(async (name, options) => {
      const [{ findRoot }, { createOutline }] = await Promise.all([import('./project.ts'), import('./new.ts')]);
      const made = createOutline({ root: findRoot(), name, lang: options.lang });
      process.stdout.write(`${newReport(made, runner(), colourOut())}\n`);
    });

  cli
    .command('draft')
    .description('write slides/<name>.md, a first outline from a chapter (.txt, .md, .docx or .pdf), every sentence kept in the notes')
    .argument('<chapter>', 'the chapter as a .txt, .md, .docx or .pdf file')
    .option('--pages <range>', "a PDF's pages to draft from, e.g. 87-112")
    .option('--chapter <which>', 'draft only this chapter of a whole thesis: its number (5), roman numeral (V) or words of its title (kesimpulan)')
    .addOption(new Option('--slides <n>', 'about this many slides in all (paragraphs merged or split to get there)').argParser(slideCount))
    .option('--name <name>', "the outline's name (default: the chapter's file name)")
    .addOption(new Option('--lang <lang>', "the deck's language").choices(['id', 'en'] as const).default('id' as const))
    .option('--force', 'write over slides/<name>.md if it exists')
    .action(async (chapter, options) => {
      const [{ findRoot }, { draftDocument }, { check }] = await Promise.all([import('./project.ts'), import('./draft/document.ts'), import('./check.ts')]);
      const root = findRoot();
      const made = await draftDocument({ root, chapter, name: options.name, lang: options.lang, force: options.force === true, pages: options.pages, onlyChapter: options.chapter, slides: options.slides });
      process.stdout.write(`Wrote ${relative(process.cwd(), made.outline) || made.outline} (${made.slides} slides)\n`);
      const { messages } = await check({ outlines: [made.outline], root, overflow: false });
      process.stdout.write(`${reportMessages(messages, colourOut())}\n`);
      if (messages.some((m) => m.fatal)) setCode(EXIT.input);
    });

  cli
    .command('build')
    .description('build outlines into dist/<name>/: .md, .html, .pdf, -handout.pdf, -notes.pdf, -overview.png')
    .argument('[outline...]', 'outline files (default: every slides/*.md)')
    .option('--out <dir>', 'output directory (default: out in paparan.config.yaml, else dist)')
    .option('--format <list>', `comma-separated outputs: ${OUTPUT_FORMATS.join(',')}`, formats)
    .option('--force', 'rebuild outputs whose inputs did not change')
    .addOption(new Option('--handout-per-page <n>', 'slides per handout page: 1, 2, 3, 4 or 6').argParser(perPage))
    .addOption(new Option('--handout-mode <mode>', 'beside each slide').choices(['notes', 'lines', 'blank'] as const))
    .addOption(new Option('--paper <size>', 'handout and script paper').choices(['a4', 'letter'] as const))
    .option('--auto-split', 'split overflowing points and two-column slides')
    .option('--speaking-rate <wpm>', 'words per minute for timing estimates', speakingRate)
    .addHelpText('after', '\nThrough npm, options go after --:\n  npm run build -- --force    (npm run rebuild does the same)\n  npm run build -- slides/talk.md --format html,pdf')
    .action(async (outlines, options) => {
      // Chromium starts while the rest of paparan loads: its launch costs nothing on the critical path.
      const { BrowserSession } = await import('./export/browser.ts');
      const browser = new BrowserSession();
      // Only when some output is printed: `--format md,html` never starts a browser.
      if ((options.format ?? DEFAULT_FORMATS).some((format) => format !== 'md' && format !== 'html')) browser.warm();
      try {
        const { build } = await import('./build.ts');
        const results = await build({
          browser,
          outlines,
          outDir: options.out,
          formats: options.format,
          force: options.force === true,
          autoSplit: options.autoSplit === true ? true : undefined,
          speakingRate: options.speakingRate,
          handout: {
            ...(options.handoutPerPage !== undefined && { perPage: options.handoutPerPage }),
            ...(options.handoutMode !== undefined && { mode: options.handoutMode }),
            ...(options.paper !== undefined && { paper: options.paper }),
          },
          onProgress: (e) => process.stderr.write(`${progressLine(e, colourErr())}\n`),
        });
        const warnings = results.flatMap((r) => r.warnings);
        if (warnings.length) process.stderr.write(`${reportMessages(warnings, colourErr())}\n`);
        process.stderr.write(`${buildSummary(results, colourErr())}\n`);
      } finally {
        await browser.close();
      }
    });

  cli
    .command('check')
    .description('validate outlines, measure overflow in the browser, and write nothing')
    .argument('[outline...]', 'outline files (default: every slides/*.md)')
    .option('--strict', 'treat warnings as errors')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .option('--auto-split', 'check as the build would split overflowing slides')
    .option('--no-overflow', 'skip the browser overflow measurement')
    .addHelpText('after', '\nThrough npm, options go after --: npm run check -- --strict')
    .action(async (outlines, options) => {
      const { check } = await import('./check.ts');
      const { messages } = await check({ outlines, autoSplit: options.autoSplit === true ? true : undefined, overflow: options.overflow !== false });
      process.stdout.write(options.format === 'json' ? `${JSON.stringify({ messages: messages.map((m) => m.toJSON()) }, null, 2)}\n` : `${reportMessages(messages, colourOut())}\n`);
      if (messages.some((m) => m.fatal || options.strict === true)) setCode(EXIT.input);
    });

  const serve = async (outline: string | undefined, options: { port: number; out?: string }, rehearse: boolean) => {
    const { dev } = await import('./dev.ts');
    const log = (s: string) => process.stderr.write(`${s}\n`);
    const server = await dev({ outline, port: options.port, outDir: options.out, log });
    if (rehearse) {
      const { rehearsalHelp } = await import('./cli-output.ts');
      log(rehearsalHelp(server.url, server.outline, colourErr()));
    }
    // Ctrl-C ends the session cleanly: the browser closes and the last good outputs stay.
    const stop = () => void server.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await server.closed;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  };

  cli
    .command('dev')
    .description('watch an outline, serve its deck with live reload, and rebuild the PDFs in the background')
    .argument('[outline]', 'outline file (default: the first slides/*.md)')
    .option('--port <n>', 'port on localhost (0 picks a free one)', port, 8080)
    .option('--out <dir>', 'output directory (default: out in paparan.config.yaml, else dist)')
    .addHelpText('after', '\nThrough npm, options go after --: npm run dev -- slides/talk.md --port 3000')
    .action((outline, options) => serve(outline, options, false));

  cli
    .command('rehearse')
    .description("rehearse the talk in the presenter view: each slide's time is recorded and saved beside the outline")
    .argument('[outline]', 'outline file (default: the first slides/*.md)')
    .option('--port <n>', 'port on localhost (0 picks a free one)', port, 8080)
    .option('--out <dir>', 'output directory (default: out in paparan.config.yaml, else dist)')
    .addHelpText('after', '\nThe times go to slides/<name>.rehearsal.json; the speaker script and `check` use them.')
    .action((outline, options) => serve(outline, options, true));

  // Without a command: the versions for -v, else an unknown command or the help. (Set after the commands are
  // made, which copy this setting: they keep refusing extra arguments.)
  cli.allowExcessArguments().action(async (options) => {
    if (options.version) {
      const { versionReport } = await import('./version.ts');
      process.stdout.write(`${await versionReport(colourOut())}\n`);
    } else if (cli.args.length > 0) {
      const name = cli.args[0]!;
      const names = cli.commands.map((c) => c.name());
      const near = closest(name, names);
      cli.error(`error: unknown command '${name}'${distance(name, near) <= 2 ? `\n(Did you mean ${near}?)` : ''}`, { code: 'commander.unknownCommand' });
    } else {
      cli.help({ error: true });
    }
  });
  return cli;
}

/**
 * Maps argv to the library's options, and its results and errors to output and an exit code. This is the one
 * place that turns errors into messages: expected ones print like a compiler, anything else as an internal error.
 */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    // npm runs scripts in the project's root; a student who typed `npm run build -- talk.md` inside slides/ means
    // the file where they are. The CLI (never the library) works from the folder npm was started in.
    const started = process.env.INIT_CWD;
    if (process.env.npm_lifecycle_event && started && started !== process.cwd() && !relative(process.cwd(), started).startsWith('..') && !isAbsolute(relative(process.cwd(), started))) process.chdir(started);
    const note = npmSwallowedNote(process.env, argv, colourErr());
    if (note) process.stderr.write(`${note}\n`);
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof PaparanError) {
      process.stderr.write(`${reportMessages(error.messages, colourErr())}\n`);
      // A build that stopped on input errors wrote nothing: say so, and how to build the outlines that are fine.
      if (argv[0] === 'build' && error.kind === 'input' && error.messages.some((m) => m.fatal)) {
        const files = new Set(error.messages.filter((m) => m.fatal && /\.(md|ya?ml)$/.test(m.file)).map((m) => m.file));
        process.stderr.write(`Nothing was written; the last good outputs are kept.${files.size ? ` Fix ${files.size === 1 ? 'the outline above' : 'the outlines above'}, or build another one alone: paparan build slides/<name>.md` : ''}\n`);
      }
      return error.kind === 'usage' ? EXIT.usage : EXIT.input;
    }
    process.stderr.write(`${internalError(error)}\n`);
    return EXIT.internal;
  }
}
