import { type BulkCounts, type BulkEntry, BulkRunError, countEntry, emptyCounts } from './bulk.js';
import { CancelError } from './cancel-error.js';
import type { Cancellation } from './cancellation.js';
import type { CancelClient } from './client.js';
import { quoteOrderId } from './order-id.js';
import { err, type Result } from './result.js';
import type { CallOptions } from './settings.js';

/** One order at one provider: what `createCanceller` routes. */
export interface OrderReference {
  /** A client's `provider`, e.g. `zinc`. */
  readonly provider: string;
  readonly orderId: string;
}

export type OrderReferenceSource = Iterable<unknown> | AsyncIterable<unknown>;

/** One reference's result; `index` is its position in the input. */
export interface CancellerEntry {
  readonly index: number;
  /** The reference's provider as given (empty when the reference named none). */
  readonly provider: string;
  readonly orderId: string;
  readonly result: Result<Cancellation, CancelError>;
}

export interface CancellerCounts extends BulkCounts {
  /** The same counts for each provider named by a reference. */
  readonly providers: Record<string, BulkCounts>;
}

export interface CancellerReport {
  /** One entry per reference, in input order. */
  readonly results: CancellerEntry[];
  readonly counts: CancellerCounts;
}

export interface CancellerOptions extends CallOptions {
  /** Requests in flight at once, for each provider. Default: each client's own `concurrency`. */
  concurrency?: number;
  /**
   * References held for each provider ahead of its requests. A provider that falls behind (paced, slowed,
   * paused by a 429) can hold at most this many; when its share is full, reading stops until it takes one,
   * and the others carry on with what they already hold. Memory is this times the number of providers.
   * Default 1,000.
   */
  readAhead?: number;
  /** Called with each entry as soon as it finishes. */
  onResult?: (entry: CancellerEntry) => void;
  /**
   * A gentler stop than `signal`: once aborted, no further reference is read and no further request starts;
   * references already read end as `aborted` with nothing sent (`attempts: 0`), and requests in flight finish.
   * What a command does when its reader goes away, or a worker asked to shut down.
   */
  stopSignal?: AbortSignal;
}

export interface Canceller {
  /** The providers it has clients for. */
  readonly providers: readonly string[];
  /** Cancels one order at its provider. Never throws, not even for a malformed reference. */
  cancelOrder(reference: OrderReference, options?: CallOptions): Promise<Result<Cancellation>>;
  /** One entry per reference, in input order, with counts overall and per provider. */
  cancelOrders(references: OrderReferenceSource, options?: CancellerOptions): Promise<CancellerReport>;
  /** The streaming form: entries as they complete, memory bounded by concurrency and `readAhead`. */
  streamCancelOrders(
    references: OrderReferenceSource,
    options?: CancellerOptions,
  ): AsyncGenerator<CancellerEntry>;
}

const defaultReadAhead = 1000;

/**
 * Routes `{ provider, orderId }` references to the client of their provider. Each provider runs through its
 * own client's bulk form (its pacing, its concurrency, Fincart's native batches), fed by a lane of its own, so
 * a slow or rate-limited provider never holds the requests of another back.
 */
export function createCanceller(clients: Iterable<CancelClient>): Canceller {
  const byProvider = new Map<string, CancelClient>();
  for (const client of clients) {
    if (typeof client?.provider !== 'string' || typeof client.streamCancelOrders !== 'function') {
      throw new TypeError('createCanceller takes provider clients, such as createZinc() or createFincart()');
    }
    if (byProvider.has(client.provider)) {
      throw new TypeError(`createCanceller got two clients for ${client.provider}; pass one per provider`);
    }
    byProvider.set(client.provider, client);
  }
  const route = (reference: unknown) => routeReference(reference, byProvider);
  return {
    providers: [...byProvider.keys()],
    async cancelOrder(reference, options) {
      const routed = route(reference);
      return 'error' in routed ? routed.error : routed.client.cancelOrder(routed.orderId, options);
    },
    cancelOrders: (references, options) => cancelAll(references, byProvider, options),
    streamCancelOrders: (references, options) => streamReferences(references, byProvider, options),
  };
}

