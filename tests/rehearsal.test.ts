import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { check } from '../scripts/check.ts';
import { saveRehearsal } from '../scripts/dev-rehearsal.ts';
import { BrowserSession } from '../scripts/export/browser.ts';
import { PaparanError } from '../scripts/messages.ts';
import { prepare } from '../scripts/prepare.ts';
import { summarize } from '../scripts/rehearsal-check.ts';
import { readRehearsals, type RehearsalTake } from '../scripts/rehearsal.ts';
import { pdfText, tempDir, tempProject } from './helpers.ts';

const take = (spoken: Record<string, number>, recordedAt = '2026-11-26T08:00:00.000Z'): RehearsalTake => ({
  recordedAt,
  slides: Object.entries(spoken).map(([title, seconds]) => ({ id: null, title, planned: 10, spoken: seconds })),
});

const fileOf = (...takes: RehearsalTake[]) => `${JSON.stringify({ paparan: 'rehearsals', version: 1, rehearsals: takes }, null, 2)}\n`;

// Issue 15: rehearsals are data from a browser page, checked like an outline, and used by check and the script.
describe('rehearsal files', () => {
  it('points at the value that is wrong, by line and column', () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    writeFileSync(file, fileOf(take({ Pembuka: 5 })).replace('"spoken": 5', '"spoken": -3'));
    const { takes, messages } = readRehearsals(file);
    expect(takes).toEqual([]);
    expect(messages.map((m) => [m.rule, m.position.line, m.message])).toEqual([['rehearsal-invalid', 12, 'Rehearsal 1: `spoken` must be a number of seconds from 0 to 86400']]);
    writeFileSync(file, '{ "paparan": "rehearsals", "version": 1, "rehearsals": [ }');
    expect(readRehearsals(file).messages[0]?.message).toMatch(/not valid JSON/);
    writeFileSync(file, '{ "slides": [] }');
    expect(readRehearsals(file).messages[0]?.message).toMatch(/not a paparan rehearsal file/);
  });

  it('gives the latest and the median per slide, and what no longer matches', () => {
    const slides = [
      { id: null, title: 'Pembuka', backup: false },
      { id: 'isi', title: 'Isi baru', backup: false },
      { id: null, title: 'Cadangan', backup: true },
    ];
    const takes = [take({ Pembuka: 10, Isi: 50 }), take({ Pembuka: 30, Isi: 70 }), take({ Pembuka: 20, Isi: 60, Lama: 5 })];
    takes[2]!.slides[1]!.id = 'isi';
    const summary = summarize(takes, slides)!;
    // "Isi" matches the deck's "Isi baru" only by id, which only the last take has.
    expect(summary.latest).toEqual([20, 60, undefined]);
    expect(summary.median).toEqual([20, 60, undefined]);
    expect(summary.latestTotal).toBe(80);
    expect(summary.stale).toMatchObject({ missing: [], gone: ['Lama'] });
  });
});

