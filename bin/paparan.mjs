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

// lib/paparan.mjs (made by `npm install`) starts about 0.2 s sooner than TypeScript through tsx; after any
// edit to scripts/, the sources run through tsx until the next `npm run compile`.
let main;
if (compiledIsFresh()) {
  ({ main } = await import(compiled));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // tsx turns on source maps for every module, node_modules included; reading them costs about 0.1 s a run.
  if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
  ({ main } = await import('../scripts/cli.ts'));
}
process.exit(await main(process.argv.slice(2)));
