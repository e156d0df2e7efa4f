import { type HttpResponse, type Interpretation, isoDate } from '@cancel/core/provider';
import * as z from 'zod/mini';

const order = z.object({
  status: z.optional(z.string()),
  cancelledAt: z.optional(z.unknown()),
  cancelled_at: z.optional(z.unknown()),
});

// The 200 body is not documented: the updated order, bare or wrapped in `data` or `order`, or a message.
const successBody = z.object({
  // Read as unknown and compared below: z.boolean() alone would add a tenth of a kilobyte to every bundle.
  success: z.optional(z.unknown()),
  data: z.optional(z.unknown()),
  order: z.optional(z.unknown()),
});

function findOrder(body: Record<string, unknown>) {
  for (const candidate of [body.order, body.data, body]) {
    const parsed = order.safeParse(candidate);
    if (parsed.success && parsed.data.status !== undefined) return parsed.data;
  }
  return undefined;
}

/** Reads a 2xx answer: OfferGrid's 200 means "Order successfully cancelled" unless the body contradicts it. */
export function interpretOfferGridSuccess(response: HttpResponse): Interpretation {
  if (!response.text.trim()) return { outcome: 'cancelled' };
  const parsed = successBody.safeParse(response.body);
  if (!parsed.success || (parsed.data.success !== undefined && parsed.data.success !== true)) {
    return { code: 'invalid_response', problem: 'a body that is not the JSON OfferGrid documents' };
  }
  const found = findOrder(response.body as Record<string, unknown>);
  if (found && found.status !== 'cancelled') {
    return {
      code: 'invalid_response',
      problem: `an order in status ${JSON.stringify(found.status)}, not cancelled`,
    };
  }
  return { outcome: 'cancelled', cancelledAt: isoDate(found?.cancelledAt ?? found?.cancelled_at) };
}