describe('rehearsals in check and the build', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('check reports a rehearsal longer than the slot, and one that no longer matches the deck', async () => {
    const project = tempProject();
    const outline = join(project, 'slides', 'kesimpulan.md');
    const prepared = prepare(outline, { root: project });
    const titles = prepared.deck.slides.map((s) => s.title);
    const long = take(Object.fromEntries(titles.map((t) => [t, 60])));
    writeFileSync(join(project, 'slides', 'kesimpulan.rehearsal.json'), fileOf(long));
    let { messages } = await check({ outlines: [outline], root: project, overflow: false });
    expect(messages.filter((m) => m.rule === 'talk-too-long').map((m) => m.message)).toEqual([`The latest rehearsal took ${titles.length}:00 (median of 1: ${titles.length}:00); the talk has ${prepared.outline.deck.duration} min`]);
    expect(messages.some((m) => m.rule === 'rehearsal-stale')).toBe(false);
    const renamed = take({ ...Object.fromEntries(titles.slice(1).map((t) => [t, 20])), 'Judul lama': 20 });
    writeFileSync(join(project, 'slides', 'kesimpulan.rehearsal.json'), fileOf(long, renamed));
    ({ messages } = await check({ outlines: [outline], root: project, overflow: false }));
    const stale = messages.find((m) => m.rule === 'rehearsal-stale')!;
    expect(stale.file).toMatch(/kesimpulan\.rehearsal\.json$/);
    expect(stale.position.line).toBeGreaterThan(1);
    expect(stale.message).toContain(`no time for "${titles[0]}"`);
    expect(stale.message).toContain('"Judul lama" no longer in the deck');
  });

  it('a broken rehearsal file stops the build with its position, and nothing is written', async () => {
    const project = tempProject();
    writeFileSync(join(project, 'slides', 'kesimpulan.rehearsal.json'), '{ "paparan": "rehearsals", "version": 1, "rehearsals": [ { "recordedAt": "kemarin", "slides": [] } ] }');
    const out = tempDir();
    const error = await build({ root: project, outDir: out, browser, formats: ['html'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaparanError);
    expect((error as PaparanError).messages.map((m) => m.format())).toEqual([
      expect.stringMatching(/kesimpulan\.rehearsal\.json:1:74 {2}error {2}Rehearsal 1: `recordedAt` must be a date and time, such as "2026-11-26T09:30:00\.000Z" {2}rehearsal-invalid\n {4}hint: /),
    ]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a saved rehearsal makes the HTML stale: the presenter view plans with it', async () => {
    const project = tempProject();
    const out = tempDir();
    const first = await build({ root: project, outDir: out, browser, formats: ['html'] });
    expect(first[0]!.outputs.map((o) => o.status)).toEqual(['written']);
    const titles = prepare(join(project, 'slides', 'kesimpulan.md'), { root: project }).deck.slides.map((s) => s.title);
    writeFileSync(join(project, 'slides', 'kesimpulan.rehearsal.json'), fileOf(take(Object.fromEntries(titles.map((t) => [t, 77])))));
    const second = await build({ root: project, outDir: out, browser, formats: ['html'] });
    expect(second[0]!.outputs.map((o) => o.status)).toEqual(['written']);
    const html = readFileSync(join(out, 'kesimpulan', 'kesimpulan.html'), 'utf8');
    const pace = JSON.parse(/<script type="application\/json" id="paparan-pace">(.*?)<\/script>/s.exec(html)![1]!);
    expect(pace.slides[0].budget).toBe(77);
    expect(pace.rehearsals).toHaveLength(1);
  });
});

describe('rehearsals in the speaker script', () => {
  const browser = new BrowserSession();
  afterAll(() => browser.close());

  it('gives each slide its rehearsed time beside what the notes say, the median of several, and the rehearsed total', async () => {
    const project = tempProject();
    const out = tempDir();
    const titles = prepare(join(project, 'slides', 'kesimpulan.md'), { root: project }).deck.slides.map((s) => s.title);
    const times = (seconds: number) => take(Object.fromEntries(titles.map((t) => [t, seconds])));
    writeFileSync(join(project, 'slides', 'kesimpulan.rehearsal.json'), fileOf(times(20), times(40), times(35)));
    await build({ root: project, outDir: out, browser, formats: ['notes'] });
    const text = (await pdfText(join(out, 'kesimpulan', 'kesimpulan-notes.pdf'))).replace(/\s+/g, ' ');
    expect(text).toMatch(/latihan 0:35, median 0:35 \(menurut catatan \d:\d\d\)/);
    expect(text).toContain(`Latihan terakhir: ${Math.floor((35 * titles.length) / 60)}:${String((35 * titles.length) % 60).padStart(2, '0')} menit`);
    expect(text).toContain('3 latihan');
  });
});

describe('saving a rehearsal under paparan dev', () => {
  async function serve(file: string) {
    const lines: string[] = [];
    const server = createServer((req, res) => void saveRehearsal(req, res, { token: 'geheim', file, log: (l) => lines.push(l) }));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return { url, lines, close: () => new Promise<void>((ok) => server.close(() => ok())) };
  }

  it('saves only what this session sent, checked, and appends', async () => {
    const file = join(tempDir(), 'uji.rehearsal.json');
    const server = await serve(file);
    try {
      const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json', 'x-paparan-token': 'geheim' }) => fetch(server.url, { method: 'POST', headers, body });
      const good = JSON.stringify(take({ Pembuka: 12 }));
      expect((await post(good, { 'content-type': 'application/json' })).status).toBe(403);
      expect((await post(good, { 'content-type': 'text/plain', 'x-paparan-token': 'geheim' })).status).toBe(415);
      expect((await post('{"recordedAt": "x"}')).status).toBe(400);
      expect((await post('x'.repeat(300 * 1024))).status).toBe(413);
      expect((await fetch(server.url)).status).toBe(405);
      expect(readRehearsals(file).takes).toEqual([]);
      expect((await post(good)).status).toBe(200);
      expect((await post(good)).status).toBe(200);
      const { takes, messages } = readRehearsals(file);
      expect(messages).toEqual([]);
      expect(takes.map((t) => t.slides[0]!.spoken)).toEqual([12, 12]);
      expect(server.lines).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
