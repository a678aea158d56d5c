#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
// tsx turns on source maps for every module loaded, node_modules included; reading those maps costs about
// 0.1 s per run. Stack traces stay readable enough without them; DEBUG=1 brings them back.
if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
const { main } = await import('../scripts/cli.ts');
process.exit(await main(process.argv.slice(2)));
