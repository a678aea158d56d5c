import { relative } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ProgressEvent } from './build.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './formats.ts';
import { PaparanError, reportMessages } from './messages.ts';

const EXIT = { ok: 0, input: 1, usage: 2 } as const;

function formats(value: string): OutputFormat[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new InvalidArgumentError(`unknown format "${f}"; choose from ${OUTPUT_FORMATS.join(', ')}`);
  return list as OutputFormat[];
}

function perPage(value: string): number {
  if (!['1', '2', '3', '4', '6'].includes(value)) throw new InvalidArgumentError('choose 1, 2, 3, 4 or 6');
  return Number(value);
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function progressLine(e: ProgressEvent): string {
  const path = relative(process.cwd(), e.path);
  return e.status === 'skipped' ? `  - ${e.format.padEnd(8)} ${path}  skipped (unchanged)` : `  ✓ ${e.format.padEnd(8)} ${path}  ${Math.round(e.ms)} ms`;
}

function handoutOptions(o: Record<string, unknown>) {
  return {
    ...(o.handoutPerPage !== undefined && { perPage: o.handoutPerPage as 1 }),
    ...(o.handoutMode !== undefined && { mode: o.handoutMode as 'lines' }),
    ...(o.paper !== undefined && { paper: o.paper as 'a4' }),
  };
}

/** Maps argv to the library's options, and its results and errors to output and an exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('paparan')
    .description('Turn a structured outline into a finished seminar deck.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('build')
    .description('build outlines into dist/<name>/: .md, .html, .pdf, -handout.pdf, -notes.pdf, -overview.png')
    .argument('[outline...]', 'outline files (default: every slides/*.md)')
    .option('--out <dir>', 'output directory', 'dist')
    .option('--format <list>', `comma-separated outputs: ${OUTPUT_FORMATS.join(',')}`, formats)
    .option('--force', 'rebuild outputs whose inputs did not change')
    .addOption(new Option('--handout-per-page <n>', 'slides per handout page: 1, 2, 3, 4 or 6').argParser(perPage))
    .addOption(new Option('--handout-mode <mode>', 'beside each slide').choices(['notes', 'lines', 'blank']))
    .addOption(new Option('--paper <size>', 'handout and script paper').choices(['a4', 'letter']))
    .option('--auto-split', 'split overflowing points and two-column slides')
    .option('--speaking-rate <wpm>', 'words per minute for timing estimates', positiveInt)
    .action(async (outlines: string[], o: Record<string, unknown>) => {
      // Chromium starts while the rest of paparan loads: its launch costs nothing on the critical path.
      const { BrowserSession } = await import('./export/browser.ts');
      const browser = new BrowserSession();
      browser.warm();
      const { build } = await import('./build.ts');
      const results = await build({
        browser,
        outlines,
        outDir: o.out as string,
        formats: o.format as OutputFormat[] | undefined,
        force: o.force === true,
        autoSplit: o.autoSplit === true ? true : undefined,
        speakingRate: o.speakingRate as number | undefined,
        handout: handoutOptions(o),
        onProgress: (e) => process.stderr.write(`${progressLine(e)}\n`),
      }).finally(() => browser.close());
      const warnings = results.flatMap((r) => r.warnings);
      if (warnings.length) process.stderr.write(`${reportMessages(warnings)}\n`);
    });

  program
    .command('check')
    .description('validate outlines, measure overflow in the browser, and write nothing')
    .argument('[outline...]', 'outline files (default: every slides/*.md)')
    .option('--strict', 'treat warnings as errors')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--auto-split', 'check as the build would split overflowing slides')
    .option('--no-overflow', 'skip the browser overflow measurement')
    .action(async (outlines: string[], o: Record<string, unknown>) => {
      const { check } = await import('./check.ts');
      const result = await check({ outlines, autoSplit: o.autoSplit === true ? true : undefined, overflow: o.overflow !== false });
      const messages = result.messages;
      process.stdout.write(o.format === 'json' ? `${JSON.stringify({ messages: messages.map((m) => m.toJSON()) }, null, 2)}\n` : `${reportMessages(messages)}\n`);
      if (messages.some((m) => m.fatal || o.strict === true)) code = EXIT.input;
    });

  program
    .command('dev')
    .description('watch an outline, serve its deck with live reload, and rebuild the PDFs in the background')
    .argument('[outline]', 'outline file (default: the first slides/*.md)')
    .option('--port <n>', 'port on localhost (0 picks a free one)', port)
    .option('--out <dir>', 'output directory', 'dist')
    .action(async (outline: string | undefined, o: Record<string, unknown>) => {
      const { dev } = await import('./dev.ts');
      const server = await dev({ outline, port: (o.port as number | undefined) ?? 8080, outDir: o.out as string, log: (s) => process.stderr.write(`${s}\n`) });
      await server.closed;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof PaparanError) {
      process.stderr.write(`${reportMessages(error.messages)}\n`);
      return error.kind === 'usage' ? EXIT.usage : EXIT.input;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`paparan: internal error: ${(error as Error).stack ?? error}\n`);
      process.exit(70);
    },
  );
}
