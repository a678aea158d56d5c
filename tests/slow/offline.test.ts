import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempProject } from '../helpers.ts';

// Two whole builds through the CLI, one in a network namespace of its own: in the `slow` project.
const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;

describe('hostile: the network cut off', () => {
  it.skipIf(!canUnshare)('a build with no network at all (a fresh network namespace) gives the same bytes', async () => {
    const project = tempProject();
    const online = spawnSync(process.execPath, [join(ROOT, 'bin', 'paparan.mjs'), 'build', '--out', 'online'], { cwd: project, encoding: 'utf8' });
    expect(online.status, online.stderr).toBe(0);
    const offline = spawnSync('unshare', ['-n', process.execPath, join(ROOT, 'bin', 'paparan.mjs'), 'build', '--out', 'offline'], { cwd: project, encoding: 'utf8' });
    expect(offline.status, offline.stderr).toBe(0);
    for (const file of ['kesimpulan.md', 'kesimpulan.html', 'kesimpulan.pdf', 'kesimpulan-handout.pdf', 'kesimpulan-notes.pdf', 'kesimpulan-overview.png']) {
      expect(readFileSync(join(project, 'offline', 'kesimpulan', file)).equals(readFileSync(join(project, 'online', 'kesimpulan', file))), file).toBe(true);
    }
  });
});
