export type Source<T> = Iterable<T> | AsyncIterable<T>;

const later: (callback: () => void) => void = globalThis.setImmediate ?? queueMicrotask;

const isAsync = <T>(input: Source<T>): input is AsyncIterable<T> => Symbol.asyncIterator in Object(input);

export interface Indexed<T> {
  readonly index: number;
  readonly value: T;
}

export interface PoolOptions {
  /** Items per worker call; the last group may be smaller. */
  readonly groupSize?: number;
  /** Once aborted, an async input is pulled no further, even mid-pull; see mapConcurrentBatches. */
  readonly signal?: AbortSignal | undefined;
  /** Checked before each pull of an async input: once true, it is pulled no further, as after an abort. */
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
 * ready even while an async input takes its time over the next item. Once `signal` aborts, an async input is
 * pulled no further (a pending pull is given up and the input closed without waiting for it); a synchronous one is
 * still read to its end, so every item reaches the worker, which is expected to answer those at once. If the input
 * or a worker fails, nothing more is pulled, running work is drained and yielded, and then the error is thrown.
 */
export async function* mapConcurrentBatches<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (group: Indexed<T>[]) => Promise<R>,
  { groupSize = 1, signal, stopWhen }: PoolOptions = {},
): AsyncGenerator<R[]> {
  const limit = Math.max(concurrency, 1) || 1; // NaN or 0 would otherwise never pull
  const asynchronous = isAsync(input);
  const iterator = asynchronous ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  let ready: R[] = [];
  let group: Indexed<T>[] = [];
  let running = 0;
  let index = 0;
  let ended = false; // the input said it is done, or threw: nothing to close
  let stopped = false; // nothing more is pulled
  let pending = false; // an async pull is under way
  let pulls = 0; // a pull's answer counts only while no later pull or stop has superseded it
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let waking = false;

  const wakeNow = () => wake?.();
  const stop = (error?: { error: unknown }) => {
    failure ??= error;
    stopped = true;
    pulls++;
  };
  // Completions that arrive in the same turn of the event loop are taken together: one generator step for them
  // all, not one each. Where there is no setImmediate (browsers), a microtask still batches some.
  const finished = (value: R) => {
    running--;
    ready.push(value);
    if (wake && !waking) {
      waking = true;
      later(() => {
        waking = false;
        wakeNow();
      });
    }
  };
  const dispatch = () => {
    running++;
    worker(group).then(finished, (error: unknown) => {
      running--;
      stop({ error });
      wakeNow();
    });
    group = [];
  };
  const take = (next: IteratorResult<T>) => {
    if (next.done) ended = stopped = true;
    else group.push({ index: index++, value: next.value });
    if (group.length === groupSize || (stopped && group.length > 0)) dispatch();
  };
  const pullAsync = () => {
    const pull = ++pulls;
    pending = true;
    (iterator.next() as Promise<IteratorResult<T>>).then(
      (next) => {
        if (pull !== pulls) return;
        pending = false;
        take(next);
        wakeNow();
      },
      (error: unknown) => {
        if (pull !== pulls) return;
        pending = false;
        ended = true;
        stop({ error });
        wakeNow();
      },
    );
  };
  signal?.addEventListener('abort', wakeNow);
  try {
    for (;;) {
      if (asynchronous && !stopped && (signal?.aborted || stopWhen?.())) stop();
      if (stopped && group.length > 0) dispatch();
      // A finished result the consumer has not taken yet still holds its slot: that is what bounds memory.
      while (!stopped && !pending && running + ready.length < limit) {
        try {
          if (asynchronous) pullAsync();
          else take(iterator.next() as IteratorResult<T>);
        } catch (error) {
          ended = true;
          stop({ error });
        }
      }
      if (ready.length === 0) {
        if (running === 0 && stopped) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const batch = ready;
      ready = [];
      yield batch;
    }
  } finally {
    signal?.removeEventListener('abort', wakeNow);
    // Lets the input clean up (close a file, say), but never waits on an async generator busy with a pull: it would
    // run return() only after that pull, which may never come.
    if (!ended) {
      const closing = Promise.resolve(iterator.return?.()).catch(() => {});
      if (!pending) await closing;
    }
  }
  if (failure) throw failure.error;
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
