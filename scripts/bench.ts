// `npm run bench`: paparan against plain marp-cli, measured in the same run on the same Markdown.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { findBrowser } from './export/browser.ts';
import { writeAtomic } from './write.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'paparan.mjs');
const MARP = join(ROOT, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const SAVES = Math.max(5, Number(process.env.BENCH_SAVES ?? 7));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every descendant of a process, found through /proc/<pid>/task/<tid>/children (cheap: no scan of /proc). */
function descendants(root: number): number[] {
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    found.push(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (kids) queue.push(...kids.split(' ').map(Number));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Memory summed over a process and all its descendants (Chromium included), in bytes: RSS, and PSS when asked. */
function treeMemory(root: number, withPss = false): { rss: number; pss: number } {
  const total = { rss: 0, pss: 0 };
  for (const pid of descendants(root)) {
    try {
      total.rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      // PSS shares each page among the processes that map it, so the sum counts shared pages once.
      if (withPss) total.pss += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // Gone already.
    }
  }
  return total;
}

/** Runs a command to completion; returns its wall time and the peak memory of its process tree. */
async function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, sample = false): Promise<{ ms: number; peak: number; peakPss: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let peak = 0;
  let peakPss = 0;
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  let done = false;
  void exited.then(() => (done = true));
  // Sampling memory costs CPU that the measured process would otherwise get, so timed runs do not sample.
  for (let tick = 0; !done; tick++) {
    if (sample) {
      const m = treeMemory(child.pid!, tick % 5 === 0);
      peak = Math.max(peak, m.rss);
      peakPss = Math.max(peakPss, m.pss);
    }
    await Promise.race([exited, sleep(sample ? 20 : 1000)]);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}\n${stderr}`);
  return { ms: performance.now() - start, peak, peakPss };
}

/** An outline of `n` slides with notes on every one, in Indonesian, like a real talk. */
export function generatedOutline(n: number): string {
  const slides: Record<string, unknown>[] = [{ layout: 'title', notes: 'Selamat pagi. Saya akan menyampaikan hasil penelitian ini secara singkat.' }, { layout: 'agenda', notes: 'Presentasi ini terbagi menjadi beberapa bagian utama.' }];
  for (let i = slides.length; i < n - 1; i++) {
    const notes = `Slide ${i + 1}: penjelasan lengkap untuk bagian ini. Kerja sama keamanan regional di Asia Tengah dipengaruhi oleh kepentingan ekonomi, politik dan keamanan Rusia, terutama terkait Laut Kaspia, minyak dan gas alam, serta ancaman separatisme, terorisme dan ekstremisme di kawasan.`;
    if (i % 10 === 2) slides.push({ layout: 'section', title: `Bagian ${Math.ceil(i / 10)}`, subtitle: 'Kepentingan Rusia di Asia Tengah', notes });
    else if (i % 7 === 0) slides.push({ layout: 'two-column', title: `Perbandingan ${i}`, left: { heading: 'Ekonomi', points: ['Laut Kaspia', 'Minyak dan gas alam', 'Pipa penyalur'] }, right: { heading: 'Keamanan', points: ['Separatisme', 'Terorisme', 'Ekstremisme'] }, notes });
    else if (i % 13 === 0) slides.push({ layout: 'quote', text: 'Permasalahan gerakan separatisme merupakan ancaman nyata bagi keamanan Rusia.', source: 'Bab V', notes });
    else slides.push({ layout: 'points', title: `Temuan ${i}: kepentingan Rusia`, points: ['Menjaga pengaruh di Asia Tengah', 'Kerja sama dianggap berdampak positif', { text: 'Kepentingan ekonomi', points: ['Minyak dan gas alam'] }, 'Menjaga keutuhan wilayah'], notes });
  }
  slides.push({ layout: 'closing', notes: 'Terima kasih. Saya siap menjawab pertanyaan.' });
  return `---\n${stringify({ title: `Dek uji ${n} slide`, author: 'Bangku Uji', date: '2026', lang: 'id', slides })}---\n`;
}

/** Dev mode in its own process: the time from a save to fresh HTML on disk, and to a fresh slides PDF. */
async function devLatency(project: string, name: string): Promise<{ html: number[]; pdf: number[]; peak: number }> {
  const outline = join(project, 'slides', `${name}.md`);
  const out = join(project, 'dev-dist');
  const html = join(out, name, `${name}.html`);
  const pdf = join(out, name, `${name}.pdf`);
  const child = spawn(process.execPath, [BIN, 'dev', outline, '--port', '0', '--out', out], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const mtime = (f: string) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return 0;
    }
  };
  const waitFor = async (test: () => boolean, what: string) => {
    for (const start = performance.now(); performance.now() - start < 60_000; ) {
      if (test()) return;
      await sleep(2);
    }
    throw new Error(`dev mode: no ${what} within 60 s\n${log}`);
  };
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeMemory(child.pid!).rss)), 20);
  try {
    await waitFor(() => /✓ pdf, handout, notes/.test(log), 'first build');
    const source = readFileSync(outline, 'utf8');
    const result = { html: [] as number[], pdf: [] as number[], peak: 0 };
    for (let i = 0; i < SAVES; i++) {
      await sleep(300);
      const before = { html: mtime(html), pdf: mtime(pdf), log: log.length };
      const marker = `Simpan ${i} ${Date.now()}`;
      const start = performance.now();
      writeFileSync(outline, source.replace(/^title: .*$/m, `title: "${marker}"`));
      let htmlAt = 0;
      let pdfAt = 0;
      await waitFor(() => {
        if (!htmlAt && mtime(html) !== before.html && readFileSync(html, 'utf8').includes(marker)) htmlAt = performance.now() - start;
        if (!pdfAt && mtime(pdf) !== before.pdf) pdfAt = performance.now() - start;
        return htmlAt > 0 && pdfAt > 0;
      }, 'rebuild');
      await waitFor(() => /✓ pdf, handout, notes/.test(log.slice(before.log)), 'background outputs');
      result.html.push(htmlAt);
      result.pdf.push(pdfAt);
    }
    writeFileSync(outline, source);
    result.peak = peak;
    return result;
  } finally {
    clearInterval(sampler);
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const project = mkdtempSync(join(tmpdir(), 'paparan-bench-'));
  const MiB = 1024 * 1024;
  try {
    for (const d of ['templates', 'themes']) cpSync(join(ROOT, d), join(project, d), { recursive: true });
    mkdirSync(join(project, 'slides'));
    cpSync(join(ROOT, 'slides', 'kesimpulan.md'), join(project, 'slides', 'kesimpulan.md'));
    writeFileSync(join(project, 'slides', 'gen50.md'), generatedOutline(50));
    writeFileSync(join(project, 'slides', 'gen200.md'), generatedOutline(200));
    const chrome = await findBrowser();
    const env = { CHROME_PATH: chrome };
    const decks = ['kesimpulan', 'gen50', 'gen200'];
    // The baseline converts the very Markdown paparan generates, with the same themes.
    await timed([BIN, 'build', '--format', 'md', '--out', 'md', ...decks.map((d) => `slides/${d}.md`)], project);
    const rows: Record<string, unknown>[] = [];
    for (const deck of decks) {
      const md = join('md', deck, `${deck}.md`);
      const a: number[] = [], bHtml: number[] = [], bPdf: number[] = [], peaksA: number[] = [], peaksB: number[] = [], pssA: number[] = [];
      process.stderr.write(`${deck}: `);
      const argsA = [BIN, 'build', '--force', '--format', 'html,pdf,handout,notes', '--out', 'out-a', `slides/${deck}.md`];
      const argsHtml = [MARP, '--no-config-file', '--theme-set', 'themes', '-o', `out-b/${deck}.html`, md];
      const argsPdf = [MARP, '--no-config-file', '--theme-set', 'themes', '--pdf', '-o', `out-b/${deck}.pdf`, md];
      for (let i = 0; i < RUNS; i++) {
        a.push((await timed(argsA, project, env)).ms);
        bHtml.push((await timed(argsHtml, project, env)).ms);
        bPdf.push((await timed(argsPdf, project, env)).ms);
        process.stderr.write('.');
      }
      for (let i = 0; i < 2; i++) {
        const runA = await timed(argsA, project, env, true);
        peaksA.push(runA.peak);
        pssA.push(runA.peakPss);
        peaksB.push(Math.max((await timed(argsHtml, project, env, true)).peak, (await timed(argsPdf, project, env, true)).peak));
        process.stderr.write('m');
      }
      const dev = deck === 'gen200' ? undefined : await devLatency(project, deck);
      process.stderr.write('\n');
      const B = median(bHtml) + median(bPdf);
      rows.push({
        deck,
        runs: RUNS,
        A_ms: Math.round(median(a)),
        B_html_ms: Math.round(median(bHtml)),
        B_pdf_ms: Math.round(median(bPdf)),
        B_ms: Math.round(B),
        A_over_B: median(a) / B,
        dev_html_ms: dev && Math.round(median(dev.html)),
        dev_pdf_ms: dev && Math.round(median(dev.pdf)),
        dev_pdf_over_B_pdf: dev && median(dev.pdf) / median(bPdf),
        peak_A_MiB: Math.round(Math.max(...peaksA) / MiB),
        peak_A_pss_MiB: Math.round(Math.max(...pssA) / MiB),
        peak_B_MiB: Math.round(Math.max(...peaksB) / MiB),
        peak_dev_MiB: dev && Math.round(dev.peak / MiB),
      });
    }
    const by = Object.fromEntries(rows.map((r) => [r.deck, r]));
    const scaling = (by.gen200!.A_ms as number) / (by.gen50!.A_ms as number);
    const targets = decks.slice(0, 2).flatMap((d) => {
      const r = by[d]!;
      return [
        { target: `${d}: A/B ≤ 0.8`, value: (r.A_over_B as number).toFixed(2), met: (r.A_over_B as number) <= 0.8 },
        { target: `${d}: dev HTML ≤ 150 ms`, value: `${r.dev_html_ms} ms`, met: (r.dev_html_ms as number) <= 150 },
        { target: `${d}: dev PDF ≤ 0.25 × B's PDF`, value: (r.dev_pdf_over_B_pdf as number).toFixed(2), met: (r.dev_pdf_over_B_pdf as number) <= 0.25 },
        { target: `${d}: peak memory < 800 MiB`, value: `${Math.max(r.peak_A_MiB as number, r.peak_dev_MiB as number)} MiB`, met: Math.max(r.peak_A_MiB as number, r.peak_dev_MiB as number) < 800 },
      ];
    });
    targets.push({ target: 'A(200 slides) ≤ 4.5 × A(50 slides)', value: scaling.toFixed(2), met: scaling <= 4.5 });

    const table = [
      '| deck | A: paparan build (4 outputs) | B: marp HTML + marp --pdf | A/B | dev: save → HTML | dev: save → PDF | dev PDF / B PDF | peak A (RSS / PSS) | peak B (RSS) |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows.map((r) =>
        `| ${r.deck} | ${r.A_ms} ms | ${r.B_html_ms} + ${r.B_pdf_ms} = ${r.B_ms} ms | **${(r.A_over_B as number).toFixed(2)}** | ${r.dev_html_ms ?? '–'} ms | ${r.dev_pdf_ms ?? '–'} ms | ${r.dev_pdf_over_B_pdf === undefined ? '–' : (r.dev_pdf_over_B_pdf as number).toFixed(2)} | ${r.peak_A_MiB} / ${r.peak_A_pss_MiB} MiB | ${r.peak_B_MiB} MiB |`,
      ),
      '',
      `A(200) / A(50) = ${scaling.toFixed(2)}`,
      '',
      '| target | measured | met |',
      '|---|---|---|',
      ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? 'yes' : 'no'} |`),
    ].join('\n');
    process.stdout.write(`${table}\n\nmedians of ${RUNS} runs (dev: ${SAVES} saves); browser: ${chrome}; memory: RSS (and PSS) summed over the process tree, sampled every 20 ms\n`);
    writeAtomic(join(ROOT, 'dist', 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, browser: chrome, runs: RUNS, saves: SAVES, rows, scaling, targets }, null, 2)}\n`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench.ts')) await main();
