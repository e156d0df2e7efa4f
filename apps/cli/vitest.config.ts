import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Many tests start the built binary, some a sandbox too: on a loaded 2-core machine that can take seconds.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 20_000 },
});
