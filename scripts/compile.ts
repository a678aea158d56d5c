// Compiles the CLI's TypeScript into one ES module, lib/paparan.mjs, for bin/paparan.mjs, and the library into
// lib/index.mjs. Packages stay
// external. Run by `npm install` (prepare); bin/paparan.mjs falls back to tsx when sources are newer.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

// The CLI, and the library entry (`import { build } from 'paparan'`).
for (const [entry, out] of [['cli.ts', 'paparan.mjs'], ['index.ts', 'index.mjs']] as const) {
  await build({
    entryPoints: [join(ROOT, 'scripts', entry)],
    outfile: join(ROOT, 'lib', out),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}
