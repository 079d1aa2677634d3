import { defineConfig } from 'vitest/config';

/** `npm run test:trino`: the tests that need a running Trino (npm run trino:start). */
export default defineConfig({
  test: {
    include: ['test/trino/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
