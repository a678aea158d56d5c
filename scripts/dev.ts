import { existsSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isInside } from './outline/fields.ts';
import { createRequire } from 'node:module';
import { build, notAnOutline, type OutputFormat } from './build.ts';
import { CONFIG_FILES, loadConfig } from './config.ts';
import { loadTemplates } from './layouts.ts';
import { findOutlines, outputName, projectRoot } from './project.ts';
import { BrowserSession } from './export/browser.ts';
import { newestChange, ownHost, withClient } from './dev-page.ts';
import { REHEARSAL_URL, saveRehearsal } from './dev-rehearsal.ts';
import { rehearsalFileFor } from './rehearsal-check.ts';
import { randomBytes } from 'node:crypto';
import { escapeHtml } from './export/slides.ts';
import { internalError, PaparanError, PaparanMessage, reportMessages } from './messages.ts';

/** Options of {@link dev}. */
export interface DevOptions {
  outline?: string;
  root?: string;
  outDir?: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  log?: (line: string) => void;
  /** Wait this long after a save for more saves before rebuilding. */
  debounceMs?: number;
}

/** A running dev session. */
export interface DevServer {
  url: string;
  /** The outline served, as an absolute path. */
  outline: string;
  /** Resolves after each finished HTML rebuild and after each PDF pass, with its kind. */
  events: EventTarget;
  browser: BrowserSession;
  close(): Promise<void>;
  closed: Promise<void>;
}

const DEV_FORMATS: OutputFormat[] = ['md', 'html', 'pdf', 'handout', 'notes', 'overview'];

