import { randomBytes } from 'node:crypto';

/** `run-20261201-152300-k3f9q2`: sortable by time, unique enough for concurrent producers. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(4).toString('hex')}`;
}

/** What is wrong with a run ID, or undefined. Any printable text of up to 200 characters will do. */
export function checkRunId(runId: unknown): string | undefined {
  if (typeof runId !== 'string' || runId.length === 0) return 'a run ID must be a non-empty string';
  if (runId.length > 200) return `a run ID may have at most 200 characters, not ${runId.length}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(runId))
    return `run ID ${JSON.stringify(runId)} contains whitespace or a control character`;
  return undefined;
}

export function assertRunId(runId: unknown): asserts runId is string {
  const problem = checkRunId(runId);
  if (problem) throw new TypeError(`Invalid run ID: ${problem}.`);
}
