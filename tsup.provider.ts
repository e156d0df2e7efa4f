import { defineConfig } from 'tsup';

/** The build every provider package shares: ESM, CommonJS and types from src/index.ts. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Only the few valibot functions the answer schemas use are bundled: no runtime dependency but core, and one
  // file for Node to load.
  noExternal: ['valibot'],
});
