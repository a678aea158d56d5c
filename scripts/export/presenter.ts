import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What paparan adds to marp-cli's presenter view: notes in the deck's own font, set as reading text, the view's
 * labels in the deck's language, and the pace panel (presenter-client.js). All of it travels inside the HTML file;
 * its scripts are allowed by hash.
 */

/** The presenter view's words, by the deck's `lang`. */
const LABELS: Record<string, Record<string, string>> = {
  id: {
    prev: 'Sebelumnya',
    next: 'Berikutnya',
    smaller: 'Perkecil teks catatan',
    bigger: 'Perbesar teks catatan',
    pace: 'Waktu dan tempo',
    clock: 'Jam',
    elapsed: 'Berjalan',
    slideBudget: 'Slide ini',
    left: 'Sisa',
    over: 'Lewat waktu',
    notStarted: 'Tekan Mulai saat bicara dimulai',
    onTime: 'Tepat waktu',
    ahead: 'Lebih cepat',
    behind: 'Terlambat',
    start: 'Mulai',
    pause: 'Jeda',
    resume: 'Lanjutkan',
    reset: 'Ulang',
    finish: 'Selesai latihan',
    backup: 'Cadangan',
    backups: 'Slide cadangan',
    report: 'Hasil latihan',
    slide: 'Slide',
    planned: 'Rencana',
    spoken: 'Diucapkan',
    total: 'Total',
    save: 'Simpan',
    close: 'Tutup',
    saved: 'Tersimpan di',
    saveFailed: 'Gagal menyimpan',
    downloaded: 'Diunduh sebagai',
    page: 'Halaman',
  },
  en: {
    prev: 'Previous',
    next: 'Next',
    smaller: 'Smaller notes',
    bigger: 'Bigger notes',
    pace: 'Time and pace',
    clock: 'Clock',
    elapsed: 'Elapsed',
    slideBudget: 'This slide',
    left: 'Left',
    over: 'Over time',
    notStarted: 'Press Start when the talk begins',
    onTime: 'On time',
    ahead: 'Ahead',
    behind: 'Behind',
    start: 'Start',
    pause: 'Pause',
    resume: 'Resume',
    reset: 'Reset',
    finish: 'Finish rehearsal',
    backup: 'Backup',
    backups: 'Backup slides',
    report: 'Rehearsal result',
    slide: 'Slide',
    planned: 'Planned',
    spoken: 'Spoken',
    total: 'Total',
    save: 'Save',
    close: 'Close',
    saved: 'Saved to',
    saveFailed: 'Could not save',
    downloaded: 'Downloaded as',
    page: 'Page',
  },
};

/** One slide's place in the plan. */
export interface PaceSlide {
  id: string | null;
  title: string;
  /** Seconds: from a rehearsal when there is one, else from the notes at the speaking rate. */
  budget: number;
  backup: boolean;
}

/** What the pace panel is told about the talk, embedded in the page as JSON. */
export interface PaceData {
  /** Names the talk in localStorage: a rebuild with the same slides keeps the running timer. */
  key: string;
  lang: string;
  /** Minutes, from the outline's `duration`. */
  duration: number | null;
  /** Seconds behind the plan before the panel changes colour. */
  behindThreshold: number;
  slides: PaceSlide[];
  labels: Record<string, string>;
  /** Rehearsals already saved, so a download from file:// holds them all. */
  rehearsals: unknown[];
  /** Where rehearsals are kept, relative to the project: `slides/<name>.rehearsal.json`. */
  rehearsalFile: string;
}

export function paceData(input: Omit<PaceData, 'key' | 'labels' | 'behindThreshold'>): PaceData {
  const key = createHash('sha256').update(JSON.stringify(input.slides.map((s) => [s.id, s.title]))).digest('hex').slice(0, 16);
  return { ...input, key, behindThreshold: 30, labels: LABELS[input.lang] ?? LABELS.en! };
}

const CLIENT = join(packageRoot(), 'scripts', 'export', 'presenter-client.js');

// Found from the package root, so the path holds both in scripts/ and in the compiled lib/.
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'export', 'presenter-client.js'))) return dir;
    if (dirname(dir) === dir) throw new Error('paparan: cannot find its own package folder');
  }
}

let clientSource: string | undefined;

const SELECTORS: Record<string, string> = {
  prev: '.bespoke-marp-presenter-info-page-prev',
  next: '.bespoke-marp-presenter-info-page-next',
  smaller: '.bespoke-marp-presenter-note-smaller',
  bigger: '.bespoke-marp-presenter-note-bigger',
};

/** JSON inside a `<script>` element: `<` escaped, so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * Scripts for the end of `<body>`: marp's presenter view relabelled, and the pace panel with its data. `scripts`
 * holds the text of each element, in order, for the page's policy.
 */
