import { randomUUID } from 'node:crypto';
import { zincOrderStatuses } from '@cancel/zinc';
import {
  decodeSegment,
  genericMessage,
  header,
  isTestKey,
  type SimulatedApi,
  uuidPattern,
  uuidSandboxId,
} from './simulator.js';

const error = (status: number, code: string, message: string, details: unknown = null) => ({
  status,
  body: { code, message, details },
});

// The documented statuses, as the package reads them.
const statusNames = zincOrderStatuses;
type Status = (typeof statusNames)[number];

const prefixes = { apiKey: 'zn_test_' } as const;

/**
 * Zinc: FastAPI. 204 with no body on success; 422 `{detail: [...]}` for a path that is not a UUID; every
 * other error `{code, message, details}`. The status of `order_not_cancellable` is not documented; 400 here.
 */
export const zincSimulator: SimulatedApi<{ apiKey: string }, 'zinc', Status> = {
  id: 'zinc',
  credentials: { apiKey: 'zn_test_sandbox_5f2b8c41d9e3' },
  testKeyPrefixes: prefixes,
  sandboxId: uuidSandboxId,
  documentedOrder: {
    id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    note: "pending: the ID in the provider's docs",
  },
  statuses: {
    names: statusNames,
    fromGeneric: {
      pending: 'pending',
      accepted: 'in_progress',
      in_progress: 'in_progress',
      shipped: 'order_placed',
      delivered: 'order_placed',
      cancelled: 'cancelled',
    },
    cancellable: ['pending'],
    cancelled: ['cancelled', 'cancelled_by_retailer'],
  },
  batch: false,
  isValidId: (id) => uuidPattern.test(id),
  generateId: () => randomUUID(),

  route({ method, segments }) {
    if (segments.length !== 3 || segments[0] !== 'orders' || segments[2] !== 'cancel') {
      return { status: 404, body: { detail: 'Not Found' } };
    }
    if (method !== 'POST')
      return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { allow: 'POST' } };
    const raw = segments[1]!;
    const orderId = decodeSegment(raw) ?? raw;
    if (uuidPattern.test(orderId)) return { orderIds: [orderId] };
    return {
      orderIds: [orderId],
      rejection: {
        status: 422,
        body: {
          detail: [
            {
              type: 'uuid_parsing',
              loc: ['path', 'order_id'],
              msg: 'Input should be a valid UUID, invalid character or length',
              input: orderId,
            },
          ],
        },
      },
    };
  },

  authenticate(headers) {
    const authorization = header(headers, 'authorization');
    if (!authorization)
      return error(401, 'unauthorized', 'Missing API key: send Authorization: Bearer zn_...');
    const key = /^Bearer (.+)$/.exec(authorization)?.[1];
    if (!isTestKey(key, prefixes.apiKey)) {
      return error(401, 'invalid_token', 'Invalid API key; the sandbox accepts any zn_test_... key');
    }
    return undefined;
  },

  success: () => ({ status: 204 }),

  refuse([refusal]) {
    const { orderId, kind, order } = refusal!;
    if (kind === 'missing') return error(404, 'not_found', 'Order not found', { order_id: orderId });
    if (kind === 'already_cancelled') {
      return error(400, 'order_not_cancellable', 'Order has already been cancelled', {
        order_id: orderId,
        status: order!.status,
      });
    }
    return error(
      400,
      'order_not_cancellable',
      `Order cannot be cancelled once processing has started (status: ${order!.status})`,
      { order_id: orderId, status: order!.status },
    );
  },

  rateLimited: () => error(429, 'rate_limited', 'Too many requests; retry after the Retry-After delay'),
  errorReply: (status) =>
    error(
      status,
      status === 503 ? 'service_unavailable' : status >= 500 ? 'internal_error' : 'request_rejected',
      genericMessage(status),
    ),
};
