import { defineConfig } from 'vitest/config';

// Browser tests are heavy on a 2-core machine: files run one after another, and the two projects one after the
// other. `npm test` runs both; `npx vitest run --project fast` (or `--project slow`) runs one.
const shared = {
  testTimeout: 120_000,
  hookTimeout: 120_000,
  fileParallelism: false,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      // One worker keeps its modules between files (marp-core, MathJax, puppeteer load once): about half the time.
      { test: { ...shared, name: 'fast', include: ['tests/**/*.test.ts'], exclude: ['tests/slow/**'], isolate: false, sequence: { groupOrder: 0 } } },
      // Long fault trials (random SIGKILLs, concurrent builds, PPTX and PNG): still run by `npm test`.
      { test: { ...shared, name: 'slow', include: ['tests/slow/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
