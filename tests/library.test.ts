import { describe, expect, it } from 'vitest';

describe('the library entry', () => {
  it("is importable by the package's own name, with the pipeline's functions", async () => {
    const paparan = (await import('paparan' as string)) as Record<string, unknown>;
    for (const name of ['build', 'check', 'dev', 'prepare', 'PaparanError', 'BrowserSession']) expect(typeof paparan[name], name).toBe('function');
  });
});
