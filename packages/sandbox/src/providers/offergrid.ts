import { randomUUID } from 'node:crypto';
import { offerGridOrderStatuses } from '@cancel/offergrid';
import {
  decodeSegment,
  genericMessage,
  header,
  isTestKey,
  parseJsonBody,
  type SimulatedApi,
  uuidSandboxId,
} from './simulator.js';

const statusText: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** NestJS's HttpException body. */
const error = (status: number, message: string | string[]) => ({
  status,
  body: { statusCode: status, message, error: statusText[status] ?? 'Error' },
});

// The documented statuses, as the package reads them.
const statusNames = offerGridOrderStatuses;
type Status = (typeof statusNames)[number];

const prefixes = { apiKey: 'og_test_' } as const;

/**
 * OfferGrid: NestJS. 200 on success (no schema documented; the order is returned), 400 when the order's status
 * forbids cancelling (an already cancelled one included), 404 for an unknown order. IDs are free-form strings.
 */
export const offergridSimulator: SimulatedApi<{ apiKey: string }, 'offergrid', Status> = {
  id: 'offergrid',
  credentials: { apiKey: 'og_test_sandbox_7a91c3e05b24' },
  testKeyPrefixes: prefixes,
  sandboxId: uuidSandboxId,
  statuses: {
    names: statusNames,
    fromGeneric: {
      pending: 'pending',
      accepted: 'accepted',
      in_progress: 'in_progress',
      shipped: 'completed',
      delivered: 'completed',
      cancelled: 'cancelled',
    },
    cancellable: ['pending', 'submitted_to_provider'],
    cancelled: ['cancelled'],
  },
  batch: false,
  isValidId: (id) => id.length > 0,
  generateId: () => randomUUID(),

  route({ method, segments, body }) {
    const isCancelPath =
      segments.length === 4 &&
      segments[0] === 'reseller' &&
      segments[1] === 'orders' &&
      segments[3] === 'cancel';
    if (!isCancelPath || method !== 'PATCH') {
      return error(404, `Cannot ${method} /${segments.join('/')}`);
    }
    const raw = segments[2]!;
    const orderId = decodeSegment(raw) ?? raw;
    const parsed = parseJsonBody(body);
    if (parsed instanceof Error) return { orderIds: [orderId], rejection: error(400, parsed.message) };
    const reason = (parsed as { reason?: unknown } | undefined)?.reason;
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
      return { orderIds: [orderId], rejection: error(400, ['body must be an object']) };
    }
    if (reason !== undefined && typeof reason !== 'string') {
      return { orderIds: [orderId], rejection: error(400, ['reason must be a string']) };
    }
    return { orderIds: [orderId] };
  },

  authenticate(headers) {
    const key = header(headers, 'x-api-key');
    if (!key) return error(401, 'API key is missing; send it in the x-api-key header');
    if (!isTestKey(key, prefixes.apiKey)) return error(401, 'Invalid API key');
    return undefined;
  },

  success([order]) {
    return {
      status: 200,
      body: {
        id: order!.id,
        status: order!.status,
        cancelledAt: order!.cancelledAt?.toISOString(),
        createdAt: order!.createdAt.toISOString(),
        updatedAt: order!.cancelledAt?.toISOString(),
      },
    };
  },

  refuse([refusal]) {
    const { kind, order } = refusal!;
    if (kind === 'missing') return error(404, 'Order not found or does not belong to your team');
    if (kind === 'already_cancelled') return error(400, 'Order is already cancelled');
    return error(400, `Order cannot be cancelled in its current status: ${order!.status}`);
  },

  // The body @nestjs/throttler sends.
  rateLimited: () => ({
    status: 429,
    body: { statusCode: 429, message: 'ThrottlerException: Too Many Requests' },
  }),
  errorReply: (status) => error(status, genericMessage(status)),
};
