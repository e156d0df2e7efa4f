import { type HttpResponse, type Interpretation, isoDate } from '@cancel/core/provider';
import * as z from 'zod/mini';

// Only the fields that decide the outcome are checked; the order carries many more, and its enums may grow.
const cancelAnswer = z.object({
  data: z.object({
    id: z.optional(z.string()),
    status: z.optional(z.nullable(z.string())),
    fulfillmentStatus: z.optional(z.nullable(z.string())),
    cancellationDetails: z.optional(
      z.nullable(z.object({ cancelledAt: z.optional(z.nullable(z.string())) })),
    ),
  }),
});

/**
 * Snappy answers 200 with the order. It counts as cancelled only when the order says so: its `status` or
 * `fulfillmentStatus` is `cancelled`, or it carries `cancellationDetails.cancelledAt`. The documented example
 * is a generic order (status `active`) that does carry a cancellation time, so that time alone is enough.
 */
export function interpretSnappySuccess(response: HttpResponse, orderIds: readonly string[]): Interpretation {
  const parsed = cancelAnswer.safeParse(response.body);
  if (!parsed.success) {
    return { code: 'invalid_response', problem: 'a body without the `data` order object Snappy documents' };
  }
  const order = parsed.data.data;
  if (order.id !== undefined && order.id !== orderIds[0]) {
    return { code: 'invalid_response', problem: 'a different order than the one asked to cancel' };
  }
  const cancelledAt = isoDate(order.cancellationDetails?.cancelledAt);
  if (order.status === 'cancelled' || order.fulfillmentStatus === 'cancelled' || cancelledAt) {
    return { outcome: 'cancelled', cancelledAt };
  }
  return {
    code: 'invalid_response',
    problem:
      'an order that is not marked cancelled (neither its status, its fulfillmentStatus nor a cancellation time says so)',
  };
}
