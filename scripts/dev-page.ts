import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allowDevClient } from './export/csp.ts';

// The dev server's page and its checks: the live-reload client, who may ask, and what changed on disk.

const CLIENT = `<script>(() => {
  const events = new EventSource('/__paparan/events');
  // Found by class, not id: Marp gives every heading an id from its text, and a slide may be titled "Paparan Error".
  const overlay = () => document.querySelector('pre.paparan-dev-error') || document.body.appendChild(Object.assign(document.createElement('pre'), { className: 'paparan-dev-error' }));
  // The presenter view (?view=presenter, next, overview) is rebuilt by bespoke.js: it always reloads.
  const presenting = () => new URLSearchParams(location.search).has('view');
  // An element of this page takes the children of one from a parsed deck, when they differ.
  const adopt = (here, from) => {
    if (here.innerHTML !== from.innerHTML) here.replaceChildren(...[...from.childNodes].map((n) => document.importNode(n, true)));
  };
  // A save sends the new deck. When only slides, notes, styles or the title changed, they are put in place in the
  // open page (no reload: the page shows the change within a frame, on the same slide); anything else reloads.
  const patch = (next) => {
    if (presenting()) return false;
    const same = (a, b) => a.length === b.length;
    const slides = [...document.querySelectorAll('svg[data-marpit-svg]')];
    const nextSlides = [...next.querySelectorAll('svg[data-marpit-svg]')];
    const notes = [...document.querySelectorAll('.bespoke-marp-note')];
    const nextNotes = [...next.querySelectorAll('.bespoke-marp-note')];
    const styles = [...document.querySelectorAll('head style')];
    const nextStyles = [...next.querySelectorAll('head style')];
    const code = (doc) => [...doc.querySelectorAll('script:not([type]), script[type="module"]')].map((el) => el.outerHTML).filter((html) => !html.includes('/__paparan/events')).join('');
    if (!slides.length || !same(slides, nextSlides) || !same(notes, nextNotes) || !same(styles, nextStyles) || code(document) !== code(next)) return false;
    styles.forEach((style, i) => { if (style.textContent !== nextStyles[i].textContent) style.textContent = nextStyles[i].textContent; });
    slides.forEach((svg, i) => adopt(svg, nextSlides[i]));
    notes.forEach((note, i) => adopt(note, nextNotes[i]));
    for (const data of next.querySelectorAll('script[type="application/json"][id]')) {
      const here = document.getElementById(data.id);
      if (here && here.textContent !== data.textContent) here.textContent = data.textContent;
    }
    document.title = next.title;
    const error = document.querySelector('pre.paparan-dev-error');
    if (error) error.remove();
    return true;
  };
  // The slides alone, rendered before the HTML is written: shown at once when the deck has as many; the HTML's own
  // update follows and settles the rest (styles, notes, title), or reloads.
  events.addEventListener('slides', (e) => {
    if (presenting()) return;
    let slides;
    try {
      slides = JSON.parse(e.data);
    } catch {
      return;
    }
    const svgs = [...document.querySelectorAll('svg[data-marpit-svg]')];
    if (!Array.isArray(slides) || slides.length !== svgs.length) return;
    slides.forEach((inner, i) => {
      if (typeof inner !== 'string' || svgs[i].innerHTML === inner) return;
      const parsed = new DOMParser().parseFromString('<!DOCTYPE html><body><svg data-marpit-svg="">' + inner + '</svg>', 'text/html').querySelector('svg');
      if (parsed) adopt(svgs[i], parsed);
    });
  });
  events.addEventListener('update', (e) => {
    let patched = false;
    try {
      patched = patch(new DOMParser().parseFromString(JSON.parse(e.data), 'text/html'));
    } catch {
      patched = false;
    }
    if (!patched) location.reload();
  });
  events.addEventListener('problem', (e) => {
    const el = overlay();
    el.textContent = JSON.parse(e.data);
    el.setAttribute('style', 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:16px 20px;background:#2b0d0b;color:#ffd9d4;font:14px/1.45 monospace;white-space:pre-wrap;z-index:2147483647;border-top:4px solid #e5533d');
  });
})();</script>`;

/** Whether a request's Host header names this server: 127.0.0.1, localhost or [::1], on its own port. */
export function ownHost(host: string | undefined, port: number | undefined): boolean {
  if (!host || port === undefined) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/**
 * The deck with the live-reload client before its last `</body>` (an earlier one may sit inside a string), and
 * where the presenter view saves a rehearsal (read by presenter-client.js).
 */
export function withClient(deck: string, save?: { saveUrl: string; token: string }): string {
  // The deck's policy allows only its own scripts: the client's hash and its connection home are added.
  const html = allowDevClient(deck, CLIENT.replace(/^<script>|<\/script>$/g, ''));
  const added = `${save ? `<script type="application/json" id="paparan-dev">${JSON.stringify(save).replace(/</g, '\\u003c')}</script>` : ''}${CLIENT}`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}${added}` : `${html.slice(0, at)}${added}${html.slice(at)}`;
}

/** The newest modification time among `files` and the files under `dirs` (0 when none can be read). */
export function newestChange(files: string[], dirs: string[]): number {
  let newest = 0;
  const look = (path: string) => {
    try {
      newest = Math.max(newest, statSync(path).mtimeMs);
    } catch {
      // Gone since: its removal was an event of its own.
    }
  };
  const walk = (dir: string) => {
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) (entry.isDirectory() ? walk : look)(join(dir, entry.name));
    } catch {
      // No such folder: nothing to look at.
    }
  };
  files.forEach(look);
  dirs.forEach(walk);
  return newest;
}

