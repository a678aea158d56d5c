// `npm run bench`: paparan against plain marp-cli, measured in one run on the same Markdown and browser.
// BENCH_RUNS (default 5) rounds, BENCH_SAVES (default 7) dev-mode saves; BENCH_QUICK=1 for a try-out (one round,
// 3 saves, no 500-slide deck); BENCH_COMPILE=1 compiles lib/paparan.mjs first. The pieces are in scripts/bench/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCheck, measureDeck, type DeckResult } from './bench/builds.ts';
import { deckNames, writeProject } from './bench/decks.ts';
import { measureDev, type DevResult } from './bench/dev.ts';
import { writeMarkdown } from './bench/marp.ts';
import { cliBuild, ROOT } from './bench/paths.ts';
import { benchJson, formatReport, type BenchResults } from './bench/report.ts';
import { findBrowser } from './export/browser.ts';
import { writeAtomic } from './write.ts';

export { generatedOutline } from './bench/decks.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const count = (value: string | undefined, fallback: number) => (value && Number(value) >= 1 ? Math.floor(Number(value)) : fallback);
const RUNS = QUICK ? 1 : count(process.env.BENCH_RUNS, 5);
const SAVES = QUICK ? 3 : count(process.env.BENCH_SAVES, 7);
const tick = (mark: string) => process.stderr.write(mark);

async function main() {
  if (process.env.BENCH_COMPILE === '1') {
    const compiled = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'compile.ts')], { stdio: 'inherit' });
    if (compiled.status !== 0) throw new Error('npm run compile failed');
  }
  // bin/paparan.mjs picks its build at every start: an edit to scripts/ during the run switches it to tsx.
  const cliAtStart = cliBuild();
  const project = mkdtempSync(join(tmpdir(), 'paparan-bench-'));
  try {
    const decks = deckNames(!QUICK);
    writeProject(ROOT, project, decks);
    const chrome = await findBrowser();
    const env = { CHROME_PATH: chrome };
    await writeMarkdown(project, decks);
    const results: DeckResult[] = [];
    for (const deck of decks) {
      tick(`${deck} `);
      const limit = deck === 'gen500';
      // The 500-slide deck: built once timed and once sampled for memory; marp-cli once beside it.
      const plan = { deck, runs: limit ? 1 : RUNS, html: deck === 'kesimpulan' || deck === 'gen50', marp: true, memoryRuns: QUICK || limit ? 1 : 2 };
      results.push(await measureDeck(project, plan, env, tick));
      tick('\n');
    }
    tick('check ');
    const check = await measureCheck(project, QUICK ? 3 : 9, env);
    const dev: DevResult[] = [];
    for (const deck of ['kesimpulan', 'gen50']) {
      tick(`\ndev ${deck} `);
      dev.push(await measureDev(project, deck, { saves: SAVES, memorySaves: QUICK ? 1 : 2, chrome, env }, tick));
    }
    tick('\n\n');
    const report: BenchResults = { date: new Date().toISOString(), node: process.version, browser: chrome, cli: cliAtStart === cliBuild() ? cliAtStart : 'mixed', quick: QUICK, runs: RUNS, saves: SAVES, decks: results, check, dev };
    process.stdout.write(`${formatReport(report)}\n`);
    writeAtomic(join(ROOT, 'dist', 'bench.json'), benchJson(report));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench.ts')) await main();
