import { randomCharacters } from '../random-id.js';
import {
  genericMessage,
  header,
  isTestKey,
  lettersSandboxId,
  parseJsonBody,
  type SimulatedApi,
} from './simulator.js';

const cancelPath = '/v4/orders/cancel';

/** Fincart's error body, as its documented 403. */
const error = (status: number, message: string, errors: readonly string[] = [message]) => ({
  status,
  body: { statusCode: status, timestamp: new Date().toISOString(), path: cancelPath, message, errors },
});

const statusNames = ['pending', 'processing', 'successful', 'unsuccessful', 'cancelled'] as const;
type Status = (typeof statusNames)[number];

const prefixes = { token: 'fincart_test_' } as const;

/**
 * Fincart: one bulk endpoint. A batch is all or nothing: when any ID in it is unknown (404) or not pending (400),
 * nothing in it is cancelled, so a client may split the batch and send the rest again. The 200 is the
 * documented body and names no order. Messages carry no order IDs; `errors` lists them.
 */
export const fincartSimulator: SimulatedApi<{ token: string }, 'fincart', Status> = {
  id: 'fincart',
  credentials: { token: 'fincart_test_sandbox_9e4a1b7c2d58' },
  testKeyPrefixes: prefixes,
  sandboxId: lettersSandboxId,
  statuses: {
    names: statusNames,
    fromGeneric: {
      pending: 'pending',
      accepted: 'processing',
      in_progress: 'processing',
      shipped: 'successful',
      delivered: 'successful',
      cancelled: 'cancelled',
    },
    cancellable: ['pending'],
    cancelled: ['cancelled'],
  },
  batch: true,
  isValidId: (id) => id.length > 0 && id.length <= 256 && !/[\s\p{Cc}]/u.test(id),
  generateId: () => randomCharacters(24, '0123456789abcdef'),

  route({ method, segments, body }) {
    const path = `/${segments.join('/')}`;
    if (path !== cancelPath || method !== 'POST') return error(404, `Cannot ${method} ${path}`);
    const parsed = parseJsonBody(body) as { filters?: { ids?: unknown } } | Error | undefined;
    const ids = parsed instanceof Error ? undefined : parsed?.filters?.ids;
    if (!Array.isArray(ids) || ids.length === 0) {
      return { orderIds: [], rejection: error(400, 'filters.ids must be a non-empty array of order IDs') };
    }
    const orderIds = ids.map(String);
    if (!ids.every((id) => typeof id === 'string' && fincartSimulator.isValidId(id))) {
      return { orderIds, rejection: error(400, 'filters.ids must contain only order ID strings') };
    }
    return { orderIds };
  },

  authenticate(headers) {
    // The portal token travels raw; `Bearer <token>` is a different, unknown token to Fincart.
    if (!isTestKey(header(headers, 'authorization'), prefixes.token))
      return error(403, 'User is not authorized');
    return undefined;
  },

  success: () => ({
    status: 200,
    body: {
      statusCode: 200,
      message: 'Bulk Orders cancelled successfully',
      data: { status: 'success', msg: 'Orders have been successfully canceled.' },
    },
  }),

  refuse(refusals) {
    const missing = refusals.filter((refusal) => refusal.kind === 'missing');
    if (missing.length > 0) {
      return error(
        404,
        missing.length === 1 ? 'Order not found' : `${missing.length} orders not found`,
        missing.map((refusal) => `Order ${refusal.orderId} not found`),
      );
    }
    const statuses = [...new Set(refusals.map((refusal) => refusal.order!.status))];
    const message =
      statuses.length === 1 && statuses[0] === 'cancelled'
        ? 'Order already cancelled'
        : `Only pending orders can be cancelled (order status: ${statuses.join(', ')})`;
    return error(
      400,
      message,
      refusals.map((refusal) => `Order ${refusal.orderId} is ${refusal.order!.status}`),
    );
  },

  rateLimited: () => error(429, 'Too many requests'),
  errorReply: (status) => error(status, genericMessage(status)),
};
