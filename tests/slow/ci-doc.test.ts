import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOutlines, outputName } from '../../scripts/project.ts';
import { ROOT, tempDir } from '../helpers.ts';

/** The shell commands of the workflow in docs/ci.md, in order. */
function workflowCommands(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return [...yaml.matchAll(/^\s+- run: (.+)$/gm)].map((m) => m[1]!.trim());
}

describe('docs/ci.md', () => {
  it('its workflow runs as written in a fresh clone and leaves every deck in dist/', () => {
    const commands = workflowCommands();
    expect(commands).toEqual(['npm ci', 'npx paparan check --no-overflow', 'npm run build -- --force']);
    const clone = join(tempDir(), 'clone');
    execSync(`git clone -q ${JSON.stringify(ROOT)} ${JSON.stringify(clone)}`);
    for (const command of commands) {
      const r = spawnSync('bash', ['-c', command], { cwd: clone, encoding: 'utf8', timeout: 600_000, env: { ...process.env, npm_config_loglevel: 'error' } });
      expect(r.status, `${command}\n${r.stderr.slice(-2000)}`).toBe(0);
    }
    for (const outline of findOutlines(clone)) {
      const name = outputName(outline);
      for (const suffix of ['.html', '.pdf', '-handout.pdf', '-notes.pdf']) expect(existsSync(join(clone, 'dist', name, `${name}${suffix}`)), `${name}${suffix}`).toBe(true);
    }
  }, 900_000);
});
