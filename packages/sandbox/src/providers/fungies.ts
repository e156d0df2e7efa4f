import { randomUUID } from 'node:crypto';
import { randomCharacters } from '../random-id.js';
import {
  decodeSegment,
  genericMessage,
  header,
  isTestKey,
  parseJsonBody,
  type SimulatedApi,
  type StoredOrder,
  uuidPattern,
  uuidSandboxId,
} from './simulator.js';

const orderNumberPattern = /^#?([0-9A-Za-z]{12,32}|[0-9]+)(-[0-9]+)?$/;
const sandboxUserId = '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b';

const error = (status: number, message: string) => ({
  status,
  body: { status: 'error', error: { message } },
});

function renderOrder(order: StoredOrder) {
  const number = `#${order.alias}`;
  return {
    object: 'order',
    id: order.id,
    number,
    status: order.status,
    value: 1999,
    tax: 0,
    fee: 0,
    totalItems: 1,
    country: 'US',
    currency: 'USD',
    currencyDecimals: 2,
    createdAt: order.createdAt.getTime(),
    userId: sandboxUserId,
    user: { object: 'user', id: sandboxUserId, username: 'sandbox' },
    lastPaymentId: null,
    lastPaymentNumber: null,
    lastPayment: null,
    subscriptionId: null,
    subscription: null,
    orderNumber: number,
  };
}

const statusNames = [
  'PENDING',
  'PAID',
  'FAILED',
  'UNPAID',
  'CANCELLED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'EXPIRED',
] as const;
type Status = (typeof statusNames)[number];

const prefixes = { publicKey: 'pub_test_', secretKey: 'sec_test_' } as const;

/**
 * Fungies: `{status: 'success', data: {order}}` on success, `{status: 'error', error: {message}}` otherwise.
 * Orders are reached by UUID or by order number (`#` percent-encoded). The public key is needed on every call,
 * the secret key on writes; a `sec_test_readonly_` key stands for one without write access (403).
 * PENDING and UNPAID orders can be cancelled; PAID ones are treated as fulfilled (a sandbox assumption).
 */
export const fungiesSimulator: SimulatedApi<{ publicKey: string; secretKey: string }, 'fungies', Status> = {
  id: 'fungies',
  credentials: { publicKey: 'pub_test_sandbox_2c7e4a9d1f60', secretKey: 'sec_test_sandbox_8b3f5d0e6a17' },
  testKeyPrefixes: prefixes,
  sandboxId: uuidSandboxId,
  documentedOrder: { id: '#SANDBOX00001', note: 'pending, addressed by order number' },
  statuses: {
    names: statusNames,
    fromGeneric: {
      pending: 'PENDING',
      accepted: 'PAID',
      in_progress: 'PAID',
      shipped: 'PAID',
      delivered: 'PAID',
      cancelled: 'CANCELLED',
    },
    cancellable: ['PENDING', 'UNPAID'],
    cancelled: ['CANCELLED'],
  },
  batch: false,
  isValidId: (id) => uuidPattern.test(id) || orderNumberPattern.test(id),
  generateId: () => randomUUID(),
  aliasFor: (id) =>
    uuidPattern.test(id)
      ? { id, alias: randomCharacters(12).toUpperCase() }
      : { id: randomUUID(), alias: id.replace(/^#/, '') },
  lookupKey: (id) => id.replace(/^#/, ''),

  route({ method, segments, body }) {
    if (
      segments.length !== 4 ||
      segments[0] !== 'v0' ||
      segments[1] !== 'orders' ||
      segments[3] !== 'cancel'
    ) {
      return error(404, 'Not found');
    }
    if (method !== 'PATCH') return error(405, `Method ${method} not allowed; use PATCH`);
    const raw = segments[2]!;
    const orderId = decodeSegment(raw) ?? raw;
    if (!fungiesSimulator.isValidId(orderId)) {
      return {
        orderIds: [orderId],
        rejection: error(400, 'Invalid orderIdOrNumber: expected a UUID or an order number'),
      };
    }
    const parsed = parseJsonBody(body);
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
      return { orderIds: [orderId], rejection: error(400, 'The request body must be a JSON object') };
    }
    return { orderIds: [orderId] };
  },

  authenticate(headers) {
    if (!isTestKey(header(headers, 'x-fngs-public-key'), prefixes.publicKey)) {
      return error(401, 'Missing or invalid public key (x-fngs-public-key)');
    }
    const secret = header(headers, 'x-fngs-secret-key');
    if (!isTestKey(secret, prefixes.secretKey)) {
      return error(401, 'Missing or invalid secret key (x-fngs-secret-key); writes need the secret key');
    }
    if (secret!.startsWith('sec_test_readonly_')) {
      return error(
        403,
        'Insufficient permissions: this key has read-only access; cancelling needs write access',
      );
    }
    return undefined;
  },

  success: ([order]) => ({ status: 200, body: { status: 'success', data: { order: renderOrder(order!) } } }),

  refuse([refusal]) {
    const { kind, order } = refusal!;
    if (kind === 'missing') return error(404, 'Order not found');
    if (kind === 'already_cancelled') return error(400, 'Order is already cancelled');
    return error(400, `Order with status ${order!.status} cannot be cancelled`);
  },

  rateLimited: () => error(429, 'Too many requests'),
  errorReply: (status) => error(status, genericMessage(status)),
};
