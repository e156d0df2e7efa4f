import type { CancelError, CancelErrorCode } from './cancel-error.js';
import type { Cancellation, Outcome } from './cancellation.js';
import type { Result } from './result.js';
import type { CallOptions } from './settings.js';

/** One input ID's result; `index` is its position in the input. */
export interface BulkEntry {
  readonly index: number;
  readonly orderId: string;
  readonly result: Result<Cancellation, CancelError>;
}

export interface BulkCounts {
  total: number;
  succeeded: number;
  failed: number;
  outcomes: Record<Outcome, number>;
  errors: Partial<Record<CancelErrorCode, number>>;
}

export interface BulkReport {
  /** One entry per input ID, in input order. */
  readonly results: BulkEntry[];
  readonly counts: BulkCounts;
}

export interface BulkOptions extends CallOptions {
  /** Requests in flight at once. Default: the client's `concurrency`, else 8. */
  concurrency?: number;
  /** IDs per request, for providers that cancel in batches (Fincart). */
  batchSize?: number;
  /**
   * Called with each entry as soon as it finishes. If it throws, nothing more is taken from the source and it is
   * not called again; orders in flight still finish, and `cancelOrders` rejects with a `BulkRunError` holding all.
   */
  onResult?: (entry: BulkEntry) => void;
}

/** An array, any iterable or an async iterable of order IDs; a string is refused, not read character by character. */
export type OrderIdSource = Iterable<unknown> | AsyncIterable<unknown>;

/**
 * `cancelOrders` rejects with this when the run stopped early because `onResult` or the order-ID source threw.
 * Nothing done is lost: `report` holds an entry, with its result, for every ID taken from the source before the
 * run stopped (orders in flight were let finish); IDs not taken were not sent. `cause` is what was thrown.
 */
export class BulkRunError extends Error {
  override readonly name = 'BulkRunError';
  constructor(
    message: string,
    readonly report: BulkReport,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

export function emptyCounts(): BulkCounts {
  return {
    total: 0,
    succeeded: 0,
    failed: 0,
    outcomes: { cancelled: 0, already_cancelled: 0, requested: 0 },
    errors: {},
  };
}

/** Adds one entry to running counts (the CLI keeps these for its summary without keeping the entries). */
export function countEntry(counts: BulkCounts, entry: BulkEntry): BulkCounts {
  counts.total++;
  if (entry.result.ok) {
    counts.succeeded++;
    counts.outcomes[entry.result.value.outcome]++;
  } else {
    counts.failed++;
    counts.errors[entry.result.error.code] = (counts.errors[entry.result.error.code] ?? 0) + 1;
  }
  return counts;
}
