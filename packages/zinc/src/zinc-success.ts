import { type HttpResponse, type Interpretation, isoDate } from '@cancel/core/provider';
import * as z from 'zod/mini';
import { isCancelledStatus } from './zinc-order-status.js';

// Zinc documents 204 with no body; an order object is accepted too, as long as it says it is cancelled.
const orderBody = z.object({
  status: z.optional(z.string()),
  cancelled_at: z.optional(z.unknown()),
});

/** Reads a 2xx answer: success only when Zinc confirms it, never on a body that contradicts it. */
export function interpretZincSuccess(response: HttpResponse): Interpretation {
  // 202 means queued, not done: the request was accepted but this order is not confirmed cancelled yet.
  if (response.status === 202) return { outcome: 'requested' };
  if (!response.text.trim()) return { outcome: 'cancelled' };
  const parsed = orderBody.safeParse(response.body);
  if (!parsed.success) {
    return {
      code: 'invalid_response',
      problem: 'a body that is not the JSON Zinc documents (it answers 204 with no body)',
    };
  }
  const { status } = parsed.data;
  if (status !== undefined && !isCancelledStatus(status)) {
    return {
      code: 'invalid_response',
      problem: `an order in status ${JSON.stringify(status)}, not cancelled`,
    };
  }
  return { outcome: 'cancelled', cancelledAt: isoDate(parsed.data.cancelled_at) };
}
