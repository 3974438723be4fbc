import { defineConfig } from 'vitest/config';

// Tests spawn real worker threads; forks keep each test file's workers and
// SharedArrayBuffers in their own process so a fault test cannot take another
// file down. Two cores: at most two files at once.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
