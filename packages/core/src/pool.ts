export type Source<T> = Iterable<T> | AsyncIterable<T>;

const later: (callback: () => void) => void = globalThis.setImmediate ?? queueMicrotask;

const isAsync = <T>(input: Source<T>): input is AsyncIterable<T> => Symbol.asyncIterator in Object(input);

export interface Indexed<T> {
  readonly index: number;
  readonly value: T;
}

/**
 * Maps a stream with at most `concurrency` workers, each given a group of up to `groupSize` numbered items, and
 * yields, at each wake-up, every result finished so far. Input is pulled only when a worker is free, so memory is
 * bounded by the concurrency, not the input size; a synchronous input (an array, say) is pulled without awaiting
 * each item. p-map's streaming form yields in input order (one slow item stalls the rest) and p-limit takes no
 * async input, hence this. `worker` must not reject. If the input itself fails, the items already pulled still
 * run, and running work is drained before the error surfaces.
 */
export async function* mapConcurrentBatches<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (group: Indexed<T>[]) => Promise<R>,
  groupSize = 1,
): AsyncGenerator<R[]> {
  const iterator = isAsync(input) ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  // Finished results wait here, woken once per turn of the event loop instead of racing every running promise.
  let ready: R[] = [];
  let wake: (() => void) | undefined;
  let waking = false;
  let running = 0;
  let index = 0;
  let exhausted = false;
  let inputError: { error: unknown } | undefined;
  const finished = (value: R) => {
    running--;
    ready.push(value);
    // Completions that arrive in the same turn of the event loop are taken together: one generator step for
    // them all, not one each. Where there is no setImmediate (browsers), a microtask still batches some.
    if (wake && !waking) {
      waking = true;
      later(() => {
        waking = false;
        wake?.();
      });
    }
  };
  try {
    for (;;) {
      // A finished result the consumer has not taken yet still holds its slot: that is what bounds memory.
      while (!exhausted && running + ready.length < concurrency) {
        const group: Indexed<T>[] = [];
        try {
          while (group.length < groupSize) {
            const pulled = iterator.next();
            const next = pulled instanceof Promise ? await pulled : pulled;
            if (next.done) {
              exhausted = true;
              break;
            }
            group.push({ index: index++, value: next.value });
          }
        } catch (error) {
          inputError = { error };
          exhausted = true;
        }
        if (group.length === 0) break;
        running++;
        worker(group).then(finished);
      }
      if (ready.length === 0) {
        if (running === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      const batch = ready;
      ready = [];
      yield batch;
    }
  } finally {
    if (!exhausted) await iterator.return?.(undefined);
  }
  if (inputError) throw inputError.error;
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
