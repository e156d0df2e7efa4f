import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mustRun } from './run-command.js';
import { toolsDirectory } from './workspace.js';

/** npm's download cache, kept between runs so the registry's packages (ky, valibot, …) are fetched once. */
const npmCache = path.join(toolsDirectory, 'npm-cache');

export interface InstalledProject {
  readonly directory: string;
  /** Every package under node_modules, as `name` → version, nested ones included. */
  readonly installed: ReadonlyMap<string, string>;
}

/** Lists node_modules the way a user would look at it: every package folder, scoped or nested. */
function listInstalled(nodeModules: string, into = new Map<string, string>()) {
  if (!existsSync(nodeModules)) return into;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const folders = entry.startsWith('@')
      ? readdirSync(path.join(nodeModules, entry)).map((name) => path.join(nodeModules, entry, name))
      : [path.join(nodeModules, entry)];
    for (const folder of folders) {
      const manifestPath = path.join(folder, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string; version: string };
      into.set(manifest.name, manifest.version);
      listInstalled(path.join(folder, 'node_modules'), into);
    }
  }
  return into;
}

/**
 * A fresh project in a temporary folder where a stranger runs `npm install <names>`: @cancel packages come
 * from the local registry, everything else from the npm registry. Plain npm, no workspace in sight.
 */
export async function installProject(parent: string, label: string, registryUrl: string, names: string[]) {
  const directory = mkdtempSync(path.join(parent, `${label}-`));
  writeFileSync(
    path.join(directory, 'package.json'),
    `${JSON.stringify({ name: `stranger-${label}`, version: '1.0.0', private: true }, null, 2)}\n`,
  );
  await mustRun(
    'npm',
    [
      'install',
      ...names,
      `--@cancel:registry=${registryUrl}`,
      `--cache=${npmCache}`,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: directory },
  );
  const installed = listInstalled(path.join(directory, 'node_modules'));
  return { directory, installed } satisfies InstalledProject;
}
