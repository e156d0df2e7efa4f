import type { BulkEntry } from './bulk.js';
import type { CheckedOptions } from './call-options.js';
import type { Cancellation } from './cancellation.js';
import { clientError } from './client-error.js';
import { emitUnsent } from './events.js';
import { checkOrderId, quoteOrderId } from './order-id.js';
import type { Indexed } from './pool.js';
import type { CallPreparer } from './prepare-call.js';
import type { ProviderSpec } from './provider.js';
import { err, type Result } from './result.js';
import type { RequestSender } from './send-request.js';
import { toText } from './text.js';

export type GroupCanceller<Options> = (
  group: Indexed<unknown>[],
  checked: CheckedOptions<Options>,
) => Promise<BulkEntry[]>;

/**
 * The client's work for one group of IDs (one ID, or one batch): an entry for each ID, bad IDs answered without a
 * request. It never rejects, so a bulk run always has an entry for every ID it has taken.
 */
export function groupCanceller<Options>(
  spec: ProviderSpec<Options>,
  prepare: CallPreparer<Options>,
  { sendRequest, sendBatch }: RequestSender<Options>,
): GroupCanceller<Options> {
  const who = spec.displayName;
  return async (group, checked) => {
    const entries: BulkEntry[] = [];
    const ids: string[] = [];
    const indexes: number[] = [];
    for (let position = 0; position < group.length; position++) {
      const item = group[position]!;
      const wrong = checkOrderId(item.value, spec.orderId);
      if (wrong) entries.push(invalidIdEntry(spec, item, wrong, checked));
      else {
        ids.push(item.value as string);
        indexes.push(item.index);
      }
    }
    if (ids.length === 0) return entries;
    let results: Result<Cancellation>[];
    try {
      const pending =
        !checked.mistake && checked.call?.signal?.aborted
          ? err(
              clientError(
                spec,
                'aborted',
                `Not sent to ${who}: the run was aborted by your signal before this order's turn.`,
              ),
            )
          : prepare(checked);
      // Awaited only when credentials come from a function: an await costs every order a tick.
      const prepared = pending instanceof Promise ? await pending : pending;
      if (!prepared.ok) emitUnsent(checked.options.onEvent, spec.id, ids, prepared.error);
      results = !prepared.ok
        ? ids.map((orderId) => err(prepared.error.withOrderId(orderId)))
        : spec.batch
          ? await sendBatch(prepared.value, ids)
          : [await sendRequest(prepared.value, ids)];
    } catch {
      // Not expected: a provider's reader that throws, say. Its message is not shown, as it may hold a secret.
      const message = `An unexpected error ended this cancel; it may have reached ${who}, so check the order there.`;
      results = ids.map((orderId) => err(clientError(spec, 'invalid_response', message, orderId)));
    }
    for (let position = 0; position < ids.length; position++) {
      entries.push({ index: indexes[position]!, orderId: ids[position]!, result: results[position]! });
    }
    return entries;
  };
}

function invalidIdEntry<Options>(
  spec: ProviderSpec<Options>,
  { index, value }: Indexed<unknown>,
  wrong: string,
  checked: CheckedOptions<Options>,
): BulkEntry {
  const expected = wrong.startsWith('expected') ? '' : `; expected ${spec.orderId.description}`;
  const message = `${quoteOrderId(value)} is not a valid ${spec.displayName} order ID: ${wrong}${expected}. Nothing was sent.`;
  const orderId = toText(value);
  const error = clientError(spec, 'invalid_input', message, orderId);
  emitUnsent(checked.options.onEvent, spec.id, [orderId], error);
  return { index, orderId, result: err(error) };
}
