import { type HttpResponse, type Interpretation, isJsonObject, isoDate } from '@cancel/core/provider';
import * as v from 'valibot';

// Only the fields that decide the outcome are checked; the order carries many more, and its enums may grow.
const cancelAnswer = v.object({
  data: v.pipe(
    v.custom(isJsonObject),
    v.object({
      id: v.optional(v.string()),
      status: v.optional(v.nullable(v.string())),
      fulfillmentStatus: v.optional(v.nullable(v.string())),
      cancellationDetails: v.optional(
        v.nullable(
          v.pipe(v.custom(isJsonObject), v.object({ cancelledAt: v.optional(v.nullable(v.string())) })),
        ),
      ),
    }),
  ),
});

/**
 * Snappy answers 200 with the order. It counts as cancelled only when the order says so: its `status` or
 * `fulfillmentStatus` is `cancelled`, or it carries `cancellationDetails.cancelledAt`. The documented example
 * is a generic order (status `active`) that does carry a cancellation time, so that time alone is enough.
 */
export function interpretSnappySuccess(response: HttpResponse, orderIds: readonly string[]): Interpretation {
  const parsed = v.safeParse(cancelAnswer, response.body);
  if (!parsed.success) {
    return {
      code: 'invalid_response',
      unexpected: 'a body without the `data` order object Snappy documents',
    };
  }
  const order = parsed.output.data;
  if (order.id !== undefined && order.id !== orderIds[0]) {
    return { code: 'invalid_response', unexpected: 'a different order than the one asked to cancel' };
  }
  const cancelledAt = isoDate(order.cancellationDetails?.cancelledAt);
  if (order.status === 'cancelled' || order.fulfillmentStatus === 'cancelled' || cancelledAt) {
    return { outcome: 'cancelled', cancelledAt };
  }
  return {
    code: 'invalid_response',
    unexpected:
      'an order that is not marked cancelled (neither its status, its fulfillmentStatus nor a cancellation time says so)',
  };
}
