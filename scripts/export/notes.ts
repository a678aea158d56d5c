import { countWords } from '../outline/words.ts';
import { nobrHtml, notesHtml, pageDocument, slideSvgs } from './print.ts';
import { escapeHtml, type MarpRender } from './slides.ts';

export interface ScriptInput {
  render: MarpRender;
  notes: string[];
  titles: string[];
  speakingRate: number;
  duration?: number;
  lang: string;
  title: string;
  footer: string;
  labels: Record<string, string>;
  paper: 'a4' | 'letter';
  /** The deck's slides, to tell backup slides (`backup: true`) apart; without it, every slide is in the talk. */
  slides?: ReadonlyArray<{ title: string; backup?: unknown }>;
  /** The works cited, each entry inline Markdown in the style's order: the script ends with the full list. */
  references?: string[];
  /** Seconds per slide from the saved rehearsals (`<name>.rehearsal.json`), when there are any. */
  rehearsal?: { takes: number; latest: (number | undefined)[]; median: (number | undefined)[]; latestTotal: number; medianTotal: number };
}

export interface ScriptTiming {
  words: number[];
  seconds: number[];
  totalWords: number;
  totalSeconds: number;
}

export function timing(notes: string[], speakingRate: number): ScriptTiming {
  const words = notes.map((n) => countWords(n));
  const seconds = words.map((w) => Math.round((w / speakingRate) * 60));
  const totalWords = words.reduce((a, b) => a + b, 0);
  return { words, seconds, totalWords, totalSeconds: Math.round((totalWords / speakingRate) * 60) };
}

export function formatDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The slide thumbnail's width in the script: a multiple of 16 px, so that the 16:9 frame lands on whole pixels. */
const THUMB = 272;

/** A backup slide (`backup: true`): listed after the talk's slides, under its own heading, and out of the total. */
const isBackup = (slide: { backup?: unknown } | undefined) => slide?.backup === true;

export interface Script {
  html: string;
  timing: ScriptTiming;
  /** One bookmark per slide, in the script's order (backup slides last), titled as in the slides PDF ("3. Title"). */
  bookmarks: { title: string; page: number }[];
  /** The text of each slide's heading in the script, in the same order: the bookmarks go to the pages that print them. */
  headings: string[];
}

/**
 * The speaker script: every slide as a thumbnail beside its full notes, with speaking times and a total.
 * Its classes all start with `sc-`, so that none of its styles reaches into the slides it shows (whose templates
 * have classes of their own: `part`, `label`, …).
 */
