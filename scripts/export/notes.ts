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

/** The speaker script: every slide as a thumbnail beside its full notes, with speaking times and a total. */
export function scriptDocument(input: ScriptInput): { html: string; timing: ScriptTiming } {
  const svgs = slideSvgs(input.render);
  const t = timing(input.notes, input.speakingRate);
  const { labels } = input;
  let elapsed = 0;
  const rows = svgs.map((svg, i) => {
    elapsed += t.seconds[i] ?? 0;
    return `<article class="row">
<div class="thumb" aria-hidden="true">${svg}</div>
<div class="text">
<h2><span class="num">${i + 1}</span> ${escapeHtml(input.titles[i] ?? '')}</h2>
<p class="time">${t.words[i]} ${labels.words} · ~${formatDuration(t.seconds[i] ?? 0)} ${labels.minutes} · ${formatDuration(elapsed)}</p>
<div class="notes">${input.notes[i] ? notesHtml(input.notes[i]!) : '<p class="empty">—</p>'}</div>
</div></article>`;
  });
  // The same test as the `talk-too-long` warning: unrounded minutes against the duration.
  const over = input.duration !== undefined && t.totalWords / input.speakingRate > input.duration;
  const summary = `<section class="summary${over ? ' over' : ''}"><p class="summary-title">${labels.total}</p>
<p>${t.totalWords} ${labels.words} ÷ ${input.speakingRate} ${labels.words}/${labels.minutes} = <strong>~${formatDuration(t.totalSeconds)} ${labels.minutes}</strong>${
    input.duration !== undefined ? ` / ${input.duration}:00 ${labels.minutes}` : ''
  }</p></section>`;
  const css = `
.doc-title { font-size: 18pt; font-weight: 700; color: #1f3b45; margin: 0 0 5mm; }
.row { display: grid; grid-template-columns: 72mm 1fr; gap: 6mm; padding: 4mm 0; border-bottom: 0.3mm solid #ddd; break-inside: avoid; }
.thumb { align-self: start; }
.text h2 { font-size: 12pt; margin: 0 0 1mm; color: #1f3b45; }
.num { display: inline-block; min-width: 6mm; color: #b3541e; font-variant-numeric: tabular-nums; }
.time { margin: 0 0 2mm; font-size: 9pt; color: #555; font-variant-numeric: tabular-nums; }
.notes { font-size: 11pt; line-height: 1.45; }
.notes p { margin: 0 0 0.45em; }
.empty { color: #999; }
.summary { margin-top: 6mm; padding: 4mm 5mm; border: 0.4mm solid #1f3b45; break-inside: avoid; }
.summary-title { margin: 0 0 1mm; font-size: 12pt; font-weight: 700; color: #1f3b45; }
.summary p { margin: 0; }
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
    body: `<p class="doc-title">${escapeHtml(input.title)}</p>${rows.join('')}${summary}`,
  });
  return { html, timing: t };
}
