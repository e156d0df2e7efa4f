import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { fileProblem } from './env-file.js';
import { readLines } from './read-lines.js';
import { referenceKey } from './reference-key.js';
import { UsageError } from './usage-error.js';

export interface JournalSummary {
  /** Orders already cancelled (any outcome), by `referenceKey`, to be skipped: every provider's. */
  readonly succeeded: Set<string>;
  /** Lines that are not JSON: a line cut off by a kill, or text that does not belong there. */
  readonly unreadable: number;
  readonly exists: boolean;
}

/** Streams the journal; only the IDs of successes stay in memory. */
export async function readJournal(path: string): Promise<JournalSummary> {
  const succeeded = new Set<string>();
  try {
    await access(path);
  } catch {
    return { succeeded, unreadable: 0, exists: false };
  }
  let unreadable = 0;
  try {
    for await (const line of readLines(createReadStream(path))) {
      if (line.trim() === '') continue;
      const entry = parse(line);
      if (!entry) unreadable++;
      else if (entry.ok === true && typeof entry.provider === 'string' && typeof entry.orderId === 'string') {
        succeeded.add(referenceKey(entry.provider, entry.orderId));
      }
    }
  } catch (error) {
    throw new UsageError(`Cannot read --journal ${path} to resume: ${fileProblem(error)}. Nothing was sent.`);
  }
  return { succeeded, unreadable, exists: true };
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
