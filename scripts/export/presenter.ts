/**
 * What paparan adds to marp-cli's presenter view: notes in the deck's own font, set as reading text, and the
 * view's labels in the deck's language. Both travel inside the HTML file (its script is allowed by hash).
 */

/** The presenter view's button and clock titles, by the deck's `lang`. */
const LABELS: Record<string, Record<string, string>> = {
  id: {
    prev: 'Sebelumnya',
    next: 'Berikutnya',
    smaller: 'Perkecil teks catatan',
    bigger: 'Perbesar teks catatan',
    time: 'Waktu sekarang',
    timer: 'Pengatur waktu (klik untuk mengulang)',
  },
  en: {
    prev: 'Previous',
    next: 'Next',
    smaller: 'Smaller notes',
    bigger: 'Bigger notes',
    time: 'Current time',
    timer: 'Timer (click to reset)',
  },
};

const SELECTORS: Record<string, string> = {
  prev: '.bespoke-marp-presenter-info-page-prev',
  next: '.bespoke-marp-presenter-info-page-next',
  smaller: '.bespoke-marp-presenter-note-smaller',
  bigger: '.bespoke-marp-presenter-note-bigger',
  time: '.bespoke-marp-presenter-info-time',
  timer: '.bespoke-marp-presenter-info-timer',
};

/** A script that relabels the presenter view once marp's script has built it (it runs after marp's). */
export function presenterScript(): string {
  const labels = JSON.stringify(LABELS);
  const selectors = JSON.stringify(SELECTORS);
  return `<script>(()=>{const L=${labels},S=${selectors};const f=()=>{const t=L[document.documentElement.lang]||L.en;for(const k in S)document.querySelectorAll(S[k]).forEach((e)=>{e.title=t[k];if(e.tagName==='BUTTON'&&e.textContent)e.textContent=t[k];e.setAttribute('aria-label',t[k]);});};f();document.addEventListener('DOMContentLoaded',f);})()</script>`;
}

/** Notes read as text in the theme's body font, at a reading measure; paragraphs keep their blank line. */
export const PRESENTER_CSS = `body[data-bespoke-view=presenter] .bespoke-marp-note {
  font-family: 'Source Sans 3', 'Noto Sans', sans-serif; line-height: 1.45; letter-spacing: 0.005em;
}
body[data-bespoke-view=presenter] .bespoke-marp-note p { margin: 0 0 0.8em; max-width: 62ch; }`;
