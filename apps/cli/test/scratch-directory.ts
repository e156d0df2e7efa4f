import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
// Registered when a test file imports this module, so each file removes the folders it made.
afterAll(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A new folder under the system's temporary folder for a test's files, removed when its test file ends. */
export function scratchDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'cancel-cli-'));
  made.push(directory);
  return directory;
}
