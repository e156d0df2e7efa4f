import { type BulkEntry, type BulkReport, BulkRunError, countEntry, emptyCounts } from './bulk.js';
import type { CheckedOptions } from './call-options.js';
import type { GroupCanceller } from './cancel-group.js';
import { clientError } from './client-error.js';
import { quoteOrderId } from './order-id.js';
import { mapConcurrentBatches } from './pool.js';
import type { ProviderSpec } from './provider.js';
import { err } from './result.js';
import { defaults } from './settings.js';
import { messageOf, toText } from './text.js';

/** One bulk run, as both forms read it: at each wake-up, the groups of entries finished since the last. */
export interface BulkRun {
  readonly who: string;
  batches: AsyncIterable<BulkEntry[][]> | Iterable<BulkEntry[][]>;
  readonly onResult: ((entry: BulkEntry) => void) | undefined;
  /** What `onResult` threw; from then on nothing more is taken from the source or sent. */
  halted?: { readonly error: unknown };
}

// Invalid values are reported per group (the options' mistake); the pool still needs a usable number meanwhile.
const usable = (value: unknown, fallback: number) =>
  Number.isInteger(value) && (value as number) > 0 ? (value as number) : fallback;

// A string is iterable too, one character at a time, which is never what a caller of cancelOrders means.
const isOrderIdList = (source: unknown): source is Iterable<unknown> | AsyncIterable<unknown> =>
  typeof source !== 'string' && (Symbol.iterator in Object(source) || Symbol.asyncIterator in Object(source));

export function startBulkRun<Options>(
  spec: ProviderSpec<Options>,
  checked: CheckedOptions<Options>,
  cancelGroup: GroupCanceller<Options>,
  source: unknown,
): BulkRun {
  const call = checked.mistake ? undefined : checked.call;
  const run: BulkRun = { who: spec.displayName, onResult: call?.onResult, batches: [] };
  if (!isOrderIdList(source)) {
    const message = `cancelOrders takes a list of order IDs, not ${quoteOrderId(source)}; for one order, call cancelOrder. Nothing was sent.`;
    const orderId = toText(source);
    run.batches = [
      [[{ index: 0, orderId, result: err(clientError(spec, 'invalid_input', message, orderId)) }]],
    ];
    return run;
  }
  const { options } = checked;
  run.batches = mapConcurrentBatches(
    source,
    usable(options.concurrency, defaults.concurrency),
    (group) => cancelGroup(group, checked),
    {
      groupSize: spec.batch
        ? usable((options as { batchSize?: number }).batchSize, spec.batch.defaultSize)
        : 1,
      signal: call?.signal,
      stopWhen: () => run.halted !== undefined,
    },
  );
  return run;
}

/** Calls `onResult`; once it has thrown, it is not called again and the run takes nothing more. */
function notify(run: BulkRun, entry: BulkEntry): void {
  if (!run.onResult || run.halted) return;
  try {
    run.onResult(entry);
  } catch (error) {
    run.halted = { error };
  }
}

const stoppedEarly = (run: BulkRun, what: string, cause: unknown, report: BulkReport) =>
  new BulkRunError(
    `The ${run.who} bulk run stopped early: ${what} threw (${messageOf(cause)}). error.report has the result of each order it took; no other was sent.`,
    report,
    cause,
  );

/** `cancelOrders`: every entry in input order, plus counts; rejects with a BulkRunError that keeps them. */
export async function collectReport(run: BulkRun): Promise<BulkReport> {
  const results: BulkEntry[] = [];
  const counts = emptyCounts();
  // Not through streamEntries: a generator step per order costs a bulk run more than the loop itself.
  try {
    for await (const done of run.batches) {
      for (const entries of done) {
        for (const entry of entries) {
          notify(run, entry);
          results[entry.index] = entry;
          countEntry(counts, entry);
        }
      }
    }
  } catch (error) {
    throw stoppedEarly(run, 'the order-ID source', error, { results, counts });
  }
  if (run.halted) throw stoppedEarly(run, 'onResult', run.halted.error, { results, counts });
  return { results, counts };
}

/** `streamCancelOrders`: entries as they finish; after the last, what onResult threw, if it did. */
export async function* streamEntries(run: BulkRun): AsyncGenerator<BulkEntry> {
  for await (const done of run.batches) {
    for (const entries of done) {
      for (const entry of entries) {
        notify(run, entry);
        yield entry;
      }
    }
  }
  if (run.halted) throw run.halted.error;
}
