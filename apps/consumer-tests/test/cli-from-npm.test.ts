import { builtInProviders } from '@cancel/sandbox';
import { beforeAll, expect, inject, test } from 'vitest';
import { type InstalledProject, installProject } from '../src/install-project.js';
import { runCommand, strangerEnvironment } from '../src/run-command.js';

const providers = builtInProviders.map(({ spec }) => spec.id);
let project: InstalledProject;

beforeAll(async () => {
  project = await installProject(inject('scratchDirectory'), 'cli', inject('registryUrl'), ['@cancel/cli']);
});

/** `npx --no` runs the installed bin and never fetches a package of the same name from the registry. */
const cancelOrder = (args: string[], environment: Record<string, string> = {}) =>
  runCommand('npx', ['--no', '--', 'cancel-order', ...args], {
    cwd: project.directory,
    env: strangerEnvironment({ NO_COLOR: '1', ...environment }),
    timeoutMs: 60_000,
  });

test('npm install @cancel/cli brings the core, every provider, the sandbox, queue mode and telemetry', () => {
  const cancelPackages = [...project.installed.keys()].filter((name) => name.startsWith('@cancel/')).sort();
  expect(cancelPackages).toEqual(
    ['bullmq', 'cli', 'core', 'sandbox', 'opentelemetry', ...providers]
      .map((name) => `@cancel/${name}`)
      .sort(),
  );
});

test('npx cancel-order --help prints the usage and every provider', async () => {
  const result = await cancelOrder(['--help']);
  expect(result.code, result.stderr).toBe(0);
  const printed = result.stdout + result.stderr;
  expect(printed).toContain('cancel-order');
  for (const provider of providers) expect(printed).toContain(provider);
});

test('npx cancel-order with an unknown provider is a usage error (exit 2)', async () => {
  const result = await cancelOrder(['zync', '3fa85f64-5717-4562-b3fc-2c963f66afa6']);
  expect(result.code).toBe(2);
});

test('npx cancel-order --dry-run checks an ID and the credentials and sends nothing', async () => {
  const result = await cancelOrder(['zinc', '3fa85f64-5717-4562-b3fc-2c963f66afa6', '--dry-run', '--json'], {
    ZINC_API_KEY: 'zn_test_stranger',
    // Nothing listens here: a request sent despite --dry-run would fail the order.
    ZINC_BASE_URL: 'http://127.0.0.1:9',
  });
  expect(result.code, result.stderr).toBe(0);
});
