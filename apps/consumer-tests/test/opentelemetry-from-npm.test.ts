import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { type InstalledProject, installProject } from '../src/install-project.js';
import { mustRun, strangerEnvironment } from '../src/run-command.js';

const fixtures = fileURLToPath(new URL('../fixtures/opentelemetry-consumer/', import.meta.url));
const typescriptCompiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let project: InstalledProject;

beforeAll(async () => {
  project = await installProject(inject('scratchDirectory'), 'opentelemetry', inject('registryUrl'), [
    '@cancel/zinc',
    '@cancel/opentelemetry',
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
  ]);
  for (const file of readdirSync(fixtures))
    copyFileSync(path.join(fixtures, file), path.join(project.directory, file));
  copyFileSync(path.join(fixtures, 'typed.ts'), path.join(project.directory, 'typed.mts'));
  copyFileSync(path.join(fixtures, 'typed.ts'), path.join(project.directory, 'typed.cts'));
});

describe('npm install @cancel/opentelemetry beside a provider and the SDK', () => {
  test('has no runtime dependency of its own: the OpenTelemetry API is the application’s (a peer)', () => {
    const manifest = JSON.parse(
      readFileSync(path.join(project.directory, 'node_modules/@cancel/opentelemetry/package.json'), 'utf8'),
    ) as { dependencies?: object; peerDependencies?: object };
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toEqual({ '@opentelemetry/api': '^1.9.0' });
  });

  test.each(['esm.mjs', 'cjs.cjs'])('%s records a cancel span and its attempt', async (script) => {
    const { stdout } = await mustRun(process.execPath, [script], {
      cwd: project.directory,
      env: strangerEnvironment({ ZINC_BASE_URL: '', ZINC_API_KEY: '' }),
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([
      { name: 'POST', scope: '@cancel/opentelemetry', status: 204 },
      { name: 'cancel_order zinc', scope: '@cancel/opentelemetry', outcome: 'cancelled' },
    ]);
  });

  test('type-checks `onEvent: openTelemetry()` as an ES module and as CommonJS under nodenext', async () => {
    await mustRun(process.execPath, [typescriptCompiler, '-p', 'tsconfig.nodenext.json'], {
      cwd: project.directory,
    });
  });
});
