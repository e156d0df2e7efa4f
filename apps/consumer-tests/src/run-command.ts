import { spawn } from 'node:child_process';

/** Settings that reach npm's own configuration and describe the machine, not the workspace. */
const keptNpmSettings = new Set([
  'npm_config_registry',
  'npm_config_cafile',
  'npm_config_proxy',
  'npm_config_https_proxy',
]);

/**
 * The environment of someone outside the monorepo: without the variables pnpm, turbo and vitest set for
 * their children (`npm_config_*`, `npm_package_*`, `INIT_CWD`, …), which would otherwise steer npm.
 */
export function strangerEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    const fromTools =
      (lower.startsWith('npm_') && !keptNpmSettings.has(lower)) ||
      lower.startsWith('pnpm_') ||
      lower.startsWith('turbo_') ||
      lower.startsWith('vitest') ||
      key === 'INIT_CWD' ||
      key === 'NODE_OPTIONS' ||
      key === 'NODE_ENV';
    if (!fromTools) environment[key] = value;
  }
  return { ...environment, ...extra };
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/**
 * Runs a command without blocking the event loop (the local registry answers from this same process in the
 * global setup) and collects its output. Never throws for a non-zero exit: the caller decides.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions) {
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? strangerEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 240_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that must succeed; a failure's message carries the command and the end of its output. */
export async function mustRun(command: string, args: readonly string[], options: CommandOptions) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const tail = (text: string) => text.slice(-4000);
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${result.code}\n` +
        `stdout:\n${tail(result.stdout)}\nstderr:\n${tail(result.stderr)}`,
    );
  }
  return result;
}
