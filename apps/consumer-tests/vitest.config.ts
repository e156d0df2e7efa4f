import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'stranger',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./src/global-setup.ts'],
          // npm installs from the registry and first downloads of Node, Bun and Deno take a while on CI.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'edge',
          include: ['edge/**/*.test.ts'],
          // Vercel's edge runtime (@edge-runtime/vm): web-standard globals as on Workers and edge functions.
          environment: 'edge-runtime',
        },
      },
    ],
  },
});