/** Watches an outline with its templates and themes, serves the deck with live reload, and rebuilds on every save. */
export async function dev(options: DevOptions = {}): Promise<DevServer> {
  const root = projectRoot(options.root, options.outline ? [options.outline] : undefined);
  const found = options.outline ?? findOutlines(root)[0];
  if (!found) {
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-outline', 'No outline to serve: slides/ has none yet', 'Start one with `paparan new talk` (or `npm run new -- talk`), then run `paparan dev slides/talk.md`')]);
  }
  if (!/\.(md|ya?ml)$/i.test(found)) throw notAnOutline(found, 'dev');
  const outline = resolve(found);
  // Chosen for the student when they named none: say which, and how to pick another.
  const others = options.outline ? [] : findOutlines(root).slice(1).map((f) => relative(process.cwd(), f));
  const outDir = resolve(options.outDir ?? loadConfig(root, loadTemplates(join(root, 'templates')))?.out ?? join(root, 'dist'));
  const print = options.log ?? (() => undefined);
  // Every line says when: a student fixing a mistake sees which message is the latest.
  const log = (line: string) => print(`[${new Date().toLocaleTimeString('en-GB', { hour12: false })}] ${line}`);
  const htmlPath = join(outDir, outputName(outline), `${outputName(outline)}.html`);
  // Dev mode prints the slides PDF of every save in a page kept for it.
  const browser = new BrowserSession({ keepPages: true });
  const events = new EventTarget();
  const clients = new Set<ServerResponse>();
  // Only pages this server handed out can save a rehearsal: they carry this token.
  const saveToken = randomBytes(18).toString('base64url');
  let problem: string | undefined;

  const send = (event: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const server = createServer((req, res) => {
    // A web page the student visits could reach this server through DNS rebinding: only requests addressed to
    // this server by its own name are answered.
    if (!ownHost(req.headers.host, (server.address() as AddressInfo | null)?.port)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('paparan dev answers only http://127.0.0.1, http://localhost and http://[::1] on its own port\n');
      return;
    }
    if (req.url === '/__paparan/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': paparan\n\n');
      clients.add(res);
      if (problem) res.write(`event: problem\ndata: ${JSON.stringify(problem)}\n\n`);
      req.on('close', () => clients.delete(res));
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === REHEARSAL_URL) {
      void saveRehearsal(req, res, { token: saveToken, file: rehearsalFileFor(outline), log });
      return;
    }
    if (path === '/' || path === `/${basename(htmlPath)}`) {
      let html: string;
      try {
        html = readFileSync(htmlPath, 'utf8');
      } catch {
        html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>paparan</title></head><body><p>${escapeHtml('No deck yet: fix the outline and save.')}</p></body></html>`;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(withClient(html, { saveUrl: REHEARSAL_URL, token: saveToken }));
      return;
    }
    res.writeHead(404).end();
  });

  // Builds never overlap: one runs at a time, and saves during it are merged into one more run.
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;

  let failing = false;
  const runOnce = async () => {
    const start = performance.now();
    const elapsed = () => Math.round(performance.now() - start);
    if (!existsSync(outline)) {
      // An outline named before it is written: the page and the terminal say so, and the folder's watch builds it
      // the moment it appears.
      problem = `Waiting for ${relative(process.cwd(), outline)} to appear: write it, or create it with \`paparan new ${outputName(outline)}\``;
      log(problem);
      send('problem', problem);
      events.dispatchEvent(new CustomEvent('problem', { detail: problem }));
      failing = true;
      return;
    }
    try {
      // One build: the open page gets the new slides as soon as they are rendered; then the slides PDF (in the
      // warm Chromium, in a page kept for it), the HTML (which settles notes, styles and title in the page), and
      // the handout, script and contact sheet side by side.
      const results = await build({
        outlines: [outline],
        root,
        outDir,
        formats: DEV_FORMATS,
        priority: ['pdf', 'html'],
        // The session lives long: fewer pages at once keep its memory low, at no cost to the first PDF.
        concurrency: 2,
        browser,
        // The new slides reach the open page as soon as they are rendered; the HTML follows (`update`).
        onSlides: (e) => send('slides', e.slides),
        onProgress: (e) => {
          if (e.format === 'html') {
            problem = undefined;
            log(`✓ html ${relative(process.cwd(), htmlPath)} in ${elapsed()} ms${failing ? ' (recovered)' : ''}`);
            failing = false;
            // The new deck itself: the open page puts the changed slides in place (dev-page.ts), or reloads.
            let deck: string | undefined;
            try {
              deck = readFileSync(htmlPath, 'utf8');
            } catch {
              deck = undefined;
            }
            send('update', deck ?? '');
            events.dispatchEvent(new CustomEvent('html', { detail: elapsed() }));
          }
        },
      });
      // Images can be added to the outline at any save: watch whatever went into this build.
      const inputs = results.flatMap((r) => r.inputs).filter((f) => !watched.has(f));
      for (const f of inputs) watched.add(f);
      const folders = inputs.map((f) => dirname(f)).filter((d) => !watchedFolders.has(d));
      for (const d of folders) watchedFolders.add(d);
      if (folders.length) watcher.add(folders);
      const warnings = results.flatMap((r) => r.warnings);
      const printed = results.flatMap((r) => r.outputs).filter((o) => o.format !== 'md' && o.format !== 'html');
      const written = printed.filter((o) => o.status === 'written').map((o) => o.format);
      const summary = written.length ? `✓ ${written.join(', ')} in ${elapsed()} ms` : `- ${printed.map((o) => o.format).join(', ')} unchanged`;
      log(`${summary}${warnings.length ? `\n${reportMessages(warnings)}` : ''}`);
      events.dispatchEvent(new CustomEvent('pdf', { detail: elapsed() }));
    } catch (error) {
      // Dev mode survives every error: it is shown, and the next save tries again.
      problem = error instanceof PaparanError ? reportMessages(error.messages) : internalError(error);
      failing = true;
      log(problem);
      send('problem', problem);
      events.dispatchEvent(new CustomEvent('problem', { detail: problem }));
    }
  };

  const schedule = () => {
    if (closing) return;
    again = true;
    if (running) return;
    running = (async () => {
      while (again && !closing) {
        again = false;
        seen = newestInput();
        await runOnce();
        if (newestInput() > seen) again = true;
      }
      running = undefined;
      // The watcher drops a second change of one file within about 50 ms of the first (a file saved broken, then
      // fixed at once): a look shortly after the last build catches a save it never reported.
      clearTimeout(recheck);
      recheck = setTimeout(() => newestInput() > seen && schedule(), 200);
    })();
  };
  // Compared with what the last build saw, never with the clock: a file dated in the future cannot loop.
  let seen = 0;
  let recheck: NodeJS.Timeout | undefined;
  const newestInput = () => newestChange([...watched], [join(root, 'templates'), join(root, 'themes')]);

  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(schedule, options.debounceMs ?? 10);
  };

  // Folders are watched, not files: an editor (or git) that deletes a file and writes it anew would end a file's
  // watch for good. Only the files that go into the deck, and templates/ and themes/, count as changes.
  const watched = new Set<string>([outline, ...CONFIG_FILES.map((name) => join(root, name))]);
  const watchedFolders = new Set<string>([dirname(outline), root]);
  const sources = [join(root, 'templates'), join(root, 'themes')];
  const counts = (path: string) => {
    const absolute = resolve(path);
    return watched.has(absolute) || watchedFolders.has(absolute) || sources.some((dir) => isInside(dir, absolute));
  };
  // Loaded here, through its CommonJS build: only dev mode watches.
  const { watch } = createRequire(import.meta.url)('chokidar') as typeof import('chokidar');
  const watcher = watch([...watchedFolders, ...sources], { ignoreInitial: true, awaitWriteFinish: false, ignored: (path) => !counts(path) });
  watcher.on('all', onChange);
  await new Promise<void>((ok) => watcher.once('ready', () => ok()));
  const port = options.port ?? 8080;
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', ok);
    });
  } catch (error) {
    await watcher.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new PaparanError('usage', [new PaparanMessage('paparan', { line: 0, column: 0 }, 'port-busy', `Cannot serve on port ${port}: ${code ?? (error as Error).message}`, 'Another program uses it: pick another with --port N, or --port 0 for any free one')]);
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  log(`paparan dev: serving ${relative(process.cwd(), outline)} at ${url}`);
  if (others.length) log(`(also in slides/: ${others.join(', ')} — name one to serve it: paparan dev ${others[0]})`);
  schedule();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((ok) => (resolveClosed = ok));
  const close = async () => {
    if (closing) return closed;
    closing = true;
    clearTimeout(timer);
    clearTimeout(recheck);
    await watcher.close();
    for (const c of clients) c.end();
    await new Promise<void>((ok) => server.close(() => ok()));
    server.closeAllConnections();
    await running?.catch(() => undefined);
    await browser.close();
    resolveClosed();
  };
  return { url, outline, events, browser, close, closed };
}
