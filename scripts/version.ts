// `paparan --version`: paparan's own version, the Marp packages it renders with, Node, and the browser it would
// print with. A missing browser is reported as such, never as a failure: the versions are what one asks for
// when something does not work.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { paint } from './ansi.ts';
import { locateBrowser } from './export/find-browser.ts';
import { PaparanError } from './messages.ts';

const require = createRequire(import.meta.url);

function versionOf(packageJson: string): string {
  try {
    const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'not found';
  }
}

function packageVersion(name: string): string {
  try {
    return versionOf(require.resolve(`${name}/package.json`));
  } catch {
    return 'not installed';
  }
}

/** What a browser says of itself (`Chromium 138.0.7204.0`), or undefined when it will not say within 5 s. */
function browserVersion(path: string): string | undefined {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = r.status === 0 ? r.stdout.trim().split('\n')[0]?.trim() : undefined;
  return line || undefined;
}

/** One `name  version` line each; the browser with its path, or why there is none. */
export async function versionReport(colour = false): Promise<string> {
  // scripts/version.ts and the compiled lib/paparan.mjs both sit one folder below paparan's package.json.
  const rows: [string, string][] = [
    ['paparan', versionOf(resolve(import.meta.dirname, '..', 'package.json'))],
    ['marp-core', packageVersion('@marp-team/marp-core')],
    ['marp-cli', packageVersion('@marp-team/marp-cli')],
    ['node', process.versions.node],
  ];
  let browser: string;
  try {
    const { path, bundled } = await locateBrowser();
    const version = browserVersion(path);
    const source = bundled ? 'the Chromium that comes with paparan' : process.env.CHROME_PATH ? 'from CHROME_PATH' : 'installed';
    browser = `${version ?? 'a browser'} (${source}): ${path}`;
  } catch (error) {
    // Whatever went wrong finding it, the report is what one asks for when the browser does not work.
    const m = error instanceof PaparanError ? error.messages[0] : undefined;
    const why = m?.message ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
    browser = `${paint('none found', colour, 'yellow')}: ${why}${m?.hint ? `\n${' '.repeat(13)}${paint('hint:', colour, 'cyan')} ${m.hint}` : ''}`;
  }
  rows.push(['browser', browser]);
  return rows.map(([name, value]) => `${paint(name.padEnd(11), colour, 'bold')}  ${value}`).join('\n');
}
