import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Git-ignored; downloads cached here make repeated runs fast. */
export const toolsDirectory = path.join(repositoryRoot, '.tools');

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly [field: string]: unknown;
}

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  /** Relative to the repository root, e.g. `packages/zinc`. */
  readonly directory: string;
  readonly absoluteDirectory: string;
  readonly manifest: PackageManifest;
}

/** Every workspace package that is not private: what `pnpm release` would publish. */
export function publishedPackages(): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const parent of ['packages', 'apps']) {
    for (const entry of readdirSync(path.join(repositoryRoot, parent)).sort()) {
      const absoluteDirectory = path.join(repositoryRoot, parent, entry);
      const manifestPath = path.join(absoluteDirectory, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
      if (manifest.private) continue;
      const directory = `${parent}/${entry}`;
      found.push({ name: manifest.name, version: manifest.version, directory, absoluteDirectory, manifest });
    }
  }
  return found;
}
