import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, tempProject } from '../helpers.ts';

const BIN = join(ROOT, 'bin', 'paparan.mjs');
const run = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

// Whole builds through the CLI, in the `slow` project.
describe('paparan CLI: whole builds', () => {
  it('builds with one progress line per output on stderr, then skips unchanged outputs', () => {
    const project = tempProject();
    const first = run(['build', '--format', 'md,html'], project);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/✓ md\s+dist\/kesimpulan\/kesimpulan\.md\s+\d+ ms/);
    expect(first.stderr).toMatch(/✓ html\s+dist\/kesimpulan\/kesimpulan\.html\s+\d+ ms/);
    const second = run(['build', '--format', 'md,html'], project);
    expect(second.stderr).toContain('skipped (unchanged)');
    // Regression: marp-cli's log is hidden while the HTML is made, but no other output's line may be lost with it.
    const all = run(['build', '--force'], project);
    expect(all.code).toBe(0);
    expect(all.stderr.match(/^ {2}✓ \w+/gm)?.sort()).toEqual(['  ✓ handout', '  ✓ html', '  ✓ md', '  ✓ notes', '  ✓ overview', '  ✓ pdf']);
    expect(all.stderr).not.toContain('INFO');
  });

});
