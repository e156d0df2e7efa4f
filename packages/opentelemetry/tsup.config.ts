import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import provider from '../../tsup.provider.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

export default defineConfig({
  ...provider,
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // The few attribute names used are inlined: the conventions package is megabytes of constants, and a
  // published package that needs only a dozen of them should not make every user install it.
  noExternal: ['@opentelemetry/semantic-conventions'],
});
