import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readTarball } from '../src/pack-workspace.js';
import { mustRun } from '../src/run-command.js';
import { publishedPackages, repositoryRoot } from '../src/workspace.js';

// `pnpm changeset version` on a copy of the workspace's manifests and changeset config, with one known
// changeset in place of the pending ones, then `pnpm pack` as `pnpm release` would run it.
const changesetBin = path.join(repositoryRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const bump = (version: string, part: 'minor' | 'patch') => {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  return part === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
};

let copy: string;
const before = new Map(publishedPackages().map((published) => [published.name, published.version]));

beforeAll(async () => {
  copy = mkdtempSync(path.join(inject('scratchDirectory'), 'changeset-version-'));
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    '.changeset/config.json',
    '.changeset/README.md',
  ]) {
    cpSync(path.join(repositoryRoot, file), path.join(copy, file));
  }
  for (const parent of ['packages', 'apps']) {
    for (const entry of readdirSync(path.join(repositoryRoot, parent))) {
      const manifest = path.join(repositoryRoot, parent, entry, 'package.json');
      try {
        cpSync(manifest, path.join(copy, parent, entry, 'package.json'));
      } catch {
        // A folder without a package.json is no workspace package.
      }
    }
  }
  // The changelog generator named in config.json resolves from the workspace's node_modules.
  symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  writeFileSync(
    path.join(copy, '.changeset', 'core-change.md'),
    '---\n"@cancel/core": minor\n---\n\nA core change.\n',
  );
  await mustRun(process.execPath, [changesetBin, 'version'], { cwd: copy });
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

test('bumps the named package and writes its changelog entry', () => {
  const newCore = bump(before.get('@cancel/core')!, 'minor');
  expect(readJson(path.join(copy, 'packages/core/package.json')).version).toBe(newCore);
  const changelog = readFileSync(path.join(copy, 'packages/core/CHANGELOG.md'), 'utf8');
  expect(changelog).toContain(`## ${newCore}`);
  expect(changelog).toContain('A core change.');
});

test('versions independently: a dependent that needs the new core gets a patch release naming it', () => {
  const newCore = bump(before.get('@cancel/core')!, 'minor');
  const zinc = readJson(path.join(copy, 'packages/zinc/package.json'));
  expect(zinc.version).toBe(bump(before.get('@cancel/zinc')!, 'patch'));
  expect((zinc.dependencies as Record<string, string>)['@cancel/core']).toBe('workspace:^');
  expect(readFileSync(path.join(copy, 'packages/zinc/CHANGELOG.md'), 'utf8')).toContain(
    `@cancel/core@${newCore}`,
  );
});

test('consumes the changeset and leaves private packages alone', () => {
  expect(readdirSync(path.join(copy, '.changeset')).sort()).toEqual(['README.md', 'config.json']);
  expect(readJson(path.join(copy, 'apps/tests/package.json')).version).toBe('0.0.0');
  expect(readdirSync(path.join(copy, 'apps/tests'))).toEqual(['package.json']);
});

test('pnpm pack turns workspace:^ into the caret range of the new version', async () => {
  const newCore = bump(before.get('@cancel/core')!, 'minor');
  const zincFolder = path.join(copy, 'packages/zinc');
  await mustRun('pnpm', ['pack', '--pack-destination', copy], { cwd: zincFolder });
  const tarball = readdirSync(copy).find((file) => file.startsWith('cancel-zinc-') && file.endsWith('.tgz'))!;
  const { manifest } = await readTarball(path.join(copy, tarball));
  expect((manifest.dependencies as Record<string, string>)['@cancel/core']).toBe(`^${newCore}`);
});
