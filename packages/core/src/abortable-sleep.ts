import { deadline, stoppedBy } from './deadline.js';

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const { stopped, clear } = deadline(ms, signal);
  const stop = await stopped;
  clear();
  if (stop === stoppedBy.aborted) throw signal?.reason;
}
