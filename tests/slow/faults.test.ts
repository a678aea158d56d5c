import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { BrowserSession } from '../../scripts/export/browser.ts';
import { PaparanError } from '../../scripts/messages.ts';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

// Long trials, in the `slow` project: `npx vitest run --project slow`.
import { alive, BIN, builtProject, OUTPUTS, snapshot, tempsIn } from '../fault-helpers.ts';

describe('slow: faults', () => {
  it('a browser that hangs mid-PDF: a timeout, a clear error, the older outputs kept, no Chromium left', async () => {
    const { project, out, outline } = await builtProject();
    const before = snapshot(out);
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('title: "Ringkasan"', 'title: "Ringkasan baru"'));
    const browser = new BrowserSession({ timeoutMs: 3000 });
    const pending = build({ outlines: [outline], root: project, outDir: out, browser, measure: false, formats: ['pdf'] });
    let pid: number | undefined;
    while (!(pid = await browser.pid())) await new Promise((r) => setTimeout(r, 5));
    process.kill(pid, 'SIGSTOP');
    const error = (await pending.then(() => undefined, (e: unknown) => e)) as PaparanError;
    expect(error).toBeInstanceOf(PaparanError);
    expect(error.messages[0]!.rule).toBe('browser-failed');
    expect(error.messages[0]!.hint).toContain('PAPARAN_BROWSER_TIMEOUT');
    await browser.close();
    expect(alive(pid)).toBe(false);
    expect(readFileSync(join(out, 'kesimpulan', 'kesimpulan.pdf')).equals(before.get('kesimpulan.pdf')!)).toBe(true);
  });


  it('a build killed with SIGKILL at random moments (20 trials) leaves every output whole: old or new, byte for byte', async () => {
    const { project, out, outline } = await builtProject();
    const old = snapshot(out);
    writeFileSync(outline, readFileSync(outline, 'utf8').replace('title: "Ringkasan"', 'title: "Ringkasan yang diperbarui"'));
    const fresh = join(tempDir(), 'new');
    await build({ outlines: [outline], root: project, outDir: fresh });
    const next = snapshot(fresh);
    let seed = 20261125;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes = { old: 0, new: 0 };
    for (let trial = 0; trial < 20; trial++) {
      const child = spawn(process.execPath, [BIN, 'build', '--force'], { cwd: project, stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      const delay = 200 + Math.floor(random() * 2200);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      for (const f of OUTPUTS) {
        const bytes = readFileSync(join(out, 'kesimpulan', f));
        const isOld = bytes.equals(old.get(f)!);
        const isNew = bytes.equals(next.get(f)!);
        expect(isOld || isNew, `trial ${trial} (${delay} ms): ${f} is neither old nor new`).toBe(true);
        if (f.endsWith('.pdf')) await PDFDocument.load(bytes);
        if (f.endsWith('.html')) expect(bytes.toString('utf8').trimEnd().endsWith('</html>')).toBe(true);
        outcomes[isNew ? 'new' : 'old']++;
      }
    }
    console.info(`SIGKILL trials: ${outcomes.old} outputs old, ${outcomes.new} new`);
    // The next good build sweeps the temp files the killed ones left, and finishes the job byte for byte.
    await build({ outlines: [outline], root: project, outDir: out });
    expect(tempsIn(out)).toEqual([]);
    for (const f of OUTPUTS) expect(readFileSync(join(out, 'kesimpulan', f)).equals(next.get(f)!), f).toBe(true);
  }, 300_000);


  it('two builds of the same outline at once both end, and the outputs are whole', async () => {
    const { project, out } = await builtProject();
    const run = () => new Promise<number>((resolve) => spawn(process.execPath, [BIN, 'build', '--force'], { cwd: project, stdio: 'ignore' }).once('exit', (code) => resolve(code ?? -1)));
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const fresh = snapshot(out);
    for (const f of OUTPUTS.filter((n) => n.endsWith('.pdf'))) await PDFDocument.load(fresh.get(f)!);
    expect(fresh.get('kesimpulan.html')!.toString('utf8').trimEnd().endsWith('</html>')).toBe(true);
    expect(tempsIn(out)).toEqual([]);
  });

});
