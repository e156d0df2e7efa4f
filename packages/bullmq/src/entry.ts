import { type BulkEntry, CancelError, type Cancellation } from '@cancel/core';

type CancelErrorInit = ConstructorParameters<typeof CancelError>[0];

/** One finished order of a queued run: a bulk report's entry plus the order's provider. */
export interface QueuedEntry extends BulkEntry {
  readonly provider: string;
}

/**
 * The stored form leaves out what the entry repeats (provider, order ID) and the provider's whole response body
 * (`raw`), which would make a run of 100,000 orders cost Redis hundreds of megabytes. Errors keep every field
 * but the cause; core has already removed secrets from messages and details.
 */
export function storeEntry(entry: QueuedEntry): string {
  const { provider, orderId, index, result } = entry;
  if (result.ok) {
    const { provider: _p, orderId: _o, raw: _raw, ...value } = result.value;
    return JSON.stringify({ i: index, p: provider, o: orderId, v: value });
  }
  const { provider: _p, orderId: _o, name: _n, retryable: _r, ...error } = result.error.toJSON();
  return JSON.stringify({ i: index, p: provider, o: orderId, e: error });
}

type Stored = { i: number; p: string; o: string; v?: object; e?: object };

/** A stream entry holds the orders one write finished, as a JSON array of stored entries. */
export function readEntries(text: string): QueuedEntry[] {
  return (JSON.parse(text) as Stored[]).map(readEntry);
}

function readEntry(stored: Stored): QueuedEntry {
  const base = { index: stored.i, provider: stored.p, orderId: stored.o };
  if (stored.v) {
    return {
      ...base,
      result: { ok: true, value: { ...stored.v, provider: stored.p, orderId: stored.o } as Cancellation },
    };
  }
  const init = { ...stored.e, provider: stored.p, orderId: stored.o } as CancelErrorInit;
  return { ...base, result: { ok: false, error: new CancelError(init) } };
}

/** The summary counter an entry adds to. */
export function countField(entry: QueuedEntry): string {
  return entry.result.ok
    ? `n|${entry.provider}|ok|${entry.result.value.outcome}`
    : `n|${entry.provider}|error|${entry.result.error.code}`;
}
