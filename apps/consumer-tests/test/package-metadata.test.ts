import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtInProviders } from '@cancel/sandbox';
import { describe, expect, inject, test } from 'vitest';
import { mustRun, runCommand } from '../src/run-command.js';

const packed = inject('packed');
const attwManifest = createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json');
const attwBin = path.join(
  path.dirname(attwManifest),
  (JSON.parse(readFileSync(attwManifest, 'utf8')) as { bin: Record<string, string> }).bin.attw!,
);
const byName = new Map(packed.map((candidate) => [candidate.name, candidate]));

interface ConditionalTarget {
  readonly types: string;
  readonly default: string;
}
type ExportsField = Record<string, string | { import: ConditionalTarget; require: ConditionalTarget }>;

test('publishes exactly the core, every registered provider, the sandbox, the queue package, telemetry and the CLI', () => {
  const providers = builtInProviders.map(({ spec }) => `@cancel/${spec.id}`);
  expect([...byName.keys()].sort()).toEqual(
    [
      '@cancel/bullmq',
      '@cancel/cli',
      '@cancel/core',
      '@cancel/opentelemetry',
      '@cancel/sandbox',
      ...providers,
    ].sort(),
  );
});

test('every package points at the same repository', () => {
  const urls = new Set(packed.map((candidate) => (candidate.manifest.repository as { url?: string }).url));
  expect(urls.size).toBe(1);
});

describe.each(packed)('$name as packed', (packedPackage) => {
  const { manifest, files } = packedPackage;
  const shipped = new Set(files);

  test('exports types, ES modules and CommonJS for every entry point, all shipped', () => {
    const exportsField = manifest.exports as ExportsField;
    expect(exportsField['.']).toBeDefined();
    for (const [subpath, target] of Object.entries(exportsField)) {
      if (subpath === './package.json') continue;
      expect(target, subpath).toMatchObject({
        import: { types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) },
        require: { types: expect.stringMatching(/\.d\.cts$/), default: expect.stringMatching(/\.cjs$/) },
      });
      if (typeof target === 'string') continue;
      for (const file of [
        target.import.types,
        target.import.default,
        target.require.types,
        target.require.default,
      ]) {
        expect(shipped, `${subpath} → ${file}`).toContain(file.replace(/^\.\//, ''));
      }
    }
  });

  test('ships built code, its README and LICENSE, and no sources or tests', () => {
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
    expect(shipped).toContain('README.md');
    expect(shipped).toContain('LICENSE');
    expect(files.filter((file) => file.startsWith('src/') || /\.test\.|(^|\/)test\//.test(file))).toEqual([]);
  });

  test('declares its side effects, engines, license, repository folder, keywords and public provenance', () => {
    expect(manifest.sideEffects === false || Array.isArray(manifest.sideEffects)).toBe(true);
    expect(manifest.engines).toEqual({ node: '>=22.12' });
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toMatchObject({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
      directory: packedPackage.directory,
    });
    expect((manifest.keywords as string[] | undefined)?.length).toBeGreaterThan(2);
    expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
  });

  test('depends on other @cancel packages by the caret range of their packed versions, never workspace:', () => {
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [name, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
        expect(range, `${field} ${name}`).not.toMatch(/^workspace:/);
        const sibling = byName.get(name);
        if (sibling) expect(range, `${field} ${name}`).toBe(`^${sibling.version}`);
      }
    }
  });

  test('publint --strict reports nothing', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const tarball = readFileSync(packedPackage.tarball);
    const result = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
    });
    expect(
      result.messages.map((message) => `${message.type}: ${formatMessage(message, result.pkg)}`),
    ).toEqual([]);
  });

  test('are-the-types-wrong reports nothing, node10 resolution included', async () => {
    const result = await runCommand(
      process.execPath,
      [attwBin, packedPackage.tarball, '--format', 'json', '--no-definitely-typed'],
      { cwd: process.cwd() },
    );
    const report = JSON.parse(result.stdout) as { problems?: unknown };
    expect(Object.values(report.problems ?? {}).flat()).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe('the CLI package', () => {
  test('has a cancel-order bin that is shipped and starts with a node shebang', async () => {
    const cli = byName.get('@cancel/cli')!;
    const bin = (cli.manifest.bin as Record<string, string>)['cancel-order']!;
    expect(cli.files).toContain(bin.replace(/^\.\//, ''));
    const { stdout } = await mustRun('tar', ['-xzOf', cli.tarball, `package/${bin.replace(/^\.\//, '')}`], {
      cwd: process.cwd(),
    });
    expect(stdout.split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
