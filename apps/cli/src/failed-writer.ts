import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { failedHeader } from './csv-row.js';
import { fileProblem } from './env-file.js';
import { UsageError } from './usage-error.js';

export interface FailedWriter {
  append(line: string): void;
  /** Puts the file in place; `count` lines were written. */
  close(): void;
  readonly count: number;
}

/**
 * Writes `--failed` beside its final path and renames it into place at the end, so that
 * `--file failed.csv --failed failed.csv` (retrying the failures of the last run) reads the old list whole
 * while it writes the new one.
 */
export function openFailed(path: string): FailedWriter {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let descriptor: number;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
      throw Object.assign(new Error(), { code: 'EISDIR' });
    descriptor = openSync(partial, 'w');
  } catch (error) {
    throw new UsageError(`Cannot write --failed ${path}: ${fileProblem(error)}. Nothing was sent.`);
  }
  writeSync(descriptor, `${failedHeader}\n`);
  let count = 0;
  return {
    append(line) {
      writeSync(descriptor, `${line}\n`);
      count++;
    },
    close() {
      closeSync(descriptor);
      try {
        renameSync(partial, path);
      } catch (error) {
        rmSync(partial, { force: true });
        throw new UsageError(`Cannot write --failed ${path}: ${fileProblem(error)}.`);
      }
    },
    get count() {
      return count;
    },
  };
}
