export type Source<T> = Iterable<T> | AsyncIterable<T>;

const later: (callback: () => void) => void = globalThis.setImmediate ?? queueMicrotask;
// A pull still pending after this has found the input paused; a microtask would be too soon in browsers.
const afterTurn: (callback: () => void) => void = globalThis.setImmediate ?? setTimeout;

const isAsync = <T>(input: Source<T>): input is AsyncIterable<T> => Symbol.asyncIterator in Object(input);

export interface Indexed<T> {
  readonly index: number;
  readonly value: T;
}

export interface PoolOptions {
  /** Items per worker call; a group goes out smaller when the input ends, pauses, or the run stops. */
  readonly groupSize?: number;
  /** Once aborted, an async input is pulled no further, even mid-pull; see mapConcurrentBatches. */
  readonly signal?: AbortSignal | undefined;
  /** Checked before each pull: once true, nothing more is pulled, synchronous input included; running work drains. */
  readonly stopWhen?: () => boolean;
}

/**
 * Maps a stream with at most `concurrency` workers, each given a group of up to `groupSize` numbered items, and
 * yields, at each wake-up, every result finished so far. Input is pulled only when a worker is free, so memory is
 * bounded by the concurrency, not the input size; a synchronous input (an array, say) is pulled without awaiting
 * each item. p-map's streaming form yields in input order (one slow item stalls the rest) and p-limit takes no
 * async input, hence this.
 *
 * The pool waits on its input, its running work and `signal` together, so a result is yielded as soon as it is
 * ready even while an async input takes its time over the next item, and a group that is not full goes out once a
 * pull has waited a turn of the event loop: a paused input never holds back what it gave. Once `signal` aborts,
 * an async input is pulled no further (a pending pull is given up and the input closed without waiting for it); a
 * synchronous one is still read to its end, so every item reaches the worker, which is expected to answer those at
 * once. If the input or a worker fails, or `stopWhen` says so, nothing more is pulled, running work is drained and
 * yielded, and then the error (if any) is thrown.
 */
export async function* mapConcurrentBatches<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (group: Indexed<T>[]) => Promise<R>,
  { groupSize = 1, signal, stopWhen }: PoolOptions = {},
): AsyncGenerator<R[]> {
  const limit = Math.max(concurrency, 1) || 1; // NaN or 0 would otherwise never pull
  let ready: R[] = [];
  let group: Indexed<T>[] = [];
  let running = 0;
  let index = 0;
  let stopped = false; // nothing more is pulled: the input ended or failed, a worker failed, or the run was stopped
  let failure: { error: unknown } | undefined;
  const alarm = wakeUps();
  const stop = (error?: { error: unknown }) => {
    failure ??= error;
    stopped = true;
    reader.giveUp();
    alarm.now();
  };
  const dispatch = () => {
    running++;
    worker(group).then(
      (value) => {
        running--;
        ready.push(value);
        alarm.soon();
      },
      (error: unknown) => {
        running--;
        stop({ error });
      },
    );
    group = [];
  };
  const take = (next: IteratorResult<T>) => {
    if (next.done) stopped = true;
    else group.push({ index: index++, value: next.value });
    if (group.length === groupSize || (stopped && group.length > 0)) dispatch();
    alarm.now();
  };
  // A group half full goes out when the input pauses, so a slow source never holds back the IDs it gave.
  const flush = groupSize > 1 ? () => group.length > 0 && dispatch() : undefined;
  const reader = inputReader(input, take, (error) => stop({ error }), flush);
  signal?.addEventListener('abort', alarm.now);
  try {
    for (;;) {
      if (!stopped && ((reader.asynchronous && signal?.aborted) || stopWhen?.())) stop();
      if (stopped && group.length > 0) dispatch();
      // A finished result the consumer has not taken yet still holds its slot: that is what bounds memory.
      while (!stopped && !reader.pending && running + ready.length < limit) reader.pull();
      if (ready.length === 0) {
        if (running === 0 && stopped) break;
        await alarm.sleep();
        continue;
      }
      const batch = ready;
      ready = [];
      yield batch;
    }
  } finally {
    signal?.removeEventListener('abort', alarm.now);
    await reader.close();
  }
  if (failure) throw failure.error;
}

/**
 * The pool's one sleeper, woken at once (an item pulled, a failure, an abort) or at the end of the current turn of
 * the event loop (finished work): completions that arrive in the same turn are taken together, one generator step
 * for them all, not one each. Where there is no setImmediate (browsers), a microtask still batches some.
 */
function wakeUps() {
  let wake: (() => void) | undefined;
  let waking = false;
  const now = () => wake?.();
  return {
    now,
    soon() {
      if (!wake || waking) return;
      waking = true;
      later(() => {
        waking = false;
        now();
      });
    },
    sleep: () =>
      new Promise<void>((resolve) => {
        wake = () => {
          wake = undefined;
          resolve();
        };
      }),
  };
}

/**
 * Reads an input one item at a time: at once from an iterable, and from an async iterable one pull at a time,
 * answering through `onPulled` whenever the item comes, so that the pool never waits on its input alone.
 */
function inputReader<T>(
  input: Source<T>,
  onPulled: (next: IteratorResult<T>) => void,
  onFailed: (error: unknown) => void,
  onPaused?: () => void,
) {
  const asynchronous = isAsync(input);
  const iterator = asynchronous ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  let ended = false; // the input said it is done, or threw: there is nothing to close
  let pulls = 0; // a pull's answer counts only while no later pull or giveUp has superseded it
  const pulled = (next: IteratorResult<T>) => {
    ended = next.done === true;
    onPulled(next);
  };
  const failed = (error: unknown) => {
    ended = true;
    onFailed(error);
  };
  const reader = {
    asynchronous,
    /** An async pull is under way. */
    pending: false,
    pull() {
      try {
        if (!asynchronous) return pulled(iterator.next() as IteratorResult<T>);
        const pull = ++pulls;
        reader.pending = true;
        if (onPaused) afterTurn(() => pull === pulls && reader.pending && onPaused());
        (iterator.next() as Promise<IteratorResult<T>>).then(
          (next) => {
            if (pull !== pulls) return; // given up on
            reader.pending = false;
            pulled(next);
          },
          (error: unknown) => {
            if (pull !== pulls) return;
            reader.pending = false;
            failed(error);
          },
        );
      } catch (error) {
        failed(error);
      }
    },
    /** Drops the answer of a pull under way, whenever it comes. */
    giveUp() {
      pulls++;
    },
    /**
     * Lets the input clean up (close a file, say) when the pool stops early, but never waits on an async generator
     * busy with a pull: it would run `return()` only after that pull, which may never come.
     */
    async close() {
      if (ended) return;
      const closing = Promise.resolve(iterator.return?.()).catch(() => {});
      if (!reader.pending) await closing;
    },
  };
  return reader;
}

/** Maps a stream with at most `concurrency` workers and yields results as they complete; see above. */
export async function* mapConcurrent<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  for await (const batch of mapConcurrentBatches(input, concurrency, (group) => worker(group[0]!.value)))
    yield* batch;
}
