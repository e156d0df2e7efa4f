import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { type InstalledProject, installProject } from '../src/install-project.js';
import { mustRun, strangerEnvironment } from '../src/run-command.js';
import { ensureRuntime, runtimes } from '../src/runtimes.js';

const fixtures = fileURLToPath(new URL('../fixtures/zinc-consumer/', import.meta.url));
const typescriptCompiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const packed = inject('packed');
const packedCore = packed.find((candidate) => candidate.name === '@cancel/core')!;
const packedZinc = packed.find((candidate) => candidate.name === '@cancel/zinc')!;

let project: InstalledProject;

beforeAll(async () => {
  project = await installProject(inject('scratchDirectory'), 'zinc', inject('registryUrl'), ['@cancel/zinc']);
  for (const file of readdirSync(fixtures))
    copyFileSync(path.join(fixtures, file), path.join(project.directory, file));
  // One source, type-checked as an ES module and as a CommonJS module under nodenext.
  copyFileSync(path.join(fixtures, 'typed.ts'), path.join(project.directory, 'typed.mts'));
  copyFileSync(path.join(fixtures, 'typed.ts'), path.join(project.directory, 'typed.cts'));
});

const readInstalledManifest = (name: string) =>
  JSON.parse(readFileSync(path.join(project.directory, 'node_modules', name, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };

describe('npm install @cancel/zinc in a fresh project', () => {
  test('installs @cancel/zinc and, through it, @cancel/core: no other @cancel package', () => {
    const cancelPackages = [...project.installed.keys()].filter((name) => name.startsWith('@cancel/')).sort();
    expect(cancelPackages).toEqual(['@cancel/core', '@cancel/zinc']);
    expect(project.installed.get('@cancel/zinc')).toBe(packedZinc.version);
    expect(project.installed.get('@cancel/core')).toBe(packedCore.version);
  });

  test('installs nothing beyond the runtime dependencies of zinc and core', () => {
    const needed = new Set<string>();
    const visit = (name: string) => {
      if (needed.has(name)) return;
      needed.add(name);
      for (const dependency of Object.keys(readInstalledManifest(name).dependencies ?? {})) visit(dependency);
    };
    visit('@cancel/zinc');
    expect([...project.installed.keys()].sort()).toEqual([...needed].sort());
    for (const developmentOnly of ['vitest', 'tsup', 'typescript', '@types/node']) {
      expect(project.installed.has(developmentOnly)).toBe(false);
    }
  });

  test('zinc asks for core by the semver range of the version packed with it', () => {
    expect(readInstalledManifest('@cancel/zinc').dependencies).toEqual({
      '@cancel/core': `^${packedCore.version}`,
    });
  });

  test('type-checks a stranger’s ES module and CommonJS module under nodenext resolution', async () => {
    await mustRun(process.execPath, [typescriptCompiler, '-p', 'tsconfig.nodenext.json'], {
      cwd: project.directory,
    });
  });

  test('type-checks a stranger’s module under bundler resolution', async () => {
    await mustRun(process.execPath, [typescriptCompiler, '-p', 'tsconfig.bundler.json'], {
      cwd: project.directory,
    });
  });
});

const expectedReport = {
  provider: 'zinc',
  outcome: 'cancelled',
  malformed: 'invalid_input',
  isCancelError: true,
  requests: [
    {
      method: 'POST',
      url: 'https://api.zinc.com/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6/cancel',
      authorization: 'Bearer zn_test_stranger',
    },
  ],
};

describe.each(runtimes)('the installed packages on $name', (runtime) => {
  let binary: string;
  beforeAll(async () => {
    binary = await ensureRuntime(runtime);
  });

  test.each(['esm.mjs', 'cjs.cjs'])('%s cancels an order through a custom fetch', async (script) => {
    const { stdout } = await mustRun(binary, [...runtime.scriptArguments, script], {
      cwd: project.directory,
      env: strangerEnvironment({
        NO_COLOR: '1',
        DENO_NO_UPDATE_CHECK: '1',
        ZINC_BASE_URL: '',
        ZINC_API_KEY: '',
      }),
    });
    const lastLine = stdout.trim().split('\n').at(-1)!;
    expect(JSON.parse(lastLine)).toEqual(expectedReport);
  });
});
