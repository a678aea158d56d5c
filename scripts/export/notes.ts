import { countWords } from '../outline/words.ts';
import { notesHtml, pageDocument, slideSvgs } from './print.ts';
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

/** The speaker script: every slide as a thumbnail beside its full notes, with speaking times and a total. */
export function scriptDocument(input: ScriptInput): { html: string; timing: ScriptTiming } {
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
    return `<article class="row${backup[i] ? ' backup' : ''}">
<div class="thumb" aria-hidden="true">${svg}</div>
<div class="text">
<h2><span class="num">${i + 1}</span> ${escapeHtml(input.titles[i] ?? '')}</h2>
<p class="time">${all.words[i]} ${labels.words} · ${time}${clock}</p>
<div class="notes">${input.notes[i] ? notesHtml(input.notes[i]!) : '<p class="empty">—</p>'}</div>
</div></article>`;
  };
  const rows = svgs.map((svg, i) => (backup[i] ? '' : row(svg, i))).join('');
  const backupRows = svgs.map((svg, i) => (backup[i] ? row(svg, i) : '')).join('');
  // Not an <h2>: the script's bookmarks are made from its headings, one per slide.
  const backupPart = backupRows ? `<p class="part" role="heading" aria-level="1">${escapeHtml(labels.backup ?? 'Backup')}</p>${backupRows}` : '';
  // The same tests as the `talk-too-long` warnings: unrounded minutes, or the latest rehearsal, against the duration.
  const slot = input.duration !== undefined ? ` / ${input.duration}:00 ${labels.minutes}` : '';
  const over = input.duration !== undefined && (t.totalWords / input.speakingRate > input.duration || (rehearsal !== undefined && rehearsal.latestTotal > input.duration * 60));
  const rehearsed = rehearsal
    ? `<p class="rehearsed">${labels.lastRehearsal}: <strong>${formatDuration(rehearsal.latestTotal)} ${labels.minutes}</strong>${
        rehearsal.takes > 1 ? ` (${labels.median} ${formatDuration(rehearsal.medianTotal)}, ${rehearsal.takes} ${labels.rehearsals})` : ''
      }${slot}</p>`
    : '';
  const summary = `<section class="summary${over ? ' over' : ''}"><p class="summary-title">${labels.total}</p>
<p>${t.totalWords} ${labels.words} ÷ ${input.speakingRate} ${labels.words}/${labels.minutes} = <strong>~${formatDuration(t.totalSeconds)} ${labels.minutes}</strong>${slot}</p>${rehearsed}</section>`;
  const css = `
.doc-title { font-size: 18pt; font-weight: 700; color: #1f3b45; margin: 0 0 5mm; }
.row { display: grid; grid-template-columns: ${THUMB}px 1fr; gap: 24px; padding: 15px 0; border-bottom: 1px solid #ddd; break-inside: avoid; }
.thumb { align-self: start; width: ${THUMB}px; }
.text { min-width: 0; }
.text h2 { font-size: 12pt; margin: 0 0 1mm; color: #1f3b45; }
.num { display: inline-block; min-width: 6mm; color: #b3541e; font-variant-numeric: tabular-nums; }
.time { margin: 0 0 2mm; font-size: 9pt; color: #555; font-variant-numeric: tabular-nums; }
.notes { font-size: 11pt; line-height: 1.45; hyphens: manual; }
.notes p { margin: 0 0 0.45em; }
.empty { color: #999; }
.part { margin: 8mm 0 0; padding-bottom: 2mm; font-weight: 700; border-bottom: 2px solid #1f3b45; font-size: 13pt; color: #1f3b45; break-after: avoid; }
.summary { box-sizing: border-box; width: 100%; margin-top: 6mm; padding: 4mm 5mm; border: 2px solid #1f3b45; break-inside: avoid; }
.summary-title { margin: 0 0 1mm; font-size: 12pt; font-weight: 700; color: #1f3b45; }
.summary p { margin: 0; }
.summary .rehearsed { margin-top: 1mm; }
.summary.over { border-color: #a4261c; }
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
    body: `<p class="doc-title">${escapeHtml(input.title)}</p>${rows}${summary}${backupPart}`,
  });
  return { html, timing: t };
}
