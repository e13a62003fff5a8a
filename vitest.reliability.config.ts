import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: the long reliability scenarios plus the fast ones, fuzzed harder. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts', 'test/reliability-long/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    env: { ROSTER_FUZZ_RUNS: process.env['ROSTER_FUZZ_RUNS'] ?? '1000' },
  },
});
