import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { tempDir, tempProject } from '../helpers.ts';

// Regression (issue 12): marp-cli's log filter swapped process.stderr.write per run; two outlines exported side by
// side restored it out of order, leaving the filter in place for good.
describe('global state', () => {
  it('stderr is its own again after two outlines are exported side by side', async () => {
    const project = tempProject();
    const first = join(project, 'slides', 'kesimpulan.md');
    const second = join(project, 'slides', 'kedua.md');
    copyFileSync(first, second);
    const original = process.stderr.write;
    await build({ outlines: [first, second], root: project, outDir: tempDir(), formats: ['html'] });
    expect(process.stderr.write).toBe(original);
  });
});
