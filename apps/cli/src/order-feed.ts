import {
  type CancelClient,
  CancelError,
  type Cancellation,
  countEntry,
  emptyCounts,
  err,
  type OrderReference,
  type Result,
} from '@cancel/core';
import { closestName } from './closest-name.js';
import type { RunEntry } from './json-line.js';
import type { RunPlan } from './prepare-run.js';
import { isProblem } from './read-references.js';
import { referenceKey } from './reference-key.js';

const localQueueLimit = 256;

/**
 * Turns the plan's input into the references the canceller sends, and keeps what never needs a request:
 * orders the journal says succeeded (skipped), orders named again (sent once, reported for every occurrence),
 * and lines of a stream that name no usable order (reported as `invalid_input`). Those wait in a short local
 * queue that the run drains between the canceller's entries.
 */
export class OrderFeed {
  duplicates = 0;
  /** True once the whole input was read: a run that stopped before then left some of it unread. */
  exhausted = false;
  readonly #local: RunEntry[] = [];
  #wake: (() => void) | undefined;
  #drained: (() => void) | undefined;
  /** Finished results of orders that may be named again; undefined while the first is in flight. */
  readonly #results = new Map<string, Result<Cancellation, CancelError> | undefined>();
  readonly #waiting = new Map<string, number>();

  constructor(
    private readonly plan: RunPlan,
    private readonly stop: AbortSignal,
    private readonly onSkip: (provider: string) => void,
  ) {}

  async *references(): AsyncGenerator<OrderReference> {
    const ids = this.plan.known.map((candidate) => candidate.spec.id);
    const mayRepeat = (key: string) => !this.plan.scan || this.plan.scan.duplicates.has(key);
    for await (const item of this.plan.items(this.plan.comments?.see)) {
      if (this.stop.aborted) return;
      if (isProblem(item)) {
        await this.#push(invalidEntry('', '', `Line ${item.line}: ${item.problem}.`));
        continue;
      }
      const { provider, orderId } = item;
      if (!ids.includes(provider)) {
        const suggestion = closestName(provider, ids);
        const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
        await this.#push(invalidEntry(provider, orderId, `Line ${item.line}: unknown provider.${hint}`));
        continue;
      }
      const key = referenceKey(provider, orderId);
      if (this.plan.resumed?.succeeded.has(key)) {
        this.onSkip(provider);
        continue;
      }
      if (this.#results.has(key)) {
        await this.#repeat(key, provider, orderId);
        continue;
      }
      if (mayRepeat(key)) this.#results.set(key, undefined);
      yield { provider, orderId };
    }
    this.exhausted = true;
  }

  /** Entries that were answered without the canceller, taken in the order they came. */
  takeLocal(): RunEntry[] {
    const taken = this.#local.splice(0);
    this.#drained?.();
    return taken;
  }

  /** Resolves when a local entry is waiting. */
  localReady(): Promise<void> {
    if (this.#local.length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** The canceller's entry for an order, followed by one for each later occurrence that waited on it. */
  finished(entry: RunEntry): RunEntry[] {
    const key = referenceKey(entry.provider, entry.orderId);
    if (!this.#results.has(key)) return [entry];
    this.#results.set(key, slim(entry.result));
    const waiting = this.#waiting.get(key) ?? 0;
    this.#waiting.delete(key);
    return [entry, ...Array.from({ length: waiting }, () => ({ ...entry, duplicate: true }))];
  }

  async #repeat(key: string, provider: string, orderId: string): Promise<void> {
    this.duplicates++;
    const result = this.#results.get(key);
    if (result) await this.#push({ provider, orderId, result, duplicate: true });
    else this.#waiting.set(key, (this.#waiting.get(key) ?? 0) + 1);
  }

  async #push(entry: RunEntry): Promise<void> {
    this.#local.push(entry);
    this.#wake?.();
    this.#wake = undefined;
    if (this.#local.length < localQueueLimit) return;
    await new Promise<void>((resolve) => {
      this.#drained = resolve;
    });
  }
}

/** A result kept for a later occurrence, without the provider's body. */
function slim(result: Result<Cancellation, CancelError>): Result<Cancellation, CancelError> {
  return result.ok ? { ok: true, value: { ...result.value, raw: undefined } } : result;
}

function invalidEntry(provider: string, orderId: string, message: string): RunEntry {
  return {
    provider,
    orderId,
    result: err(
      new CancelError({ code: 'invalid_input', provider, orderId, message: `${message} Nothing was sent.` }),
    ),
  };
}

/** Stands in for a provider whose credentials were found nowhere, when stdin named it: nothing is sent. */
export function unconfiguredClient(provider: string, missing: readonly string[]): CancelClient {
  const failure = (orderId: string) =>
    err(
      new CancelError({
        code: 'missing_credentials',
        provider,
        orderId,
        message: `Not sent: missing ${missing.join('; ')}.`,
      }),
    );
  async function* streamCancelOrders(orderIds: Iterable<unknown> | AsyncIterable<unknown>) {
    let index = 0;
    for await (const orderId of orderIds) {
      yield { index: index++, orderId: String(orderId), result: failure(String(orderId)) };
    }
  }
  return {
    provider,
    cancelOrder: async (orderId) => failure(orderId),
    async cancelOrders(orderIds) {
      const results = [];
      const counts = emptyCounts();
      for await (const entry of streamCancelOrders(orderIds)) {
        countEntry(counts, entry);
        results.push(entry);
      }
      return { results, counts };
    },
    streamCancelOrders,
  };
}
