#!/usr/bin/env node
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'lib', 'paparan.mjs');

/** Newest modification time of the TypeScript sources. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  try {
    return statSync(compiled).mtimeMs >= newestSource(join(root, 'scripts'));
  } catch {
    return false;
  }
}

/** Last resort, for failures before the CLI's own handler exists (or outside it): one line, exit 70, no stack. */
function crash(error) {
  const text = error instanceof Error ? `${error.name}: ${String(error.message).split('\n')[0].slice(0, 300)}` : String(error).slice(0, 300);
  const stack = process.env.PAPARAN_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
  process.stderr.write(`paparan: internal error: ${text}${stack}\n    hint: this is a bug in paparan, not in your files. Please report it with the command you ran${stack ? '' : ' (PAPARAN_DEBUG=1 shows the stack)'}\n`);
  process.exit(70);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// lib/paparan.mjs (made by `npm install`) starts about 0.2 s sooner than TypeScript through tsx; after any
// edit to scripts/, the sources run through tsx until the next `npm run compile`.
try {
  let main;
  if (compiledIsFresh()) {
    ({ main } = await import(compiled));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    // tsx turns on source maps for every module, node_modules included; reading them costs about 0.1 s a run.
    if (!process.env.DEBUG && process.env.PAPARAN_DEBUG !== '1') process.setSourceMapsEnabled(false);
    ({ main } = await import('../scripts/cli.ts'));
  }
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  crash(error);
}
