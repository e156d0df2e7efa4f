import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', provider: 'src/provider-entry.ts', testing: 'src/testing.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // ky ships only as an ES module, which a CommonJS build cannot require() before Node 22.12; bundled, it works
  // everywhere, and core has no runtime dependency at all.
  noExternal: ['ky'],
});
