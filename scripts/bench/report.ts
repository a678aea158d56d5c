// The bench's tables (per-deck measurements, dev mode, and issue 19's targets) and its JSON, from one run's results.
import type { CheckResult, DeckResult } from './builds.ts';
import type { DevResult } from './dev.ts';
import { median, MiB, type TreeMemory } from './measure.ts';

/** Everything one run measured. */
export interface BenchResults {
  date: string;
  node: string;
  browser: string;
  /** What bin/paparan.mjs ran: lib/paparan.mjs, the sources through tsx, or first one then the other. */
  cli: 'compiled' | 'tsx' | 'mixed';
  quick: boolean;
  runs: number;
  saves: number;
  decks: DeckResult[];
  check: CheckResult;
  dev: DevResult[];
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '–');
const ratio = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const mib = (m: TreeMemory | undefined, key: keyof TreeMemory) => (m ? `${Math.round(m[key] / MiB)} MiB` : '–');

/** The medians a deck's figures are made of. B is the median of the rounds' marp HTML + marp --pdf sums. */
export function summarise(d: DeckResult) {
  const marpBoth = d.marpHtml.map((h, i) => h + d.marpPdf[i]!);
  const full = median(d.full);
  const html = median(d.html);
  const marpHtml = median(d.marpHtml);
  const B = median(marpBoth);
  return { deck: d.deck, slides: d.slides, rounds: d.full.length, full, html, marpHtml, marpPdf: median(d.marpPdf), B, fullOverB: full / B, htmlOverMarpHtml: html / marpHtml };
}

const by = (r: BenchResults, deck: string) => r.decks.find((d) => d.deck === deck);

/** One row of the target table. */
export interface TargetRow {
  measure: string;
  today: string;
  target: string;
  now: string;
  met: boolean | undefined;
}

/** Issue 19's targets, with its starting figures ("today" when the issue was written) beside this run's. */
export function targets(r: BenchResults): TargetRow[] {
  const k = by(r, 'kesimpulan') && summarise(by(r, 'kesimpulan')!);
  const g50 = by(r, 'gen50') && summarise(by(r, 'gen50')!);
  const g200 = by(r, 'gen200') && summarise(by(r, 'gen200')!);
  const g500 = by(r, 'gen500');
  const dev = r.dev.find((d) => d.deck === 'kesimpulan');
  const scaling = (g200?.full ?? NaN) / (g50?.full ?? NaN);
  const check = median(r.check.check);
  const at = (x: number, limit: number) => (Number.isFinite(x) ? x <= limit : undefined);
  const both = (a: boolean | undefined, b: boolean | undefined) => (a === undefined || b === undefined ? undefined : a && b);
  const peak50 = g50 && by(r, 'gen50')!.memory.full;
  return [
    { measure: 'full build ÷ marp-cli HTML + PDF, conclusion and 50 slides', today: '0.68–0.80, 0.76–0.88', target: '≤ 0.5', now: `${ratio(k?.fullOverB ?? NaN)}, ${ratio(g50?.fullOverB ?? NaN)}`, met: both(at(k?.fullOverB ?? NaN, 0.5), at(g50?.fullOverB ?? NaN, 0.5)) },
    { measure: 'the same, 200 slides', today: '0.98–1.29', target: '≤ 0.6', now: ratio(g200?.fullOverB ?? NaN), met: at(g200?.fullOverB ?? NaN, 0.6) },
    { measure: 'A(200) ÷ A(50)', today: '1.72–2.07', target: '≤ 1.5', now: ratio(scaling), met: at(scaling, 1.5) },
    { measure: '`build --format html` (with the overflow check) ÷ marp-cli HTML, conclusion', today: '≈ 1.9', target: '≤ 1.2', now: ratio(k?.htmlOverMarpHtml ?? NaN), met: at(k?.htmlOverMarpHtml ?? NaN, 1.2) },
    { measure: '`check --no-overflow` on the conclusion', today: '0.43 s', target: '≤ 0.25 s', now: `${s(check)} (node -e 0: ${s(median(r.check.node))})`, met: at(check, 250) },
    { measure: 'dev: save → new content visible in the open page (conclusion, measured in the page)', today: '≈ 190 ms', target: '≤ 100 ms median', now: ms(median(dev?.visible ?? [])), met: at(median(dev?.visible ?? []), 100) },
    { measure: 'dev: save → slides PDF on disk (conclusion)', today: '≈ 240 ms', target: '≤ 200 ms', now: ms(median(dev?.pdf ?? [])), met: at(median(dev?.pdf ?? []), 200) },
    { measure: 'peak memory of the full build (`build --force`), whole process tree, 50 slides: RSS summed', today: '560–616 MiB RSS', target: '≤ 450 MiB', now: peak50 ? `${mib(peak50, 'rss')} RSS (${mib(peak50, 'pss')} PSS)` : '–', met: peak50 ? peak50.rss <= 450 * MiB : undefined },
    g500 && g500.full.length
      ? { measure: '500 slides builds (`build --force`)', today: '–', target: 'builds; time printed', now: `${s(median(g500.full))} (${g500.full.length} run${g500.full.length > 1 ? 's' : ''})`, met: true }
      : { measure: '500 slides builds (`build --force`)', today: '–', target: 'builds; time printed', now: r.quick ? 'not run (BENCH_QUICK)' : '–', met: undefined },
  ];
}

