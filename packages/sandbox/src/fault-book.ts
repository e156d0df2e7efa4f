import type { Fault, ProviderId } from './types.js';

const faultTypes: ReadonlySet<string> = new Set([
  'delay',
  'hang',
  'reset',
  'server_error',
  'reject',
  'rate_limit',
  'html',
  'truncated_json',
  'endless_body',
  'redirect',
]);

/** What is wrong with a fault passed to `inject`, or undefined. */
export function checkFault(fault: Fault): string | undefined {
  if (typeof fault !== 'object' || fault === null || !faultTypes.has(fault.type)) {
    return `expected a fault with a type among ${[...faultTypes].join(', ')}`;
  }
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0)) {
    return '`times` must be a whole number above 0';
  }
  // setTimeout's own limit: a longer delay would fire at once.
  if (fault.type === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0 && fault.ms <= 2_147_483_647)) {
    return '`ms` must be from 0 to 2147483647';
  }
  if (fault.type === 'server_error' && fault.status !== undefined) {
    if (!(Number.isInteger(fault.status) && fault.status >= 500 && fault.status <= 599)) {
      return '`status` must be from 500 to 599';
    }
  }
  if (fault.type === 'reject' && fault.status !== undefined) {
    // 401, 403, 404 and 429 have faults or states of their own; this one is for "refused for another reason".
    if (!(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 499)) {
      return '`status` must be from 400 to 499';
    }
  }
  if (fault.type === 'rate_limit') {
    const { retryAfter } = fault;
    const valid =
      typeof retryAfter === 'string' ? retryAfter.length > 0 : Number.isFinite(retryAfter) && retryAfter >= 0;
    if (!valid) return '`retryAfter` must be seconds (0 or more) or an HTTP date';
  }
  return undefined;
}

/** Armed faults by order; each request naming a faulty order takes one turn of its fault. */
export class FaultBook {
  private readonly faults = new Map<string, { fault: Fault; remaining: number }>();

  /** `canonical` maps an ID to the one the order is stored under, so an alias (a Fungies number) finds it too. */
  constructor(private readonly canonical: (provider: ProviderId, id: string) => string) {}

  set(provider: ProviderId, id: string, fault: Fault): void {
    const wrong = checkFault(fault);
    if (wrong) throw new TypeError(`Invalid fault for ${provider} order ${JSON.stringify(id)}: ${wrong}`);
    this.faults.set(this.key(provider, id), {
      fault: { ...fault },
      remaining: fault.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** The fault of the first faulty order among `ids`, using up one of its turns. */
  take(provider: ProviderId, ids: readonly string[]): Fault | undefined {
    for (const id of ids) {
      const key = this.key(provider, id);
      const armed = this.faults.get(key);
      if (!armed) continue;
      armed.remaining--;
      if (armed.remaining <= 0) this.faults.delete(key);
      return armed.fault;
    }
    return undefined;
  }

  clear(): void {
    this.faults.clear();
  }

  private key(provider: ProviderId, id: string): string {
    return `${provider}\u0000${this.canonical(provider, id)}`;
  }
}
