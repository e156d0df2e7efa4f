import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../src/cli-io.js';

/** Captures what the command writes; stdin gives `input`. Neither stream is a TTY, so no colours and no bar. */
export function fakeIo(options: { env?: Record<string, string>; input?: string } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const io: CliIo = {
    stdin: Readable.from([options.input ?? '']),
    stdout,
    stderr,
    env: options.env ?? {},
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    jsonLines: () =>
      out
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
