// Run by hand after upgrading marp-cli: `npx tsx scripts/render/bespoke/vendor.ts`. Copies the two pieces of
// marp-cli's bespoke template that its package does not ship as files (the template's CSS and the built-in
// transitions' keyframes) into marp-cli.json; `tests/export/bespoke.test.ts` then compares paparan's page with
// marp-cli's own, byte for byte. marp-cli is MIT-licensed (Copyright Marp team); its bespoke.js is read from the
// installed package at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);
const packageFile = require.resolve('@marp-team/marp-cli/package.json');
const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };
const lib = join(dirname(packageFile), 'lib');
const bundleName = (await import('node:fs')).readdirSync(lib).find((name) => /^marp-cli-.*\.js$/.test(name));
if (!bundleName) throw new Error(`marp-cli ${version}: no lib/marp-cli-*.js bundle`);
const bundle = readFileSync(join(lib, bundleName), 'utf8');

/** The text between two markers, which must each occur once. */
function between(start: string, end: string): string {
  const from = bundle.indexOf(start);
  if (from < 0 || bundle.indexOf(start, from + 1) >= 0) throw new Error(`marp-cli ${version}: marker ${start} not found once`);
  const to = bundle.indexOf(end, from + start.length);
  if (to < 0) throw new Error(`marp-cli ${version}: end marker ${end} not found`);
  return bundle.slice(from + start.length, to);
}

// Both are literals (a string, an object of strings): evaluated in an empty context, they are just values.
const css = runInNewContext(`'${between("bespoke:{css:'", "',js:await")}'`) as string;
const transitions = runInNewContext(`({${between('Fi={', '};function wi(')}})`) as Record<string, string | false>;
const builtin = Object.fromEntries(Object.entries(transitions).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
if (!css.includes('bespoke-marp-osc') || Object.keys(builtin).length < 10) throw new Error(`marp-cli ${version}: the pieces found do not look right`);

const out = join(import.meta.dirname, 'marp-cli.json');
writeFileSync(out, `${JSON.stringify({ marpCli: version, css, transitions: builtin }, null, 1)}\n`);
console.log(`Wrote ${out}: marp-cli ${version}, ${css.length} characters of CSS, ${Object.keys(builtin).length} transitions`);
