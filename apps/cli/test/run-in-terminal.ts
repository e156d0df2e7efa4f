import { spawn } from '@lydell/node-pty';
import { binPath } from './run-binary.js';

export interface TerminalRun {
  /** Everything the terminal received, escape codes included. */
  output(): string;
  /** Types into the terminal: `\x03` is Ctrl-C. */
  type(text: string): void;
  readonly exited: Promise<number>;
}

/** The built `cancel-order` in a real pseudo-terminal, so that stdout and stderr are TTYs as in a shell. */
export function runInTerminal(args: readonly string[], env: Record<string, string>): TerminalRun {
  const terminal = spawn(process.execPath, [binPath, ...args], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', ...env },
  });
  let received = '';
  terminal.onData((data) => {
    received += data;
  });
  const exited = new Promise<number>((resolve) => terminal.onExit(({ exitCode }) => resolve(exitCode)));
  return { output: () => received, type: (text) => terminal.write(text), exited };
}
