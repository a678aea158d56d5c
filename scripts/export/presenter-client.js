// Runs in the HTML deck, in the browser, after marp-cli's bespoke script (plain JavaScript: it is inlined as is
// and allowed by the page's Content-Security-Policy through its hash). It reads the pace data paparan embedded
// (`#paparan-pace`) and, in the presenter view, adds the pace panel: each slide's budget, the plan, ahead/behind,
// the time left, a timer shared by both windows that survives reloads, backup slides, and rehearsal recording.
(() => {
  // paparan's data sits in JSON script elements at the end of the page: looked up as such, never by id alone, since
  // Marp gives every heading an id from its text (a slide titled "Paparan Pace" is an element #paparan-pace too).
  const embedded = (id) => {
    const element = [...document.querySelectorAll(`script[type="application/json"]#${id}`)].pop();
    try {
      return element ? JSON.parse(element.textContent || '') : undefined;
    } catch {
      return undefined;
    }
  };
  const paceGiven = embedded('paparan-pace');
  // Without pace data (a deck made by the library's exportHtml alone) only the notes are set right.
  const data = paceGiven ?? { slides: [], labels: {} };
  const text = data.labels;
  const view = () => document.body.dataset.bespokeView;
  const storageKey = `paparan-pace:${data.key}`;
  const ON_TIME_SECONDS = 15;

  // The timer lives in localStorage: the audience window and the presenter window share it, and a reload keeps it.
  // What is read there is checked field by field (a hand edit, an older deck, or any other file:// page, which
  // shares this storage, may have written it): a wrong value must not stop the panel or show NaN.
  const finite = (n) => typeof n === 'number' && Number.isFinite(n);
  // A day: longer is no talk's timer (the server refuses rehearsed times past it too).
  const MAX_MS = 24 * 3600 * 1000;
  const readState = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) || 'null');
      const time = (ms) => finite(ms) && ms >= 0 && ms < MAX_MS;
      if (saved && time(saved.elapsedBefore) && (saved.startedAt === null || finite(saved.startedAt)) && Array.isArray(saved.visits)) {
        const visits = saved.visits.filter((v) => v && Number.isInteger(v.slide) && time(v.at));
        return { startedAt: saved.startedAt, elapsedBefore: saved.elapsedBefore, visits };
      }
    } catch {
      // A broken or foreign value: start afresh.
    }
    return { startedAt: null, elapsedBefore: 0, visits: [] };
  };
  const writeState = (state) => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch {
      // Storage full or blocked: the timer still runs in this window.
    }
  };
  let state = readState();
  // Never below zero: a start time ahead of this clock (another machine's, or the clock set back) reads as 0:00.
  const elapsedMs = (now = Date.now()) => Math.max(0, state.elapsedBefore + (state.startedAt === null ? 0 : now - state.startedAt));

  const slideElements = () => Array.from(document.querySelectorAll('.bespoke-marp-parent > .bespoke-marp-slide'));
  const currentIndex = () => slideElements().findIndex((slide) => slide.classList.contains('bespoke-marp-active'));

  const clock = (seconds) => {
    const whole = Math.round(Math.abs(seconds));
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
  };
  const plannedStart = [];
  data.slides.reduce((start, slide, i) => ((plannedStart[i] = start), start + (slide.backup ? 0 : slide.budget)), 0);
  const plannedTotal = data.slides.reduce((sum, slide) => sum + (slide.backup ? 0 : slide.budget), 0);

  /** Seconds spoken on each slide, from the visits log: revisits add up. */
  const spokenPerSlide = (now = Date.now()) => {
    const spoken = data.slides.map(() => 0);
    const end = elapsedMs(now);
    state.visits.forEach((visit, i) => {
      const until = i + 1 < state.visits.length ? state.visits[i + 1].at : end;
      if (visit.slide >= 0 && visit.slide < spoken.length) spoken[visit.slide] += Math.max(0, until - visit.at) / 1000;
    });
    return spoken;
  };

  const recordVisit = (index) => {
    if (state.startedAt === null) return;
    const last = state.visits[state.visits.length - 1];
    if (last && last.slide === index) return;
    state.visits.push({ slide: index, at: elapsedMs() });
    writeState(state);
  };

  const build = () => {
    const info = document.querySelector('.bespoke-marp-presenter-info-container');
    if (!info) return null;
    const panel = document.createElement('section');
    panel.className = 'paparan-pace';
    panel.setAttribute('aria-label', text.pace);
    panel.innerHTML = `
<p class="paparan-pace-clock"><span class="paparan-pace-label"></span> <time></time></p>
<p class="paparan-pace-elapsed" role="timer"><span class="paparan-pace-label"></span> <strong></strong></p>
<p class="paparan-pace-slide"><span class="paparan-pace-label"></span> <strong></strong></p>
<p class="paparan-pace-status" role="status" aria-live="polite"></p>
<p class="paparan-pace-left" role="timer"><span class="paparan-pace-label"></span> <strong></strong></p>
<div class="paparan-pace-buttons">
  <button type="button" data-action="toggle"></button>
  <button type="button" data-action="reset"></button>
  <button type="button" data-action="finish"></button>
</div>`;
    const labelOf = (selector, label) => (panel.querySelector(`${selector} .paparan-pace-label`).textContent = label);
    labelOf('.paparan-pace-clock', text.clock);
    labelOf('.paparan-pace-elapsed', text.elapsed);
    labelOf('.paparan-pace-slide', text.slideBudget);
    labelOf('.paparan-pace-left', text.left);
    panel.querySelector('[data-action=reset]').textContent = text.reset;
    panel.querySelector('[data-action=finish]').textContent = text.finish;
    // Space and Enter on a focused button press it; marp's own keys (space = next slide) must not see them.
    panel.addEventListener('keydown', (event) => {
      if (event.key === ' ' || event.key === 'Enter') event.stopPropagation();
    });
    panel.addEventListener('click', (event) => {
      const action = event.target instanceof HTMLElement ? event.target.dataset.action : undefined;
      if (action === 'toggle') toggle();
      else if (action === 'reset') reset();
      else if (action === 'finish') showReport();
    });
    info.appendChild(panel);
    const backups = data.slides.map((slide, i) => ({ ...slide, index: i })).filter((slide) => slide.backup);
    if (backups.length) {
      const nav = document.createElement('nav');
      nav.className = 'paparan-backups';
      nav.setAttribute('aria-label', text.backups);
      const heading = document.createElement('p');
      heading.textContent = text.backups;
      nav.appendChild(heading);
      for (const slide of backups) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = `${slide.index + 1}. ${slide.title}`;
        button.addEventListener('click', () => (location.hash = `#${slide.index + 1}`));
        nav.appendChild(button);
      }
      panel.appendChild(nav);
    }
    return panel;
  };

  const toggle = () => {
    state = readState();
    if (state.startedAt === null) {
      state.startedAt = Date.now();
      writeState(state);
      recordVisit(currentIndex());
    } else {
      state.elapsedBefore = elapsedMs();
      state.startedAt = null;
      writeState(state);
    }
    update();
  };
  const clearTimer = () => {
    state = { startedAt: null, elapsedBefore: 0, visits: [] };
    writeState(state);
    update();
  };
  const reset = () => {
    document.querySelector('.paparan-pace-report')?.remove();
    clearTimer();
  };

  let panel = null;
  const update = () => {
    if (!panel) return;
    const now = Date.now();
    const index = currentIndex();
    if (index >= 0) recordVisit(index);
    const elapsed = elapsedMs(now) / 1000;
    const slide = data.slides[index];
    const spoken = spokenPerSlide(now);
    panel.querySelector('.paparan-pace-clock time').textContent = new Date(now).toLocaleTimeString(data.lang, data.lang === 'id' ? { hourCycle: 'h23' } : {});
    panel.querySelector('.paparan-pace-elapsed strong').textContent = clock(elapsed);
    panel.querySelector('.paparan-pace-slide strong').textContent = slide ? (slide.backup ? text.backup : `${clock(spoken[index] ?? 0)} / ${clock(slide.budget)}`) : '';
    const toggleButton = panel.querySelector('[data-action=toggle]');
    toggleButton.textContent = state.startedAt === null ? (state.elapsedBefore ? text.resume : text.start) : text.pause;
    toggleButton.setAttribute('aria-pressed', String(state.startedAt !== null));
    // Where the talk should be: the planned start of this slide plus the time it may take so far.
    let status = text.notStarted;
    let tone = '';
    if (state.startedAt !== null || state.elapsedBefore > 0) {
      if (slide && !slide.backup) {
        const slack = plannedStart[index] + Math.min(spoken[index] ?? 0, slide.budget) - elapsed;
        if (Math.abs(slack) <= ON_TIME_SECONDS) status = text.onTime;
        else status = `${slack > 0 ? text.ahead : text.behind} ${clock(slack)}`;
        tone = slack < -data.behindThreshold ? 'behind' : slack > ON_TIME_SECONDS ? 'ahead' : '';
      } else status = text.backup;
    }
    const statusElement = panel.querySelector('.paparan-pace-status');
    // Written only when it changes: a screen reader announces each change once, not every quarter second.
    if (statusElement.textContent !== status) statusElement.textContent = status;
    const left = data.duration ? data.duration * 60 - elapsed : plannedTotal - elapsed;
    panel.querySelector('.paparan-pace-left strong').textContent = left >= 0 ? clock(left) : `−${clock(left)}`;
    panel.dataset.tone = left < 0 ? 'over' : tone;
    if (left < 0) panel.querySelector('.paparan-pace-left .paparan-pace-label').textContent = text.over;
    else panel.querySelector('.paparan-pace-left .paparan-pace-label').textContent = text.left;
  };

  const rehearsal = () => {
    const spoken = spokenPerSlide();
    return {
      paparan: 'rehearsal',
      version: 1,
      recordedAt: new Date().toISOString(),
      // Only slides shown while the timer ran: a slide skipped in this run keeps its plan from the notes.
      slides: data.slides
        .map((slide, i) => ({ id: slide.id, title: slide.title, planned: Math.round(slide.budget), spoken: Math.round(spoken[i] ?? 0), shown: state.visits.some((v) => v.slide === i) }))
        .filter((slide) => slide.shown)
        .map(({ shown: _shown, ...slide }) => slide),
    };
  };

  const showReport = () => {
    if (state.startedAt !== null) toggle();
    document.querySelector('.paparan-pace-report')?.remove();
    const take = rehearsal();
    const dialog = document.createElement('dialog');
    dialog.className = 'paparan-pace-report';
    dialog.setAttribute('aria-label', text.report);
    // Every slide of the talk, and the backup slides that were shown; a slide not shown has no spoken time.
    const spokenOf = new Map(take.slides.map((slide) => [`${slide.id}\u0000${slide.title}`, slide.spoken]));
    const visible = data.slides
      .map((slide, i) => ({ ...slide, i, spoken: spokenOf.get(`${slide.id}\u0000${slide.title}`) }))
      .filter((slide) => !slide.backup || slide.spoken !== undefined);
    const rows = visible.map((slide) => `<tr><th scope="row">${slide.i + 1}</th><td></td><td>${clock(slide.budget)}</td><td>${slide.spoken === undefined ? '—' : clock(slide.spoken)}</td></tr>`);
    const plannedSum = data.slides.reduce((sum, slide) => sum + (slide.backup ? 0 : slide.budget), 0);
    const spokenSum = take.slides.reduce((sum, slide) => sum + slide.spoken, 0);
    dialog.innerHTML = `<h2></h2><table><thead><tr><th scope="col">#</th><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead>
<tbody>${rows.join('')}</tbody><tfoot><tr><th scope="row" colspan="2"></th><td>${clock(plannedSum)}</td><td>${clock(spokenSum)}</td></tr></tfoot></table>
<p class="paparan-pace-saved" role="status"></p><div class="paparan-pace-buttons"><button type="button" data-action="save"></button><button type="button" data-action="close"></button></div>`;
    dialog.querySelector('h2').textContent = text.report;
    const headers = dialog.querySelectorAll('thead th');
    headers[1].textContent = text.slide;
    headers[2].textContent = text.planned;
    headers[3].textContent = text.spoken;
    dialog.querySelector('tfoot th').textContent = text.total;
    // Titles are the outline's text: set as text, never as HTML.
    dialog.querySelectorAll('tbody tr').forEach((row, n) => (row.children[1].textContent = visible[n].title));
    dialog.querySelector('[data-action=save]').textContent = text.save;
    dialog.querySelector('[data-action=close]').textContent = text.close;
    dialog.addEventListener('keydown', (event) => event.stopPropagation());
    dialog.addEventListener('click', (event) => {
      const action = event.target instanceof HTMLElement ? event.target.dataset.action : undefined;
      if (action === 'close') dialog.close();
      if (action === 'save') void save(take, dialog.querySelector('.paparan-pace-saved'));
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.appendChild(dialog);
    dialog.showModal();
  };

  const save = async (take, status) => {
    // Under `paparan dev` the server writes slides/<name>.rehearsal.json; from a file, the browser downloads it.
    const dev = embedded('paparan-dev');
    if (dev && dev.saveUrl && location.protocol === 'http:') {
      try {
        const response = await fetch(dev.saveUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-paparan-token': dev.token }, body: JSON.stringify(take) });
        // A refusal says why (a broken rehearsal file: where it is wrong), set as text: the take stays to save again.
        const refusal = response.ok ? undefined : await response.json().catch(() => ({}));
        status.textContent = response.ok ? `${text.saved} ${data.rehearsalFile}` : `${text.saveFailed} (${response.status})${typeof refusal?.error === 'string' ? `: ${refusal.error}` : ''}`;
        // A saved take starts the next one afresh.
        if (response.ok) clearTimer();
        return;
      } catch {
        status.textContent = text.saveFailed;
        return;
      }
    }
    const file = { paparan: 'rehearsals', version: 1, rehearsals: [...(data.rehearsals || []), take] };
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }));
    link.download = data.rehearsalFile.split('/').pop();
    document.body.appendChild(link);
    link.click();
    link.remove();
    status.textContent = `${text.downloaded} ${link.download}`;
    clearTimer();
  };

  /**
   * marp-cli writes notes as plain text, where a browser may break `negara-negara` after its hyphen: hyphenated
   * words are wrapped in span.nobr, as on the slides (nodes built from text, never parsed as HTML).
   */
  const keepHyphenatedWhole = () => {
    const hyphenated = /[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)+/gu;
    for (const paragraph of document.querySelectorAll('.bespoke-marp-note p')) {
      for (const node of [...paragraph.childNodes]) {
        if (node.nodeType !== Node.TEXT_NODE || !node.textContent.includes('-')) continue;
        const parts = document.createDocumentFragment();
        let last = 0;
        for (const match of node.textContent.matchAll(hyphenated)) {
          if (match[0].length > 40) continue;
          parts.append(node.textContent.slice(last, match.index));
          const word = document.createElement('span');
          word.className = 'nobr';
          word.textContent = match[0];
          parts.append(word);
          last = match.index + match[0].length;
        }
        parts.append(node.textContent.slice(last));
        node.replaceWith(parts);
      }
    }
  };

  /** Page numbers as the footer counts them: main slides only; a backup slide is "Cadangan 2". */
  const pageLabel = (index) => {
    const mainCount = data.slides.filter((slide) => !slide.backup).length;
    const slide = data.slides[index];
    if (!slide) return null;
    if (slide.backup) return `${text.backup} ${data.slides.slice(0, index + 1).filter((s) => s.backup).length}`;
    return `${index + 1} / ${mainCount}`;
  };
  /** Rewrites marp's "Page 4 of 7" (on-screen controls) and "4 / 7" (presenter view) each time marp sets it. */
  const relabelPages = () => {
    const targets = [
      ['[data-bespoke-marp-osc=page]', (label) => `${text.page} ${label}`],
      ['.bespoke-marp-presenter-info-page', (label) => label],
    ];
    for (const [selector, format] of targets) {
      const element = document.querySelector(selector);
      if (!element) continue;
      const rewrite = () => {
        const label = pageLabel(currentIndex());
        const wanted = label === null ? null : format(label);
        if (wanted !== null && element.textContent !== wanted) element.textContent = wanted;
      };
      new MutationObserver(rewrite).observe(element, { childList: true, characterData: true, subtree: true });
      rewrite();
    }
  };
  /**
   * marp's controls sit 50 px above the window's bottom whatever the slide's size, so on a large screen they cover
   * the footer: they are placed above the slide's footer band instead (8.5 % of the slide's height).
   */
  const placeControls = () => {
    const controls = document.querySelector('.bespoke-marp-osc');
    if (!controls) return;
    const place = () => {
      const slide = document.querySelector('.bespoke-marp-slide.bespoke-marp-active') || document.querySelector('.bespoke-marp-slide');
      if (!slide) return;
      // The slide's svg fills the window and letterboxes its content by its viewBox: find the content's box.
      const box = slide.getBoundingClientRect();
      const viewBox = slide.viewBox && slide.viewBox.baseVal;
      const aspect = viewBox && viewBox.height ? viewBox.width / viewBox.height : 16 / 9;
      const height = Math.min(box.height, box.width / aspect);
      const contentBottom = box.bottom - (box.height - height) / 2;
      controls.style.bottom = `${Math.round(window.innerHeight - contentBottom + height * 0.085)}px`;
    };
    window.addEventListener('resize', place);
    const parent = document.querySelector('.bespoke-marp-parent');
    if (parent) new MutationObserver(place).observe(parent, { attributes: true, subtree: true, attributeFilter: ['class'] });
    place();
  };

  const start = () => {
    if (paceGiven) relabelPages();
    if (!view()) placeControls();
    if (view() !== 'presenter') return;
    keepHyphenatedWhole();
    if (!paceGiven) return;
    panel = build();
    if (!panel) return;
    window.addEventListener('storage', (event) => {
      if (event.key === storageKey) {
        state = readState();
        update();
      }
    });
    // A slide change shows at once; the clock ticks four times a second.
    const parent = document.querySelector('.bespoke-marp-parent');
    if (parent) new MutationObserver(update).observe(parent, { attributes: true, subtree: true, attributeFilter: ['class'] });
    update();
    setInterval(update, 250);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