/** Adds one entry to counts overall and for its provider. */
export function countCancellerEntry(counts: CancellerCounts, entry: CancellerEntry): CancellerCounts {
  countEntry(counts, entry as BulkEntry);
  const { providers } = counts;
  if (entry.provider === '') return counts;
  // Defined, not assigned: a reference naming `__proto__` as its provider must not reach Object.prototype.
  if (!Object.hasOwn(providers, entry.provider)) {
    Object.defineProperty(providers, entry.provider, {
      value: emptyCounts(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  countEntry(providers[entry.provider]!, entry as BulkEntry);
  return counts;
}

/**
 * The report form. When `onResult` or the source throws, the run stops taking references, lets what it took
 * finish (references read but not sent end as `aborted`, nothing sent), and rejects with a `BulkRunError` whose
 * `report` has an entry for every reference it took, as a client's `cancelOrders` does.
 */
async function cancelAll(
  references: OrderReferenceSource,
  clients: ReadonlyMap<string, CancelClient>,
  { onResult, stopSignal, ...options }: CancellerOptions = {},
): Promise<CancellerReport> {
  checkSource(references);
  const stop = new AbortController();
  const results: CancellerEntry[] = [];
  const counts: CancellerCounts = { ...emptyCounts(), providers: {} };
  let thrown: { what: string; cause: unknown } | undefined;
  const stream = streamReferences(references, clients, {
    ...options,
    stopSignal: stopSignal ? AbortSignal.any([stopSignal, stop.signal]) : stop.signal,
  });
  try {
    for await (const entry of stream) {
      results[entry.index] = entry;
      countCancellerEntry(counts, entry);
      if (thrown) continue;
      try {
        onResult?.(entry);
      } catch (cause) {
        thrown = { what: 'onResult', cause };
        stop.abort();
      }
    }
  } catch (cause) {
    thrown ??= { what: 'the reference source', cause };
  }
  if (!thrown) return { results, counts };
  const reason = thrown.cause instanceof Error ? thrown.cause.message : String(thrown.cause);
  throw new BulkRunError(
    `The run across providers stopped early: ${thrown.what} threw (${reason}). error.report has the result of each reference it took; no other was sent.`,
    { results, counts },
    thrown.cause,
  );
}

function checkSource(source: unknown): asserts source is OrderReferenceSource {
  if (typeof source === 'string' || !isIterable(source)) {
    throw new TypeError(
      'cancelOrders takes an iterable or async iterable of { provider, orderId } references',
    );
  }
}

type Routed =
  | { readonly client: CancelClient; readonly provider: string; readonly orderId: string }
  | { readonly provider: string; readonly orderId: string; readonly error: Result<never, CancelError> };

/** A reference's client, or why it has none: malformed references and unknown providers are `invalid_input`. */
function routeReference(reference: unknown, clients: ReadonlyMap<string, CancelClient>): Routed {
  const fields =
    typeof reference === 'object' && reference !== null ? (reference as Record<string, unknown>) : {};
  const provider = typeof fields.provider === 'string' ? fields.provider : '';
  const orderId = typeof fields.orderId === 'string' ? fields.orderId : '';
  const invalid = (message: string): Routed => ({
    provider,
    orderId,
    error: err(
      new CancelError({ code: 'invalid_input', provider, orderId, message: `${message} Nothing was sent.` }),
    ),
  });
  if (typeof reference !== 'object' || reference === null) {
    return invalid(
      `Expected a reference such as { provider: 'zinc', orderId: '…' }, got ${quoteOrderId(reference)}.`,
    );
  }
  if (typeof fields.provider !== 'string') {
    return invalid(`A reference needs \`provider\` as a string, got ${quoteOrderId(fields.provider)}.`);
  }
  const client = clients.get(provider);
  if (!client) {
    const known = [...clients.keys()].join(', ') || 'none';
    return invalid(
      `No client for provider ${quoteOrderId(provider)} (clients given: ${known}); pass one to createCanceller.`,
    );
  }
  if (typeof fields.orderId !== 'string') {
    return invalid(`A reference needs \`orderId\` as a string, got ${quoteOrderId(fields.orderId)}.`);
  }
  return { client, provider, orderId };
}

/**
 * The reader routes each reference into its provider's lane (waiting when that lane is full) or, when it has
 * no client, straight to the output; each lane runs its client's streaming bulk form; the output is bounded
 * too, so a consumer that stops reading stops the lanes.
 */
async function* streamReferences(
  source: OrderReferenceSource,
  clients: ReadonlyMap<string, CancelClient>,
  options: CancellerOptions = {},
): AsyncGenerator<CancellerEntry> {
  if (typeof source === 'string' || !isIterable(source)) {
    throw new TypeError(
      'cancelOrders takes an iterable or async iterable of { provider, orderId } references',
    );
  }
  const { readAhead = defaultReadAhead, onResult, stopSignal, ...bulkOptions } = options;
  const laneSize = Number.isInteger(readAhead) && readAhead > 0 ? readAhead : defaultReadAhead;
  const output = new Channel<CancellerEntry>(Math.max(64, laneSize));
  const failures: unknown[] = [];
  const lanes = new Map<string, Channel<LaneItem>>();
  const running: Promise<void>[] = [];
  const laneFor = (client: CancelClient) => {
    let lane = lanes.get(client.provider);
    if (!lane) {
      lane = new Channel<LaneItem>(laneSize);
      lanes.set(client.provider, lane);
      running.push(
        runLane(client, lane, output, bulkOptions, stopSignal).catch((error: unknown) => {
          failures.push(error);
        }),
      );
    }
    return lane;
  };
  const stopped = stopWhen([bulkOptions.signal, stopSignal]);
  const reading = (async () => {
    let index = 0;
    try {
      for await (const reference of pull(source, stopped.promise)) {
        if (output.closed || stopSignal?.aborted) break;
        const routed = routeReference(reference, clients);
        const at = index++;
        if ('error' in routed) await output.push({ index: at, ...routed, result: routed.error });
        else await laneFor(routed.client).push({ index: at, orderId: routed.orderId });
      }
    } catch (error) {
      failures.push(error);
    } finally {
      for (const lane of lanes.values()) lane.close();
      await Promise.all(running);
      output.close();
    }
  })();
  try {
    for await (const entry of output) {
      onResult?.(entry);
      yield entry;
    }
  } finally {
    // A consumer that stops early: nothing more is read or sent, and what is in flight finishes.
    stopped.stop();
    output.close();
    for (const lane of lanes.values()) lane.close(true);
    await reading;
  }
  if (failures.length > 0) throw failures[0];
}

/** Settles once either signal aborts or `stop()` is called: the moment to stop waiting on a stalled source. */
function stopWhen(signals: readonly (AbortSignal | undefined)[]) {
  let resolve!: (mark: typeof stopMark) => void;
  const promise = new Promise<typeof stopMark>((settle) => {
    resolve = settle;
  });
  // Also called when the run ends, so that a long-lived signal keeps no listener of a finished run.
  const stop = () => {
    for (const signal of signals) signal?.removeEventListener('abort', stop);
    resolve(stopMark);
  };
  for (const signal of signals) {
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  }
  return { promise, stop };
}

const stopMark = Symbol('stopped');

/**
 * The source's items until it ends or `stopped` settles, whichever comes first: an async source that stalls
 * (a pipe nobody writes to) must not keep an aborted run, or one whose consumer left, waiting for ever.
 */
async function* pull(
  source: OrderReferenceSource,
  stopped: Promise<typeof stopMark>,
): AsyncGenerator<unknown> {
  if (!(Symbol.asyncIterator in source)) {
    yield* source as Iterable<unknown>;
    return;
  }
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      const next = iterator.next();
      const step = await Promise.race([next, stopped]);
      if (step === stopMark) {
        // Left pending: its eventual answer (or failure) is nobody's concern any more.
        next.catch(() => undefined);
        return;
      }
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

interface LaneItem {
  readonly index: number;
  readonly orderId: string;
}

/** One provider's references through its client's streaming bulk form, entries renumbered to input positions. */
async function runLane(
  client: CancelClient,
  lane: Channel<LaneItem>,
  output: Channel<CancellerEntry>,
  options: CallOptions,
  stopSignal: AbortSignal | undefined,
): Promise<void> {
  const positions = new Map<number, LaneItem>();
  let pulled = 0;
  const { provider } = client;
  const notSent = (item: LaneItem) => {
    const message = `Not sent to ${provider}: the run stopped before this order's turn.`;
    const error = new CancelError({ code: 'aborted', provider, orderId: item.orderId, message });
    return output.push({ index: item.index, provider, orderId: item.orderId, result: err(error) });
  };
  async function* orderIds() {
    for await (const item of lane) {
      if (stopSignal?.aborted) {
        await notSent(item);
        continue;
      }
      positions.set(pulled++, item);
      yield item.orderId;
    }
  }
  try {
    for await (const entry of client.streamCancelOrders(orderIds(), options)) {
      const item = positions.get(entry.index)!;
      positions.delete(entry.index);
      await output.push({ index: item.index, provider, orderId: entry.orderId, result: entry.result });
    }
    // An aborted client takes no more IDs: what it took without answering and what is still queued was not sent.
    for (const item of positions.values()) await notSent(item);
    for await (const item of lane) await notSent(item);
  } finally {
    // Whatever ended the lane, the reader must never wait on it again.
    lane.close();
  }
}

const isIterable = (value: unknown): value is OrderReferenceSource =>
  typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);

/**
 * A bounded queue with one reader and any number of writers (the output has the reader and every lane):
 * `push` waits while it is full, the reader waits while it is empty. Closing it ends the reader after what is
 * queued and turns later pushes into no-ops.
 */
class Channel<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #head = 0;
  #closed = false;
  #readerWaiting: (() => void) | undefined;
  // One entry per waiting writer: a single slot would lose the wake-up of all but the last one to wait.
  readonly #writersWaiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get closed(): boolean {
    return this.#closed;
  }

  async push(item: T): Promise<void> {
    while (!this.#closed && this.#items.length - this.#head >= this.capacity) {
      await new Promise<void>((resolve) => {
        this.#writersWaiting.push(resolve);
      });
    }
    if (this.#closed) return;
    this.#items.push(item);
    this.#wakeReader();
  }

  /** `drop` also discards what is queued and not yet taken. */
  close(drop = false): void {
    this.#closed = true;
    if (drop) {
      this.#items = [];
      this.#head = 0;
    }
    this.#wakeReader();
    for (const wake of this.#writersWaiting.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#head < this.#items.length) {
        const item = this.#items[this.#head++]!;
        // Compacted now and then, not on every take: shifting an array is linear.
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
          this.#items = this.#items.slice(this.#head);
          this.#head = 0;
        }
        // A slot is free: one waiting writer takes it (it checks again, in case another was quicker).
        this.#writersWaiting.shift()?.();
        yield item;
      } else if (this.#closed) return;
      else {
        await new Promise<void>((resolve) => {
          this.#readerWaiting = resolve;
        });
      }
    }
  }

  #wakeReader(): void {
    const wake = this.#readerWaiting;
    this.#readerWaiting = undefined;
    wake?.();
  }
}
