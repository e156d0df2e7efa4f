#!/usr/bin/env node
// Fails when a published package changed without a changeset that names it.
//
// Which changes count, and against what:
// - On a branch (HEAD has commits that the base branch from .changeset/config.json, `origin/<base>` or
//   `<base>`, does not), the base is the merge base: every published package changed since the merge base
//   needs a changeset added since the merge base that names it. A changeset that names no package
//   (`pnpm changeset --empty`) says "no release needed" and covers the branch.
// - With no such base (a clean clone of main, where main is HEAD, or a clone without the base branch),
//   the base is per package: its last release, the last commit that changed its `version` (the commit of
//   `changeset version`; for a package never released, all of it). Every package changed since then
//   needs a pending changeset in .changeset/ that names it. So main never holds an unreleased change
//   that the next `changeset version` would leave out of the changelog.
// `--base <ref>` or CHANGESET_BASE=<ref> picks the base explicitly (CI of a pull request can pass its
// target). Uncommitted and untracked files count too, so the check says the same before a commit as after.
// Tests and test configuration never need a changeset: they are not published.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const notPublished = [
  /(^|\/)test\//,
  /(^|\/)__tests__\//,
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)vitest\.config\.[cm]?[jt]s$/,
  /(^|\/)tsconfig\.json$/,
  /(^|\/)turbo\.json$/,
  /(^|\/)CHANGELOG\.md$/,
];

function git(args, cwd) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const lines = (text) => (text ? text.split('\n').filter(Boolean) : []);

function publishedPackages(root) {
  const found = [];
  for (const parent of ['packages', 'apps']) {
    if (!existsSync(path.join(root, parent))) continue;
    for (const entry of readdirSync(path.join(root, parent)).sort()) {
      const manifestPath = path.join(root, parent, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (!manifest.private) found.push({ name: manifest.name, directory: `${parent}/${entry}` });
    }
  }
  return found;
}

/** The package names a changeset's front matter bumps; an empty changeset names none. */
function namedPackages(file) {
  const text = readFileSync(file, 'utf8');
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!frontMatter) return [];
  return lines(frontMatter[1])
    .map((line) => /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line)?.[1])
    .filter(Boolean);
}

/** Files changed under `directory` since `base`: committed, staged, unstaged and untracked. */
function changedFiles(root, base, directory) {
  const since = base ? lines(git(['diff', '--name-only', base, '--', directory], root)) : [];
  const everything = base ? [] : lines(git(['ls-files', '--', directory], root));
  const untracked = lines(git(['ls-files', '--others', '--exclude-standard', '--', directory], root));
  return [...new Set([...since, ...everything, ...untracked])];
}

function branchBase(root, baseBranch) {
  for (const candidate of [`origin/${baseBranch}`, baseBranch]) {
    if (!git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], root)) continue;
    const mergeBase = git(['merge-base', 'HEAD', candidate], root);
    const head = git(['rev-parse', 'HEAD'], root);
    if (mergeBase && mergeBase !== head) return { ref: mergeBase, label: `the merge base with ${candidate}` };
  }
  return undefined;
}

/**
 * The last commit that changed the package's version line, i.e. its last `changeset version`; undefined for
 * a package never released, whose every file then counts.
 */
function lastRelease(root, directory) {
  const manifest = `${directory}/package.json`;
  const created = new Set(lines(git(['log', '--diff-filter=A', '--format=%H', '--', manifest], root)));
  const versionChanges = lines(git(['log', '--format=%H', '-G', '^\\s*"version":', '--', manifest], root));
  return versionChanges.find((commit) => !created.has(commit));
}

function main() {
  const root = git(['rev-parse', '--show-toplevel'], process.cwd());
  if (!root) {
    console.error('check-changesets: not inside a git repository.');
    return 1;
  }
  const config = JSON.parse(readFileSync(path.join(root, '.changeset', 'config.json'), 'utf8'));
  const baseFlag = process.argv.indexOf('--base');
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: `pnpm check:changesets` runs this directly, not through turbo.
  const explicit = baseFlag > 0 ? process.argv[baseFlag + 1] : process.env.CHANGESET_BASE || undefined;
  let base;
  if (explicit) {
    const ref = git(['merge-base', 'HEAD', explicit], root);
    if (!ref) {
      console.error(`check-changesets: the base ${explicit} is not a commit this clone knows.`);
      return 1;
    }
    base = { ref, label: `the merge base with ${explicit}` };
  } else {
    base = branchBase(root, config.baseBranch ?? 'main');
  }
  if (git(['rev-parse', '--is-shallow-repository'], root) === 'true') {
    console.warn('check-changesets: this clone is shallow; changes older than its history go unseen.');
  }

  const changesetFiles = readdirSync(path.join(root, '.changeset'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => `.changeset/${file}`);
  const counted = base ? new Set(changedFiles(root, base.ref, '.changeset')) : new Set(changesetFiles); // every pending changeset
  const changesets = changesetFiles.filter((file) => counted.has(file));
  const named = new Set(changesets.flatMap((file) => namedPackages(path.join(root, file))));
  const emptyChangeset =
    base !== undefined && changesets.some((file) => namedPackages(path.join(root, file)).length === 0);

  const missing = [];
  for (const published of publishedPackages(root)) {
    const since = base ? base.ref : lastRelease(root, published.directory);
    const relevant = changedFiles(root, since, published.directory).filter(
      (file) => !notPublished.some((pattern) => pattern.test(file.slice(published.directory.length + 1))),
    );
    if (relevant.length > 0 && !named.has(published.name) && !emptyChangeset) {
      missing.push({ ...published, since, relevant });
    }
  }

  const against = base ? base.label : "each package's last release (the last change of its version)";
  if (missing.length === 0) {
    console.log(
      `check-changesets: every changed published package has a changeset (compared with ${against}).`,
    );
    return 0;
  }
  console.error(
    `check-changesets: published packages changed without a changeset (compared with ${against}):`,
  );
  for (const { name, relevant } of missing) {
    const shown =
      relevant.slice(0, 5).join(', ') + (relevant.length > 5 ? `, … (${relevant.length} files)` : '');
    console.error(`  ${name}: ${shown}`);
  }
  console.error(
    base
      ? 'Run `pnpm changeset` to describe the change for users, or `pnpm changeset --empty` if it needs no release.'
      : 'Run `pnpm changeset` and name these packages: on main every unreleased change needs a pending changeset.',
  );
  return 1;
}

process.exitCode = main();
