import { type HttpResponse, type Interpretation, isJsonObject, isoDate } from '@cancel/core/provider';
import * as v from 'valibot';
import { isCancelledStatus } from './zinc-order-status.js';

// Zinc documents 204 with no body; an order object is accepted too, as long as it says it is cancelled.
const orderBody = v.pipe(
  v.custom(isJsonObject),
  v.object({ status: v.optional(v.string()), cancelled_at: v.optional(v.unknown()) }),
);

/** Reads a 2xx answer: success only when Zinc confirms it, never on a body that contradicts it. */
export function interpretZincSuccess(response: HttpResponse): Interpretation {
  // 202 means queued, not done: the request was accepted but this order is not confirmed cancelled yet.
  if (response.status === 202) return { outcome: 'requested' };
  if (!response.text.trim()) return { outcome: 'cancelled' };
  const parsed = v.safeParse(orderBody, response.body);
  if (!parsed.success) {
    return {
      code: 'invalid_response',
      unexpected: 'a body that is not the JSON Zinc documents (it answers 204 with no body)',
    };
  }
  const { status } = parsed.output;
  if (status !== undefined && !isCancelledStatus(status)) {
    return {
      code: 'invalid_response',
      unexpected: `an order in status ${JSON.stringify(status)}, not cancelled`,
    };
  }
  return { outcome: 'cancelled', cancelledAt: isoDate(parsed.output.cancelled_at) };
}
