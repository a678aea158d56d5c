import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

// Shared by the CLI output tests in tests/ and tests/slow/.
export const BIN = join(ROOT, 'bin', 'paparan.mjs');
export const ESC = '\u001b[';
export const PROBLEMS = 'tests/fixtures/problems/problems.md';

/** The environment of a piped run: no colour settings, and not inside an npm script. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('npm_') || key === 'FORCE_COLOR' || key === 'NO_COLOR') delete env[key];
  return { ...env, ...extra };
}

export const run = (args: string[], cwd = ROOT, extra: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: cleanEnv(extra), timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