export function presenterScripts(pace?: PaceData): { html: string; scripts: string[] } {
  const labels = scriptJson(LABELS);
  const relabel = `(()=>{const L=${labels},S=${JSON.stringify(SELECTORS)};const f=()=>{const t=L[document.documentElement.lang]||L.en;for(const k in S)document.querySelectorAll(S[k]).forEach((e)=>{e.title=t[k];if(e.textContent)e.textContent=t[k];e.setAttribute('aria-label',t[k]);});};f();document.addEventListener('DOMContentLoaded',f);})()`;
  clientSource ??= readFileSync(CLIENT, 'utf8');
  const data = pace ? scriptJson(pace) : undefined;
  return {
    html: `<script>${relabel}</script>${data === undefined ? '' : `<script type="application/json" id="paparan-pace">${data}</script>`}<script>${clientSource}</script>`,
    scripts: [relabel, ...(data === undefined ? [] : [data]), clientSource],
  };
}

/** The on-screen controls' page label in the theme's font. */
const CONTROLS_CSS = `.bespoke-marp-osc [data-bespoke-marp-osc=page] { font-family: 'Source Sans 3', 'Noto Emoji', sans-serif; font-size: 17px; }`;

/** Notes read as text in the theme's body font, at a reading measure; the pace panel under the page buttons. */
// Marp's rules are as specific as `body[data-bespoke-view=presenter] .container .info button`: ours name one more class.
const VIEW = 'body[data-bespoke-view=presenter] .bespoke-marp-presenter-container';
export const PRESENTER_CSS = `${CONTROLS_CSS}
${VIEW} .bespoke-marp-note {
  font-family: 'Source Sans 3', 'Noto Emoji', sans-serif; line-height: 1.45; letter-spacing: 0.005em;
}
${VIEW} .bespoke-marp-note p { margin: 0 0 0.8em; max-width: 62ch; }
${VIEW} .bespoke-marp-note .nobr { white-space: nowrap; }
body[data-bespoke-view=presenter] .bespoke-marp-presenter-container { grid-template-rows: minmax(140px, 1fr) 2fr auto; }
${VIEW} .bespoke-marp-presenter-info-container { flex-wrap: wrap; row-gap: 6px; padding: 8px 10px 10px; }
${VIEW} .bespoke-marp-presenter-info-container:has(.paparan-pace) :is(.bespoke-marp-presenter-info-time, .bespoke-marp-presenter-info-timer) { display: none; }
${VIEW} .paparan-pace { order: 1; flex-basis: 100%; display: flex; flex-wrap: wrap; justify-content: center; align-items: center; gap: 4px 20px;
  font: 16px/1.3 'Source Sans 3', 'Noto Emoji', sans-serif; color: #e9ece6; padding: 6px 12px; border-radius: 6px; background: #22343a; }
${VIEW} .paparan-pace p { margin: 0; }
${VIEW} .paparan-pace-label { color: #b5c0bd; }
${VIEW} .paparan-pace strong { font-variant-numeric: tabular-nums; font-weight: 600; }
${VIEW} .paparan-pace-status { font-weight: 600; min-width: 13ch; text-align: center; }
${VIEW} .paparan-pace[data-tone=ahead] .paparan-pace-status { color: #a8d8a0; }
${VIEW} .paparan-pace[data-tone=behind] .paparan-pace-status { color: #f3c07a; }
${VIEW} .paparan-pace[data-tone=over] { background: #8a3a22; }
${VIEW} .paparan-pace[data-tone=over] .paparan-pace-left strong { font-size: 1.3em; }
${VIEW} .paparan-pace-buttons { display: flex; gap: 8px; }
${VIEW} .bespoke-marp-presenter-info-container .paparan-pace button, ${VIEW} .bespoke-marp-presenter-info-container .paparan-backups button, .paparan-pace-report button {
  width: auto; height: auto; line-height: 1.3; opacity: 1; font: 600 15px/1.3 'Source Sans 3', 'Noto Emoji', sans-serif; color: #15242a; background: #e9ece6; border: 0; border-radius: 4px; padding: 4px 12px; cursor: pointer; }
${VIEW} .bespoke-marp-presenter-info-container .paparan-pace button:focus-visible, ${VIEW} .bespoke-marp-presenter-info-container .paparan-backups button:focus-visible, .paparan-pace-report button:focus-visible {
  outline: 3px solid #e38b45; outline-offset: 2px; }
${VIEW} .paparan-backups { flex-basis: 100%; display: flex; flex-wrap: wrap; justify-content: center; gap: 6px; align-items: center; }
${VIEW} .paparan-backups p { margin: 0; color: #b5c0bd; }
.paparan-pace-report { font: 16px/1.4 'Source Sans 3', 'Noto Emoji', sans-serif; color: #15242a; border: 0; border-radius: 8px; padding: 20px 24px; max-height: 80vh; overflow: auto; }
.paparan-pace-report h2 { margin: 0 0 8px; font-size: 22px; }
.paparan-pace-report table { border-collapse: collapse; margin: 8px 0 12px; }
.paparan-pace-report th, .paparan-pace-report td { text-align: left; padding: 2px 14px 2px 0; border-bottom: 1px solid #dde3e1; font-variant-numeric: tabular-nums; }
.paparan-pace-report tfoot th, .paparan-pace-report tfoot td { font-weight: 700; border-bottom: 0; }
.paparan-pace-report .paparan-pace-buttons { display: flex; gap: 8px; }`;
