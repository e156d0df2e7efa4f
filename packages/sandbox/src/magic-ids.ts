import { simulators } from './providers/index.js';
import type { DemoExpectation, Fault, ProviderId } from './types.js';

export interface MagicOrder {
  readonly id: string;
  readonly fault: Fault;
  readonly expect: DemoExpectation;
  readonly note: string;
}

interface Behaviour {
  readonly code: number;
  readonly fault: Fault;
  readonly expect: DemoExpectation;
  readonly note: string;
}

/**
 * Order IDs that misbehave on purpose, the way card networks publish test card numbers. Each is a pending
 * order until its fault is used up. `expect` holds for a client with default settings (2 retries, 10 s timeout).
 */
const behaviours: readonly Behaviour[] = [
  {
    code: 503,
    fault: { type: 'server_error', status: 503, times: 2 },
    expect: 'cancelled',
    note: '503 twice, then cancels: succeeds with 2 retries',
  },
  {
    code: 500,
    fault: { type: 'server_error', status: 500 },
    expect: 'provider_error',
    note: '500 on every attempt',
  },
  {
    code: 409,
    fault: { type: 'reject', status: 409 },
    expect: 'rejected',
    note: '409 that is about neither the order state nor credentials, every time',
  },
  {
    code: 429,
    fault: { type: 'rate_limit', retryAfter: 1, times: 1 },
    expect: 'cancelled',
    note: '429 with Retry-After: 1 once, then cancels',
  },
  {
    code: 4299,
    fault: { type: 'rate_limit', retryAfter: 120 },
    expect: 'rate_limited',
    note: '429 with Retry-After: 120 every time: beyond the 30 s cap, so it fails at once',
  },
  {
    code: 2000,
    fault: { type: 'delay', ms: 2000 },
    expect: 'cancelled',
    note: 'cancels at once but answers after 2 s: a timeoutMs under 2000 gives timeout',
  },
  {
    code: 9001,
    fault: { type: 'hang' },
    expect: 'timeout',
    note: 'never answers (nor cancels)',
  },
  {
    code: 9002,
    fault: { type: 'reset' },
    expect: 'network',
    note: 'the connection is reset before any answer; nothing is cancelled',
  },
  {
    code: 9003,
    fault: { type: 'html' },
    expect: 'invalid_response',
    note: '200 with an HTML maintenance page; nothing is cancelled',
  },
  {
    code: 9004,
    fault: { type: 'truncated_json' },
    expect: 'invalid_response',
    note: '200 with JSON cut in half; the order IS cancelled',
  },
  {
    code: 9005,
    fault: { type: 'endless_body' },
    expect: 'invalid_response',
    note: '200 with a body that never ends (256 MiB at most); the order IS cancelled',
  },
  {
    code: 9006,
    fault: { type: 'redirect' },
    expect: 'invalid_response',
    note: '307 to another origin, which must not be followed; nothing is cancelled',
  },
];

/** The sandbox's ID for a code at this provider: a UUID, or `SANDBOX<code>` at Snappy and Fincart. */
export function sandboxId(provider: ProviderId, code: number): string {
  return simulators[provider].sandboxId(code);
}

/** A batch answer names no order (Fincart's 200): what is `cancelled` elsewhere is `requested` there. */
export function expectationAt(provider: ProviderId, expect: DemoExpectation): DemoExpectation {
  return simulators[provider].batch && expect === 'cancelled' ? 'requested' : expect;
}

export function magicOrders(provider: ProviderId): MagicOrder[] {
  return behaviours.map(({ code, fault, expect, note }) => ({
    id: sandboxId(provider, code),
    fault,
    expect: expectationAt(provider, expect),
    note,
  }));
}

const magicByProvider = new Map<ProviderId, Map<string, Fault>>();

/** The fault a magic ID stands for, or undefined for an ordinary ID. UUIDs match in any case. */
export function magicFault(provider: ProviderId, id: string): Fault | undefined {
  let table = magicByProvider.get(provider);
  if (!table) {
    table = new Map(magicOrders(provider).map((order) => [order.id.toLowerCase(), order.fault]));
    magicByProvider.set(provider, table);
  }
  return table.get(id.toLowerCase());
}
