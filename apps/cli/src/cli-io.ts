/** Where the command reads and writes; the real process in bin.ts, fakes in tests. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts on Ctrl-C: a run stops taking new orders and lets the ones in flight finish or abort. */
  readonly interrupt?: AbortSignal;
}

export function processIo(interrupt: AbortSignal): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupt,
  };
}
