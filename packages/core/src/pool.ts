export type Source<T> = Iterable<T> | AsyncIterable<T>;

const isAsync = <T>(input: Source<T>): input is AsyncIterable<T> => Symbol.asyncIterator in Object(input);

/**
 * Numbers a stream's items and groups them into arrays of at most `size`, pulling no further ahead than one
 * group. A synchronous input (an array, say) stays synchronous: awaiting each of 100,000 IDs would cost every
 * bulk run a promise and a tick per ID for nothing.
 */
export function indexedGroups<T>(input: Source<T>, size: number): Source<{ index: number; value: T }[]> {
  return isAsync(input) ? groupAsync(input, size) : groupSync(input, size);
}

function* groupSync<T>(input: Iterable<T>, size: number) {
  let group: { index: number; value: T }[] = [];
  let index = 0;
  for (const value of input) {
    group.push({ index: index++, value });
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

async function* groupAsync<T>(input: AsyncIterable<T>, size: number) {
  let group: { index: number; value: T }[] = [];
  let index = 0;
  for await (const value of input) {
    group.push({ index: index++, value });
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

/**
 * Maps a stream with at most `concurrency` workers and yields, at each wake-up, every result finished so far.
 * Input is pulled only when a worker is free, so memory is bounded by the concurrency, not the input size.
 * p-map's streaming form yields in input order (one slow item stalls the rest) and p-limit takes no async
 * input, hence this. `worker` must not reject. If the input itself fails, running work is drained before the
 * error surfaces.
 */
export async function* mapConcurrentBatches<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (item: T) => Promise<R>,
): AsyncGenerator<R[]> {
  const iterator = isAsync(input) ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  // Finished results wait here; one wake-up per completion instead of racing every running promise each time.
  let ready: R[] = [];
  let wake: (() => void) | undefined;
  let running = 0;
  let exhausted = false;
  let inputError: { error: unknown } | undefined;
  const finished = (value: R) => {
    running--;
    ready.push(value);
    wake?.();
  };
  try {
    for (;;) {
      // A finished result the consumer has not taken yet still holds its slot: that is what bounds memory.
      while (!exhausted && running + ready.length < concurrency) {
        let next: IteratorResult<T>;
        try {
          const pulled = iterator.next();
          next = pulled instanceof Promise ? await pulled : pulled;
        } catch (error) {
          inputError = { error };
          exhausted = true;
          break;
        }
        if (next.done) {
          exhausted = true;
          break;
        }
        running++;
        worker(next.value).then(finished);
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

/** `mapConcurrentBatches`, one result at a time. */
export async function* mapConcurrent<T, R>(
  input: Source<T>,
  concurrency: number,
  worker: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  for await (const batch of mapConcurrentBatches(input, concurrency, worker)) yield* batch;
}
