import { type HttpResponse, type Interpretation, isJsonObject, isoDate } from '@cancel/core/provider';
import * as v from 'valibot';

const order = v.pipe(
  v.custom(isJsonObject),
  v.object({
    status: v.optional(v.string()),
    cancelledAt: v.optional(v.unknown()),
    cancelled_at: v.optional(v.unknown()),
  }),
);

// The 200 body is not documented: the updated order, bare or wrapped in `data` or `order`, or a message.
const successBody = v.pipe(
  v.custom(isJsonObject),
  v.object({
    // Read as unknown and compared below, as `success !== true`.
    success: v.optional(v.unknown()),
    data: v.optional(v.unknown()),
    order: v.optional(v.unknown()),
  }),
);

function findOrder(body: Record<string, unknown>) {
  for (const candidate of [body.order, body.data, body]) {
    const parsed = v.safeParse(order, candidate);
    if (parsed.success && parsed.output.status !== undefined) return parsed.output;
  }
  return undefined;
}

/** Reads a 2xx answer: OfferGrid's 200 means "Order successfully cancelled" unless the body contradicts it. */
export function interpretOfferGridSuccess(response: HttpResponse): Interpretation {
  if (!response.text.trim()) return { outcome: 'cancelled' };
  const parsed = v.safeParse(successBody, response.body);
  if (!parsed.success || (parsed.output.success !== undefined && parsed.output.success !== true)) {
    return { code: 'invalid_response', unexpected: 'a body that is not the JSON OfferGrid documents' };
  }
  const found = findOrder(response.body as Record<string, unknown>);
  if (found && found.status !== 'cancelled') {
    return {
      code: 'invalid_response',
      unexpected: `an order in status ${JSON.stringify(found.status)}, not cancelled`,
    };
  }
  return { outcome: 'cancelled', cancelledAt: isoDate(found?.cancelledAt ?? found?.cancelled_at) };
}
