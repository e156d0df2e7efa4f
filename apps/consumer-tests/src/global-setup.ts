import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRegistry } from './local-registry.js';
import { type PackedPackage, packWorkspace } from './pack-workspace.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The tarballs `pnpm publish` would upload, with their manifests and file lists. */
    packed: PackedPackage[];
    /** A loopback npm registry serving them under the @cancel scope. */
    registryUrl: string;
    /** A temporary folder outside the repository for the strangers' projects. */
    scratchDirectory: string;
  }
}

/** Packs once for every test file and serves the tarballs until the run ends. */
export default async function setup(project: TestProject) {
  const scratchDirectory = mkdtempSync(path.join(os.tmpdir(), 'cancel-consumer-'));
  const tarballs = path.join(scratchDirectory, 'tarballs');
  mkdirSync(tarballs);
  const packed = await packWorkspace(tarballs);
  const registry = await startLocalRegistry(packed);
  project.provide('packed', packed);
  project.provide('registryUrl', registry.url);
  project.provide('scratchDirectory', scratchDirectory);
  return async () => {
    await registry.close();
    rmSync(scratchDirectory, { recursive: true, force: true });
  };
}
