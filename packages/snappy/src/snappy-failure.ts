import { type HttpResponse, type Interpretation, saysAlreadyCancelled } from '@cancel/core/provider';

// Snappy's error codes are not published, so its code and message are read together, in this order:
// a shipment in transit or delivered forbids the cancel; an order cancelled before needs nothing more.
const shipped = /transit|shipped|deliver|fulfilled/i;
const refusal = /cannot|can['’]?t|unable|not[\s_-]*cancell?able/i;

function stringField(body: unknown, name: string): string | undefined {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Refines Snappy's `{status, errorCode, message}` refusals: a 422 when the order is in transit, delivered
 * or already cancelled. 401, 403, 404, 429 and 5xx keep core's reading of the status code.
 */
export function interpretSnappyFailure(response: HttpResponse): Interpretation | undefined {
  if (![400, 409, 422].includes(response.status)) return undefined;
  const errorCode = stringField(response.body, 'errorCode');
  const said = `${errorCode ?? ''} ${stringField(response.body, 'message') ?? ''}`;
  if (shipped.test(said)) {
    return {
      code: 'not_cancellable',
      reason: errorCode ?? (/deliver/i.test(said) ? 'delivered' : 'in transit'),
    };
  }
  if (saysAlreadyCancelled(said)) return { outcome: 'already_cancelled' };
  if (refusal.test(said)) return { code: 'not_cancellable', reason: errorCode };
  return undefined;
}
