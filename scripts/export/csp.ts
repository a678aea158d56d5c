import { createHash } from 'node:crypto';

/**
 * A Content-Security-Policy for a self-contained deck: nothing may be loaded from anywhere, and only the scripts
 * paparan wrote may run (by hash, so no injected script or event handler could). The presenter view and the
 * overview show the same file in frames; images and fonts are embedded as data: URLs.
 */
function policy(scriptHashes: string[], extra: { connect?: string } = {}): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.length ? scriptHashes.map((h) => `'${h}'`).join(' ') : "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    'media-src data: blob:',
    "frame-src 'self'",
    `connect-src ${extra.connect ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

// The browser hashes a script as it parsed it, with every CR LF and lone CR read as LF (a file checked out with
// CRLF line endings would otherwise not be allowed to run).
const hashOf = (script: string) => `sha256-${createHash('sha256').update(script.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}`;

const META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/;

/**
 * The policy's `<meta>`, for the start of `<head>`, allowing exactly `scripts`: the text of each inline script
 * paparan writes into the page (the page is never parsed for them: a script that got into it by any other way is
 * not allowed to run).
 */
export function contentSecurityPolicy(scripts: string[]): string {
  return `<meta http-equiv="Content-Security-Policy" content="${policy(scripts.map(hashOf))}">`;
}

/**
 * The same policy, also allowing one more script of paparan's (dev mode's live reload) and a connection home. The
 * page's own policy is the first `<meta>` of its `<head>`, before anything of the deck's.
 */
export function allowDevClient(html: string, clientScript: string): string {
  const current = META.exec(html);
  if (!current) return html;
  const hashes = [...(/script-src ([^;]*)/.exec(current[1]!)?.[1] ?? '').matchAll(/'(sha256-[A-Za-z0-9+/=]+)'/g)].map((m) => m[1]!);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy([...hashes, hashOf(clientScript)], { connect: "'self'" })}">`;
  return html.replace(META, () => meta);
}
