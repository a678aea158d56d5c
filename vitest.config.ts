import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser tests are heavy on a 2-core machine; files run one after another.
    fileParallelism: false,
    pool: 'forks',
  },
});