export function scriptDocument(input: ScriptInput): Script {
  const svgs = slideSvgs(input.render);
  const { labels } = input;
  const backup = svgs.map((_, i) => isBackup(input.slides?.[i]));
  const all = timing(input.notes, input.speakingRate);
  // The talk is every slide but the backup slides: the total and the running time count only those.
  const t = timing(input.notes.map((n, i) => (backup[i] ? '' : n)), input.speakingRate);
  const rehearsal = input.rehearsal;
  let elapsed = 0;
  const row = (svg: string, i: number) => {
    // The running clock follows the latest rehearsal where it timed the slide: that is how the talk went.
    const spoken = rehearsal?.latest[i];
    if (!backup[i]) elapsed += spoken ?? t.seconds[i] ?? 0;
    const clock = backup[i] ? '' : ` · ${formatDuration(elapsed)}`;
    const notesTime = `~${formatDuration(all.seconds[i] ?? 0)} ${labels.minutes}`;
    const median = rehearsal && rehearsal.takes > 1 && rehearsal.median[i] !== undefined ? `, ${labels.median} ${formatDuration(rehearsal.median[i]!)}` : '';
    const time = spoken === undefined ? notesTime : `<strong>${labels.rehearsed} ${formatDuration(spoken)}</strong>${median} (${labels.notesSay} ${formatDuration(all.seconds[i] ?? 0)})`;
    return `<article class="sc-row${backup[i] ? ' sc-backup' : ''}">
<div class="sc-thumb" aria-hidden="true">${svg}</div>
<div class="sc-text">
<h2 class="sc-heading"><span class="sc-num">${i + 1}</span> ${nobrHtml(input.titles[i] ?? '')}</h2>
<p class="sc-time">${all.words[i]} ${labels.words} · ${time}${clock}</p>
<div class="sc-notes">${input.notes[i] ? notesHtml(input.notes[i]!) : '<p class="sc-empty">—</p>'}</div>
</div></article>`;
  };
  const order = [...svgs.keys()].filter((i) => !backup[i]).concat([...svgs.keys()].filter((i) => backup[i]));
  const rows = order.filter((i) => !backup[i]).map((i) => row(svgs[i]!, i)).join('');
  const backupRows = order.filter((i) => backup[i]).map((i) => row(svgs[i]!, i)).join('');
  // Not an <h2>: the slides' headings are the ones the bookmarks go to.
  const backupPart = backupRows ? `<p class="sc-part" role="heading" aria-level="1">${escapeHtml(labels.backup ?? 'Backup')}</p>${backupRows}` : '';
  const referencesPart = input.references?.length
    ? `<section class="sc-references"><p class="sc-part" role="heading" aria-level="1">${escapeHtml(labels.references ?? 'References')}</p>${input.references.map((entry) => `<div class="sc-ref">${notesHtml(entry)}</div>`).join('')}</section>`
    : '';
  // The same tests as the `talk-too-long` warnings: unrounded minutes, or the latest rehearsal, against the duration.
  const slot = input.duration !== undefined ? ` / ${input.duration}:00 ${labels.minutes}` : '';
  const over = input.duration !== undefined && (t.totalWords / input.speakingRate > input.duration || (rehearsal !== undefined && rehearsal.latestTotal > input.duration * 60));
  const rehearsed = rehearsal
    ? `<p class="sc-rehearsed">${labels.lastRehearsal}: <strong>${formatDuration(rehearsal.latestTotal)} ${labels.minutes}</strong>${
        rehearsal.takes > 1 ? ` (${labels.median} ${formatDuration(rehearsal.medianTotal)}, ${rehearsal.takes} ${labels.rehearsals})` : ''
      }${slot}</p>`
    : '';
  const summary = `<section class="sc-summary${over ? ' sc-over' : ''}"><p class="sc-summary-title">${labels.total}</p>
<p>${t.totalWords} ${labels.words} ÷ ${input.speakingRate} ${labels.words}/${labels.minutes} = <strong>~${formatDuration(t.totalSeconds)} ${labels.minutes}</strong>${slot}</p>${rehearsed}</section>`;
  // The thumbnail sits one pixel in from the text block's edge: its frame is drawn outside it, and a frame on the
  // edge itself would be clipped by the page's margin (a faint left edge beside three dark ones).
  const css = `
.sc-title { font-size: 18pt; font-weight: 700; color: #1f3b45; margin: 0 0 5mm; text-wrap: balance; }
.sc-row { display: grid; grid-template-columns: ${THUMB + 2}px 1fr; gap: 24px; padding: 15px 0; border-bottom: 1px solid #ddd; break-inside: avoid; }
.sc-thumb { align-self: start; width: ${THUMB}px; margin-left: 1px; }
.sc-text { min-width: 0; }
.sc-heading { font-size: 12pt; margin: 0 0 1mm; color: #1f3b45; text-wrap: balance; }
.sc-num { display: inline-block; min-width: 6mm; color: #b3541e; font-variant-numeric: tabular-nums; }
.sc-time { margin: 0 0 2mm; font-size: 9pt; color: #555; font-variant-numeric: tabular-nums; }
.sc-notes { font-size: 11pt; line-height: 1.45; hyphens: manual; }
.sc-notes p { margin: 0 0 0.45em; }
.sc-empty { color: #999; }
.sc-ref p { margin: 0 0 2mm; padding-left: 8mm; text-indent: -8mm; font-size: 10pt; line-height: 1.4; }
.sc-part { margin: 8mm 0 0; padding-bottom: 2mm; font-weight: 700; border-bottom: 2px solid #1f3b45; font-size: 13pt; color: #1f3b45; break-after: avoid; }
.sc-summary { box-sizing: border-box; width: 100%; margin-top: 6mm; padding: 4mm 5mm; border: 2px solid #1f3b45; break-inside: avoid; }
.sc-summary-title { margin: 0 0 1mm; font-size: 12pt; font-weight: 700; color: #1f3b45; }
.sc-summary p { margin: 0; }
.sc-summary .sc-rehearsed { margin-top: 1mm; }
.sc-summary.sc-over { border-color: #a4261c; }
`;
  const html = pageDocument({
    lang: input.lang,
    title: `${input.title} — ${labels.speakerScript}`,
    paper: input.paper,
    headerLeft: input.title,
    headerRight: labels.speakerScript ?? '',
    footerLeft: input.footer,
    marpCss: input.render.css,
    css,
    // The total closes the talk; the backup slides follow it.
    body: `<p class="sc-title">${nobrHtml(input.title)}</p>${rows}${summary}${backupPart}${referencesPart}`,
  });
  const bookmarks = order.map((i) => ({ title: `${i + 1}. ${input.titles[i] ?? ''}`, page: 0 }));
  const headings = order.map((i) => `${i + 1} ${input.titles[i] ?? ''}`);
  return { html, timing: t, bookmarks, headings };
}