const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** The printed report: measurements per deck, check, dev mode, then the target table. */
export function formatReport(r: BenchResults): string {
  const decks = r.decks.map((d) => ({ ...summarise(d), memory: d.memory }));
  const g50 = decks.find((d) => d.deck === 'gen50');
  const g200 = decks.find((d) => d.deck === 'gen200');
  const measurements = table(
    ['deck', 'slides', 'A: build --force (6 formats)', 'B: marp HTML + marp --pdf', 'A/B', 'H: build --format html', 'H / marp HTML', 'A peak RSS / PSS', 'marp --pdf peak RSS / PSS'],
    decks.map((d) => [
      d.deck,
      String(d.slides),
      s(d.full),
      Number.isFinite(d.marpHtml) ? `${s(d.marpHtml)} + ${s(d.marpPdf)} → ${s(d.B)}` : '–',
      `**${ratio(d.fullOverB)}**`,
      s(d.html),
      ratio(d.htmlOverMarpHtml),
      `${mib(d.memory.full, 'rss')} / ${mib(d.memory.full, 'pss')}`,
      `${mib(d.memory.marpPdf, 'rss')} / ${mib(d.memory.marpPdf, 'pss')}`,
    ]),
  );
  const dev = table(
    ['dev mode, deck', 'saves', 'save → visible in the page', 'save → title in the page', 'save → HTML on disk', 'save → slides PDF on disk', 'dev tree peak RSS / PSS'],
    r.dev.map((d) => [d.deck, String(d.visible.length), ms(median(d.visible)), ms(median(d.title)), ms(median(d.html)), ms(median(d.pdf)), `${mib(d.memory, 'rss')} / ${mib(d.memory, 'pss')}`]),
  );
  const goals = table(
    ['measure', 'today (issue 19, its starting figures)', 'target', 'measured now', 'met'],
    targets(r).map((t) => [t.measure, t.today, t.target, t.now, t.met === undefined ? '–' : t.met ? 'yes' : 'no']),
  );
  const scaling = g50 && g200 ? `A(200) / A(50) = ${ratio(g200.full / g50.full)}` : '';
  return [
    `paparan ran ${
      r.cli === 'compiled'
        ? 'from lib/paparan.mjs (compiled)'
        : r.cli === 'tsx'
          ? 'from the TypeScript sources through tsx: lib/paparan.mjs is older than scripts/ (`npm run compile` first, or BENCH_COMPILE=1, for the installed speed)'
          : 'from lib/paparan.mjs at first, then through tsx: scripts/ changed during the run (the figures mix both)'
    }`,
    '',
    measurements,
    '',
    scaling,
    `check --no-overflow slides/kesimpulan.md: ${s(median(r.check.check))} (median of ${r.check.check.length}); node -e 0: ${s(median(r.check.node))}`,
    '',
    dev,
    '',
    goals,
    '',
    `Medians of ${r.runs} round${r.runs === 1 ? '' : 's'} (A, H, marp HTML, marp --pdf interleaved, each a fresh process); dev: ${r.saves} saves, each timed from just before the outline is written.`,
    'Memory: peaks sampled every 20 ms in separate, untimed runs, summed over the command\'s whole process tree (node and its Chromium).',
    'RSS counts a page shared between processes once per process; PSS splits it among them (the tree\'s real footprint). A peak: `paparan build --force`; dev: dev mode\'s tree without the viewing browser.',
    `Browser: ${r.browser}; Node ${r.node}${r.quick ? '; BENCH_QUICK: one round, 3 saves, no 500-slide deck' : ''}.`,
  ].join('\n');
}

/** The JSON written to dist/bench.json: every sample, the medians, and the target table. */
export function benchJson(r: BenchResults): string {
  const rows = r.decks.map((d) => ({ ...summarise(d), samples: { full: d.full, html: d.html, marpHtml: d.marpHtml, marpPdf: d.marpPdf }, peakMemoryBytes: d.memory }));
  const dev = r.dev.map(({ memory, ...d }) => ({ ...d, peakMemoryBytes: memory, medians: { visible: median(d.visible), title: median(d.title), html: median(d.html), pdf: median(d.pdf) } }));
  return `${JSON.stringify({ ...r, decks: rows, dev, check: { ...r.check, medians: { check: median(r.check.check), node: median(r.check.node) } }, targets: targets(r) }, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
