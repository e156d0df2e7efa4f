import { defineConfig } from 'tsup';

/** The build every provider package shares: ESM, CommonJS and types from src/index.ts. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Only the few zod functions the answer schemas use are bundled: no runtime dependency but core, and one
  // file for Node to load instead of zod's 92.
  noExternal: ['zod'],
});
