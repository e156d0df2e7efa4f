import type { IncomingHttpHeaders } from 'node:http';
import type { GenericOrderState, ProviderId, RateLimit } from '../types.js';

/** An HTTP answer before it is written: JSON `body`, or none (e.g. Zinc's 204). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An order as the sandbox keeps it. */
export interface StoredOrder {
  readonly id: string;
  /** The state it was added in, `cancelled` once cancelled. */
  state: string;
  /** The provider's own status name. */
  status: string;
  cancelCount: number;
  readonly createdAt: Date;
  cancelledAt: Date | undefined;
  /** A second name the order answers to (Fungies' order number, without `#`). */
  readonly alias: string | undefined;
}

/** Why an order in a request cannot be cancelled now. */
export interface Refusal {
  readonly orderId: string;
  readonly kind: 'missing' | 'already_cancelled' | 'not_cancellable';
  readonly order: StoredOrder | undefined;
}

export interface IncomingCall {
  readonly method: string;
  /** Path segments under the provider's base path, still percent-encoded. */
  readonly segments: readonly string[];
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request for the cancel endpoint; `rejection` is the provider's answer to a malformed ID or body. */
export interface CancelCall {
  readonly orderIds: readonly string[];
  readonly rejection?: Reply;
}

export interface OrderStatuses<Status extends string = string> {
  /** Every status name this provider uses. */
  readonly names: readonly Status[];
  readonly fromGeneric: Readonly<Record<GenericOrderState, string>>;
  readonly cancellable: readonly string[];
  /** Statuses that mean a cancel already happened. The first is the one a cancel sets. */
  readonly cancelled: readonly [string, ...string[]];
}

/** One provider's wire format: routes, auth, ID formats and every answer, as its documentation describes. */
export interface ProviderSimulator<
  Credentials = Readonly<Record<string, string>>,
  Id extends string = ProviderId,
  Status extends string = string,
> {
  /** The provider package's ID; a test holds it equal to its spec's. */
  readonly id: Id;
  /** `/zinc`, `/snappy/public-api`: the ID, then the path of the package's default base URL. */
  readonly basePath: string;
  /** The canonical test credentials printed and returned by `startSandbox`, by the package's option names. */
  readonly credentials: Credentials;
  /** The prefix each test credential must have; any key with it is accepted. */
  readonly testKeyPrefixes: Readonly<Record<string, string>>;
  /** The limits the package declares (its spec's `rateLimits`). */
  readonly defaultRateLimits: readonly RateLimit[];
  /** The sandbox's own ID for a code (magic and seeded orders), valid for the package's order-ID rule. */
  sandboxId(code: number): string;
  /** An ID from the provider's own documentation, seeded as a pending order. */
  readonly documentedOrder?: { readonly id: string; readonly note: string };
  readonly statuses: OrderStatuses<Status>;
  /** True when one request names many orders (Fincart) and all of them must be cancellable. */
  readonly batch: boolean;
  isValidId(id: string): boolean;
  generateId(): string;
  /** The alias an order is also reachable by (Fungies' number), generated when `id` does not provide one. */
  aliasFor?(id: string): { id: string; alias: string };
  /** Maps an ID from a request to the key it is stored under (Fungies drops a leading `#`). */
  lookupKey?(id: string): string;
  /** The cancel endpoint, or the provider's answer to an unknown route or method. */
  route(call: IncomingCall): CancelCall | Reply;
  authenticate(headers: IncomingHttpHeaders): Reply | undefined;
  success(orders: readonly StoredOrder[]): Reply;
  refuse(refusals: readonly Refusal[]): Reply;
  rateLimited(retryAfterSeconds: number | string): Reply;
  /** An answer in the provider's error shape that says nothing about the order: a 5xx, or a 4xx refusal. */
  errorReply(status: number): Reply;
}

/** What a simulator module declares; the registry adds what it takes from the provider package's spec. */
export type SimulatedApi<Credentials, Id extends string, Status extends string> = Omit<
  ProviderSimulator<Credentials, Id, Status>,
  'basePath' | 'defaultRateLimits'
>;

/** Words for an error that is about neither the order nor the credentials. */
export function genericMessage(status: number): string {
  if (status === 503) return 'Service temporarily unavailable';
  if (status >= 500) return 'Internal server error';
  return 'The request could not be processed; try again later';
}

/** Decodes one path segment; undefined when the percent-encoding is malformed. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A header's single value, as a client sends it. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `00000000-0000-4000-8000-000000009001`: a sandbox ID for providers whose IDs are UUIDs. */
export const uuidSandboxId = (code: number): string =>
  `00000000-0000-4000-8000-${String(code).padStart(12, '0')}`;

/** `SANDBOX9001`: a sandbox ID of letters and digits. */
export const lettersSandboxId = (code: number): string => `SANDBOX${code}`;

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a key has the test prefix and something after it: the sandbox accepts any such key. */
export function isTestKey(value: string | undefined, prefix: string): boolean {
  if (value === undefined || !value.startsWith(prefix)) return false;
  return value.length > prefix.length && !/\s/.test(value);
}

/** Parses a JSON request body; undefined for an empty body, an Error when it is not JSON. */
export function parseJsonBody(body: string): unknown {
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    return error instanceof Error ? error : new Error('invalid JSON');
  }
}
