import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { mustRun, runCommand } from '../src/run-command.js';
import { repositoryRoot } from '../src/workspace.js';

// scripts/check-changesets.mjs against small throwaway repositories shaped like this one.
const script = path.join(repositoryRoot, 'scripts', 'check-changesets.mjs');
const repositories: string[] = [];
afterEach(() => {
  for (const directory of repositories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function write(root: string, file: string, content: string) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

const manifest = (name: string, version: string, extra: object = {}) =>
  `${JSON.stringify({ name, version, ...extra }, null, 2)}\n`;
const changeset = (bumps: Record<string, string>) =>
  `---\n${Object.entries(bumps)
    .map(([name, bump]) => `"${name}": ${bump}\n`)
    .join('')}---\n\nA change.\n`;

async function git(root: string, ...args: string[]) {
  return mustRun('git', args, { cwd: root });
}

async function commitAll(root: string, message: string) {
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', message);
}

/** A monorepo with two published packages and a private one, all never released, on main. */
async function scaffold() {
  const root = mkdtempSync(path.join(inject('scratchDirectory'), 'changesets-'));
  repositories.push(root);
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'config', 'user.email', 'test@example.com');
  await git(root, 'config', 'user.name', 'Test');
  await git(root, 'config', 'commit.gpgsign', 'false');
  write(root, '.changeset/config.json', JSON.stringify({ baseBranch: 'main' }));
  write(root, '.changeset/README.md', '# Changesets\n');
  write(root, 'packages/alpha/package.json', manifest('@x/alpha', '0.1.0'));
  write(root, 'packages/alpha/src/index.ts', 'export const alpha = 1;\n');
  write(root, 'packages/beta/package.json', manifest('@x/beta', '0.1.0'));
  write(root, 'packages/beta/src/index.ts', 'export const beta = 1;\n');
  write(root, 'apps/tests/package.json', manifest('@x/tests', '0.0.0', { private: true }));
  await commitAll(root, 'scaffold');
  return root;
}

/** What `changeset version` commits: new versions, changelogs, the changesets consumed. */
async function release(root: string) {
  for (const name of ['alpha', 'beta']) {
    write(root, `packages/${name}/package.json`, manifest(`@x/${name}`, '0.2.0'));
    write(root, `packages/${name}/CHANGELOG.md`, `# @x/${name}\n\n## 0.2.0\n`);
  }
  await runCommand('sh', ['-c', 'rm -f .changeset/*-*.md'], { cwd: root });
  await commitAll(root, 'Version packages');
}

const check = (root: string, environment: Record<string, string> = {}) =>
  runCommand(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, CHANGESET_BASE: '', ...environment },
  });

describe('on a clean clone of main, with no base to compare against', () => {
  test('every never-released package needs a pending changeset that names it', async () => {
    const root = await scaffold();
    const none = await check(root);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('@x/alpha');
    expect(none.stderr).toContain('@x/beta');
    expect(none.stderr).not.toContain('@x/tests');

    write(root, '.changeset/initial-alpha.md', changeset({ '@x/alpha': 'minor' }));
    await commitAll(root, 'alpha changeset');
    const one = await check(root);
    expect(one.code).toBe(1);
    expect(one.stderr).not.toContain('@x/alpha');
    expect(one.stderr).toContain('@x/beta');

    write(root, '.changeset/initial-beta.md', changeset({ '@x/beta': 'minor' }));
    await commitAll(root, 'beta changeset');
    expect((await check(root)).code).toBe(0);
  });

  test('after a release, only packages changed since their version bump need one; tests never do', async () => {
    const root = await scaffold();
    await release(root);
    expect((await check(root)).code).toBe(0);

    write(root, 'packages/beta/src/index.test.ts', 'test;\n');
    write(root, 'packages/beta/test/helpers.ts', 'export {};\n');
    write(root, 'apps/tests/smoke.ts', 'export {};\n');
    await commitAll(root, 'tests only');
    expect((await check(root)).code).toBe(0);

    write(root, 'packages/alpha/src/index.ts', 'export const alpha = 2;\n');
    await commitAll(root, 'alpha changes');
    const result = await check(root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@x/alpha: packages/alpha/src/index.ts');
    expect(result.stderr).not.toContain('@x/beta');
  });

  test('an uncommitted change counts as well, so the check agrees before and after the commit', async () => {
    const root = await scaffold();
    await release(root);
    write(root, 'packages/beta/src/extra.ts', 'export {};\n');
    const result = await check(root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@x/beta: packages/beta/src/extra.ts');
  });
});

describe('on a branch, against the merge base with main', () => {
  test('a change needs a changeset added on the branch: a pending one on main does not cover it', async () => {
    const root = await scaffold();
    await release(root);
    write(root, '.changeset/earlier-alpha.md', changeset({ '@x/alpha': 'patch' }));
    write(root, 'packages/alpha/src/index.ts', 'export const alpha = 2;\n');
    await commitAll(root, 'alpha fix with its changeset');
    await git(root, 'checkout', '-q', '-b', 'feature');
    write(root, 'packages/alpha/src/index.ts', 'export const alpha = 3;\n');
    await commitAll(root, 'another alpha change');

    const without = await check(root);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('merge base with main');
    expect(without.stderr).toContain('@x/alpha');

    write(root, '.changeset/feature-alpha.md', changeset({ '@x/alpha': 'patch' }));
    await commitAll(root, 'changeset');
    expect((await check(root)).code).toBe(0);
  });

  test('an empty changeset says the branch needs no release', async () => {
    const root = await scaffold();
    await release(root);
    await git(root, 'checkout', '-q', '-b', 'docs');
    write(root, 'packages/beta/README.md', '# beta\n');
    await commitAll(root, 'readme');
    expect((await check(root)).code).toBe(1);
    write(root, '.changeset/quiet-docs.md', '---\n---\n\nREADME wording only.\n');
    await commitAll(root, 'empty changeset');
    expect((await check(root)).code).toBe(0);
  });

  test('CHANGESET_BASE picks the base explicitly', async () => {
    const root = await scaffold();
    await release(root);
    const released = (await git(root, 'rev-parse', 'HEAD')).stdout.trim();
    write(root, 'packages/beta/src/index.ts', 'export const beta = 2;\n');
    await commitAll(root, 'beta change on main');
    const result = await check(root, { CHANGESET_BASE: released });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@x/beta');
    expect(result.stderr).toContain(`merge base with ${released}`);
  });
});
