import type { HttpResponse, Interpretation } from '@cancel/core/provider';
import * as v from 'valibot';
import { isUuid } from './fungies-order-id.js';

// Only the fields that decide the outcome are checked; the order carries many more, and its enums may grow.
const cancelAnswer = v.object({
  status: v.string(),
  data: v.object({ order: v.object({ id: v.optional(v.string()), status: v.string() }) }),
});

/**
 * Fungies answers 200 `{status: "success", data: {order}}`; the cancel is confirmed only when that order's
 * status is `CANCELLED`. An order asked for by UUID must come back with that UUID. Order numbers are not
 * compared: whether Fungies echoes the `#` prefix or a `-N` suffix is not documented.
 */
export function interpretFungiesSuccess(response: HttpResponse, orderIds: readonly string[]): Interpretation {
  const parsed = v.safeParse(cancelAnswer, response.body);
  if (!parsed.success || parsed.output.status !== 'success') {
    return {
      code: 'invalid_response',
      unexpected: 'a body other than the `{"status": "success", "data": {"order": …}}` Fungies documents',
    };
  }
  const order = parsed.output.data.order;
  const requested = orderIds[0] ?? '';
  if (isUuid(requested) && order.id !== undefined && order.id.toLowerCase() !== requested.toLowerCase()) {
    return { code: 'invalid_response', unexpected: 'a different order than the one asked to cancel' };
  }
  if (order.status !== 'CANCELLED') {
    // Shown only when it looks like one of Fungies' status names, so a provider's stray text stays out of messages.
    const shown = /^[A-Z_]{1,32}$/.test(order.status) ? ` ${order.status}` : '';
    return { code: 'invalid_response', unexpected: `the order in status${shown} rather than CANCELLED` };
  }
  return { outcome: 'cancelled' };
}
