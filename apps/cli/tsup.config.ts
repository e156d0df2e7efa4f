import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // dist/bin.js is the `cancel-order` bin; the line is harmless in the library entry, where Node skips it.
  banner: { js: '#!/usr/bin/env node' },
});
