/** What a deadline resolves to: objects, so that no value raced against one can pass for them. */
export const stoppedBy = { timeout: { stop: 'timeout' }, aborted: { stop: 'aborted' } } as const;
export type Stopped = (typeof stoppedBy)[keyof typeof stoppedBy];

/**
 * A promise that resolves when `ms` pass or `signal` aborts, for racing work that may never settle by itself (a body
 * that trickles, a credential function that hangs). `clear()` lets go of its timer and listener.
 */
export function deadline(ms: number | undefined, signal: AbortSignal | undefined) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const stopped = new Promise<Stopped>((resolve) => {
    if (ms !== undefined) timer = setTimeout(() => resolve(stoppedBy.timeout), ms);
    onAbort = () => resolve(stoppedBy.aborted);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
  });
  const clear = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  return { stopped, clear };
}
