import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// Loaded on first use, through its CommonJS build (the sanitizer's too).
let parse5: typeof import('parse5') | undefined;
const parse = (html: string) => (parse5 ??= createRequire(import.meta.url)('parse5') as typeof import('parse5')).parse(html);

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

const hashOf = (script: string) => `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;

interface Node {
  nodeName: string;
  childNodes?: Node[];
  content?: Node;
  value?: string;
}

/** The text of every inline script element in a document, as the browser will hash it. */
function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeName === 'script') scripts.push((node.childNodes ?? []).map((c) => c.value ?? '').join(''));
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parse(html) as unknown as Node);
  return scripts;
}

const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;

/**
 * Puts the policy first in `<head>`. Every inline script in `html` is allowed by its hash: call this only on a
 * document whose slides went through the sanitizer, so that every script in it is one paparan's template wrote.
 */
export function withContentSecurityPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScripts(html).map(hashOf))}">`;
  return html.replace(META, '').replace(/<head>/i, () => `<head>${meta}`);
}

/** The same policy, also allowing one more script of paparan's (dev mode's live reload) and a connection home. */
export function allowDevClient(html: string, clientScript: string): string {
  const hashes = [...inlineScripts(html).map(hashOf), hashOf(clientScript)];
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(hashes, { connect: "'self'" })}">`;
  return META.test(html) ? html.replace(META, () => meta) : html;
}
