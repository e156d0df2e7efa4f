import type { RateLimit } from '@cancel/core';
import type { ProviderId, registry } from './built-in-providers.js';

export { type ProviderId, providerIds } from './built-in-providers.js';

/**
 * The contract's error codes, spelled out here so that the published types need nothing from @cancel/core
 * (a test keeps the two lists equal).
 */
export type CancelErrorCode =
  | 'invalid_input'
  | 'missing_credentials'
  | 'unauthorized'
  | 'not_found'
  | 'not_cancellable'
  | 'rejected'
  | 'rate_limited'
  | 'provider_error'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'invalid_response';

/** Lifecycle states every simulated provider understands; each maps them to its own status names. */
export type GenericOrderState =
  | 'pending'
  | 'accepted'
  | 'in_progress'
  | 'shipped'
  | 'delivered'
  | 'cancelled';

/** A provider's own status names (its simulator's), accepted by `addOrder` for that provider only. */
export type ProviderOrderStatus = Exclude<
  (typeof registry)[number]['simulator']['statuses']['names'][number],
  GenericOrderState
>;

export type OrderState = GenericOrderState | ProviderOrderStatus;

export type DemoExpectation = 'cancelled' | 'already_cancelled' | 'requested' | CancelErrorCode;

export interface DemoOrder {
  readonly id: string;
  /** What a client with default settings (2 retries, 10 s timeout) gets when it cancels this ID on its own. */
  readonly expect: DemoExpectation;
  readonly note: string;
}

/** The same shape as core's, which the provider packages declare: at most `limit` requests in any `intervalMs`. */
export type { RateLimit } from '@cancel/core';

export type RateLimitSetting = boolean | Partial<Record<ProviderId, RateLimit>>;

export interface SandboxOptions {
  /** 0 (the default) picks a free port. The server always binds 127.0.0.1. */
  port?: number;
  /** Default true: the documented limits (OfferGrid 100 a minute and 10,000 an hour, Snappy 100 a second). */
  rateLimits?: RateLimitSetting;
  /** Default true: seed the demo orders. */
  seed?: boolean;
}

/**
 * Misbehaviour for requests naming an order. `times` limits how many requests see it (default: all of them);
 * `server_error` and `rate_limit` then let the next request through normally.
 */
export type Fault = (
  | { type: 'delay'; ms: number }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'server_error'; status?: number }
  /** A 4xx in the provider's error shape that is about neither the order's state nor credentials (default 409). */
  | { type: 'reject'; status?: number }
  | { type: 'rate_limit'; retryAfter: number | string }
  | { type: 'html' }
  | { type: 'truncated_json' }
  | { type: 'endless_body' }
  | { type: 'redirect'; location?: string }
) & { times?: number };

export type FaultType = Fault['type'];

export interface SandboxRequest {
  /** Undefined for paths outside every provider's base URL. */
  readonly provider: ProviderId | undefined;
  readonly method: string;
  /** The raw path, as sent (percent-encoding kept). */
  readonly path: string;
  /** The IDs named by the request (decoded), once it was routed. */
  orderIds: readonly string[];
  /** The HTTP status answered; undefined while pending, and for a reset or a hang. */
  status: number | undefined;
  /** The fault applied to this request, if any. */
  fault: FaultType | undefined;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
}

export interface OrderSnapshot {
  readonly id: string;
  /** The state given to `addOrder` (or seeded), `cancelled` once cancelled. */
  readonly state: string;
  /** The provider's own status name for it, e.g. `order_placed` at Zinc, `PAID` at Fungies. */
  readonly status: string;
  /** How many times a request moved this order to cancelled. Above 1 would mean a double cancel. */
  readonly cancelCount: number;
}

/** Each provider's test credentials, by the option names its package takes. */
export type SandboxCredentials = {
  readonly [Entry in (typeof registry)[number] as Entry['simulator']['id']]: Readonly<
    Entry['simulator']['credentials']
  >;
};

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Pass as each client's `baseUrl`. */
  readonly baseUrls: Readonly<Record<ProviderId, string>>;
  /** One valid set; any key with the same test prefix is accepted too (see README). */
  readonly credentials: SandboxCredentials;
  readonly demoOrders: Readonly<Record<ProviderId, readonly DemoOrder[]>>;
  /** Adds (or replaces) an order; returns its ID, generated in the provider's format when absent. */
  addOrder(provider: ProviderId, order: { id?: string; state: OrderState }): string;
  getOrder(provider: ProviderId, id: string): OrderSnapshot | undefined;
  /** Arms a fault for requests naming this order (a Fincart batch containing it). Replaces an earlier one. */
  inject(provider: ProviderId, id: string, fault: Fault): void;
  readonly requests: readonly SandboxRequest[];
  /** How many times this order was actually moved to cancelled. */
  stateChanges(provider: ProviderId, id: string): number;
  setRateLimits(value: RateLimitSetting | undefined): void;
  /** Clears orders (seeding again when seeding is on), the request log, faults and rate-limit counters. */
  reset(): void;
  close(): Promise<void>;
}
