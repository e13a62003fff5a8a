import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Minutes-long scenarios run with `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: ['**/node_modules/**', 'test/reliability-long/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
