import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // End-to-end tests drive a real Chromium and run under node's test runner (npm run test:e2e).
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    // Builds missing assets once before the test files start (they run in parallel workers).
    globalSetup: ['tests/global-setup.ts'],
    hookTimeout: 180_000,
  },
});
