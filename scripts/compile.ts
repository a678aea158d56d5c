// Compiles the CLI's TypeScript into one ES module, lib/paparan.mjs, for bin/paparan.mjs. Packages stay
// external. Run by `npm install` (prepare); bin/paparan.mjs falls back to tsx when sources are newer.
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

await build({
  entryPoints: [join(ROOT, 'scripts', 'cli.ts')],
  outfile: join(ROOT, 'lib', 'paparan.mjs'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
