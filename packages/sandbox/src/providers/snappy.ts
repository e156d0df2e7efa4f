import { randomCharacters } from '../random-id.js';
import {
  decodeSegment,
  genericMessage,
  header,
  isTestKey,
  lettersSandboxId,
  type SimulatedApi,
  type StoredOrder,
} from './simulator.js';

const idPattern = /^[A-Za-z0-9]{8,}$/;

const error = (status: number, errorCode: string, message: string) => ({
  status,
  body: { status, errorCode, message },
});

// `in_transit` is the sandbox's name for an active order whose fulfilment has shipped.
const refusals: Readonly<Record<string, { errorCode: string; message: string }>> = {
  in_transit: {
    errorCode: 'ORDER_IN_TRANSIT',
    message: 'Order is already in transit and can no longer be cancelled',
  },
  completed: { errorCode: 'ORDER_DELIVERED', message: 'Order was delivered and can no longer be cancelled' },
  refunded: { errorCode: 'ORDER_REFUNDED', message: 'Order was refunded and can no longer be cancelled' },
};

const lineItem = { variantId: 'v_sandbox01', quantity: 1, title: 'Sandbox Gift Card' };

/** The order in the shape of the documented example, after the cancel. */
function renderOrder(order: StoredOrder) {
  return {
    id: order.id,
    createdAt: order.createdAt.toISOString(),
    status: 'cancelled',
    fulfillmentStatus: 'cancelled',
    tags: [],
    cancellationDetails: {
      cancelledAt: (order.cancelledAt ?? new Date()).toISOString(),
      cancellationReason: 'customer_requested',
    },
    lineItems: [lineItem],
    fulfillments: [],
    recipient: { firstName: 'Sandy', lastName: 'Box', email: 'sandy.box@example.com', phone: '+15555555555' },
    shippingAddress: {
      address1: '1 Loopback Way',
      address2: 'Suite 127',
      city: 'New York',
      provinceCode: 'NY',
      countryCode: 'US',
      postalCode: '10001',
    },
    metadata: { source: 'sandbox' },
    idempotencyKey: `sandbox-${order.id}`,
  };
}

const statusNames = ['active', 'in_transit', 'completed', 'cancelled', 'refunded'] as const;
type Status = (typeof statusNames)[number];

const prefixes = { apiKey: 'snappy_test_' } as const;

/**
 * Snappy: `{data: order}` on success; errors `{status, errorCode, message}`: 404 for an unknown order, 422 when
 * it is in transit, delivered or already cancelled. Account and company headers are optional; when sent they
 * must match the key's company.
 */
export const snappySimulator: SimulatedApi<
  { apiKey: string; accountId: string; companyId: string },
  'snappy',
  Status
> = {
  id: 'snappy',
  credentials: { apiKey: 'snappy_test_sandbox_3d6e9f12a7b8', accountId: 'acc123456', companyId: 'cmp123456' },
  testKeyPrefixes: prefixes,
  sandboxId: lettersSandboxId,
  documentedOrder: { id: 'G7nR4bD9mK', note: "pending: the ID in the provider's docs" },
  statuses: {
    names: statusNames,
    fromGeneric: {
      pending: 'active',
      accepted: 'in_transit',
      in_progress: 'in_transit',
      shipped: 'in_transit',
      delivered: 'completed',
      cancelled: 'cancelled',
    },
    cancellable: ['active'],
    cancelled: ['cancelled'],
  },
  batch: false,
  isValidId: (id) => idPattern.test(id),
  generateId: () => randomCharacters(10),

  route({ method, segments }) {
    if (
      segments.length !== 4 ||
      segments[0] !== 'v3' ||
      segments[1] !== 'orders' ||
      segments[3] !== 'cancel'
    ) {
      return error(404, 'NOT_FOUND', 'No such endpoint');
    }
    if (method !== 'POST') return error(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use POST`);
    const raw = segments[2]!;
    const orderId = decodeSegment(raw) ?? raw;
    if (idPattern.test(orderId)) return { orderIds: [orderId] };
    return {
      orderIds: [orderId],
      rejection: error(400, 'VALIDATION_ERROR', 'orderId must match the pattern ^[A-Za-z0-9]{8,}$'),
    };
  },

  authenticate(headers) {
    if (!isTestKey(header(headers, 'x-api-key'), prefixes.apiKey)) {
      return error(401, 'UNAUTHORIZED', 'Missing or invalid API key; send it in the X-Api-Key header');
    }
    const account = header(headers, 'snappy-account-id');
    const company = header(headers, 'snappy-company-id');
    const { accountId, companyId } = snappySimulator.credentials;
    if (
      (account !== undefined && account !== accountId) ||
      (company !== undefined && company !== companyId)
    ) {
      return error(403, 'FORBIDDEN', 'The account or company does not belong to this API key');
    }
    return undefined;
  },

  success: ([order]) => ({ status: 200, body: { data: renderOrder(order!) } }),

  refuse([refusal]) {
    const { kind, order } = refusal!;
    if (kind === 'missing') return error(404, 'ORDER_NOT_FOUND', 'Order not found');
    if (kind === 'already_cancelled') {
      return error(422, 'ORDER_ALREADY_CANCELLED', 'Order has already been cancelled');
    }
    const refusal422 = refusals[order!.status] ?? refusals.in_transit!;
    return error(422, refusal422.errorCode, refusal422.message);
  },

  rateLimited: () =>
    error(429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded: 100 requests per second per company'),
  errorReply: (status) =>
    error(
      status,
      status === 503 ? 'SERVICE_UNAVAILABLE' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'REQUEST_REJECTED',
      genericMessage(status),
    ),
};
