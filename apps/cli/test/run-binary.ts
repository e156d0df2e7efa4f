import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface BinaryRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The built `cancel-order`, started as a user would. The environment is only what the test passes (plus PATH),
 * so a key in the developer's own shell cannot leak in.
 */
export function startBinary(
  args: readonly string[],
  /** `stdinOpen`: write `input` and keep stdin open, as a pipe whose writer has not finished. */
  options: { env?: Record<string, string>; input?: string; stdinOpen?: boolean } = {},
): { child: ChildProcessWithoutNullStreams; done: Promise<BinaryRun> } {
  const child = spawn(process.execPath, [binPath, ...args], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  const done = new Promise<BinaryRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  // A binary that exits before reading its input (a missing --file, say) closes stdin; that EPIPE is not a failure.
  child.stdin.on('error', () => {});
  if (options.stdinOpen) child.stdin.write(options.input ?? '');
  else child.stdin.end(options.input ?? '');
  return { child, done };
}

export function runBinary(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<BinaryRun> {
  return startBinary(args, options).done;
}

export function parseJsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Polls until `condition` holds: synchronisation with a child process, not a timing assertion. */
export async function waitFor(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
