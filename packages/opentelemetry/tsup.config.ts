import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // The few attribute names used are inlined: the conventions package is megabytes of constants, and a
  // published package that needs only a dozen of them should not make every user install it.
  noExternal: ['@opentelemetry/semantic-conventions'],
});
