import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

export default defineConfig({
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // Real servers, a real SDK and property runs: a loaded CI machine may take seconds where a laptop takes ms.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
