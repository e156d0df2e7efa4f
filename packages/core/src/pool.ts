async function* toAsync<T>(input: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* input;
}

/** Groups a stream into arrays of at most `size`, pulling no further ahead than one group. */
export async function* chunk<T>(input: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const item of toAsync(input)) {
    group.push(item);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length) yield group;
}

/**
 * Maps a stream with at most `concurrency` workers and yields results as they complete. Input is pulled only
 * when a worker is free, so memory is bounded by the concurrency, not the input size. p-map's streaming form
 * yields in input order (one slow item stalls the rest) and p-limit takes no async input, hence this.
 * `worker` must not reject. If the input itself fails, running work is drained before the error surfaces.
 */
export async function* mapConcurrent<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  worker: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = toAsync(input);
  // Finished results wait here; one wake-up per completion instead of racing every running promise each time.
  const ready: R[] = [];
  let wake: (() => void) | undefined;
  let running = 0;
  let exhausted = false;
  let inputError: { error: unknown } | undefined;
  try {
    for (;;) {
      // A finished result the consumer has not taken yet still holds its slot: that is what bounds memory.
      while (!exhausted && running + ready.length < concurrency) {
        let next: IteratorResult<T>;
        try {
          next = await iterator.next();
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
        worker(next.value).then((value) => {
          running--;
          ready.push(value);
          wake?.();
        });
      }
      if (ready.length === 0) {
        if (running === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      // Shifting a short array is cheap: it never holds more than the concurrency.
      yield ready.shift()!;
    }
  } finally {
    if (!exhausted) await iterator.return(undefined);
  }
  if (inputError) throw inputError.error;
}
