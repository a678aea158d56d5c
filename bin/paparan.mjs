#!/usr/bin/env node
import { createRequire } from 'node:module';
import { register } from 'tsx/esm/api';

// V8's compiled code for the CommonJS packages (marp-core, MathJax, puppeteer, pdf-lib) is kept on disk
// between runs; Node 20 has no compile cache of its own.
if (!process.env.PAPARAN_NO_COMPILE_CACHE) createRequire(import.meta.url)('v8-compile-cache');
register();
// tsx turns on source maps for every module loaded, node_modules included; reading those maps costs about
// 0.1 s per run. Stack traces stay readable enough without them; DEBUG=1 brings them back.
if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
const { main } = await import('../scripts/cli.ts');
process.exit(await main(process.argv.slice(2)));
