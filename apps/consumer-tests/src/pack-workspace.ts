import { readdirSync } from 'node:fs';
import path from 'node:path';
import { mustRun } from './run-command.js';
import type { PackageManifest } from './workspace.js';
import { publishedPackages } from './workspace.js';

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly directory: string;
  readonly tarball: string;
  /** The package.json inside the tarball: what npm users get, with `workspace:` ranges rewritten. */
  readonly manifest: PackageManifest;
  /** Paths inside the tarball, without the `package/` prefix. */
  readonly files: readonly string[];
}

/** Reads the package.json and file list of a tarball as published. */
export async function readTarball(tarball: string) {
  const cwd = path.dirname(tarball);
  const listing = await mustRun('tar', ['-tzf', tarball], { cwd });
  const files = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
  const manifestText = await mustRun('tar', ['-xzOf', tarball, 'package/package.json'], { cwd });
  return { files, manifest: JSON.parse(manifestText.stdout) as PackageManifest };
}

/**
 * Packs every published package with `pnpm pack`, exactly as `pnpm publish` would: `workspace:` ranges
 * become real semver ranges and only `files` are included. Expects the packages to be built (turbo's ^build).
 */
export async function packWorkspace(destination: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const workspacePackage of publishedPackages()) {
    const before = new Set(readdirSync(destination));
    await mustRun('pnpm', ['pack', '--pack-destination', destination], {
      cwd: workspacePackage.absoluteDirectory,
    });
    const created = readdirSync(destination).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    if (created.length !== 1) {
      throw new Error(`pnpm pack of ${workspacePackage.name} made ${created.length} tarballs: ${created}`);
    }
    const tarball = path.join(destination, created[0]!);
    const { files, manifest } = await readTarball(tarball);
    packed.push({
      name: manifest.name,
      version: manifest.version,
      directory: workspacePackage.directory,
      tarball,
      manifest,
      files,
    });
  }
  return packed;
}
