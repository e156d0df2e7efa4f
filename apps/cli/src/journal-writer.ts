import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { fileProblem } from './env-file.js';
import { UsageError } from './usage-error.js';

export interface JournalWriter {
  append(line: string): void;
  close(): void;
}

/**
 * Each line is one synchronous write(2) of the whole line: once `append` returns, the line is in the kernel and
 * survives the process being killed at any moment. At worst a kill mid-write leaves a cut-off last line, which
 * the resume reader skips and which the next run closes with a newline before appending.
 */
export function openJournal(path: string): JournalWriter {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'a+');
  } catch (error) {
    throw new UsageError(`Cannot write --journal ${path}: ${fileProblem(error)}. Nothing was sent.`);
  }
  if (endsMidLine(descriptor)) writeSync(descriptor, '\n');
  return {
    append: (line) => {
      writeSync(descriptor, `${line}\n`);
    },
    close: () => closeSync(descriptor),
  };
}

function endsMidLine(descriptor: number): boolean {
  const { size } = fstatSync(descriptor);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(descriptor, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
