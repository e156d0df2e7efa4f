import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
} from '@opentelemetry/semantic-conventions';

/** The provider's ID (`zinc`, `fincart`…), on every span and metric point. */
export const ATTR_CANCEL_PROVIDER = 'cancel.provider';
/** The order a call cancels; a batch has `cancel.order_ids` and `cancel.batch.size` instead. */
export const ATTR_CANCEL_ORDER_ID = 'cancel.order_id';
/** Every order ID of a batch call (Fincart), in the order sent. */
export const ATTR_CANCEL_ORDER_IDS = 'cancel.order_ids';
/** How many order IDs one batch request carried. */
export const ATTR_CANCEL_BATCH_SIZE = 'cancel.batch.size';
/**
 * On a batch refused without naming its culprits: core sends its IDs again in halves, each a call (and a span)
 * of its own, so the orders of this one are counted by those.
 */
export const ATTR_CANCEL_BATCH_SPLIT = 'cancel.batch.split';
/** `cancelled`, `already_cancelled` or `requested`: how a successful cancel ended. */
export const ATTR_CANCEL_OUTCOME = 'cancel.outcome';
/** The `CancelError` code of a failed cancel, e.g. `not_cancellable` or `rate_limited`. */
export const ATTR_CANCEL_ERROR_CODE = 'cancel.error_code';
/** Whether trying the failed cancel again later may succeed. */
export const ATTR_CANCEL_RETRYABLE = 'cancel.retryable';
/** HTTP attempts a cancel made, retries included (0 when it failed before sending). */
export const ATTR_CANCEL_ATTEMPTS = 'cancel.attempts';
/** The provider's request ID for an answer, for its support. */
export const ATTR_CANCEL_REQUEST_ID = 'cancel.request_id';
/** Why an attempt is retried: `HTTP 503`, `network`, `timeout`. On the `cancel.retry` span event. */
export const ATTR_CANCEL_RETRY_REASON = 'cancel.retry.reason';
/** The wait the provider asked for with `Retry-After`, in milliseconds. On the `cancel.retry` span event. */
export const ATTR_CANCEL_RETRY_AFTER_MS = 'cancel.retry.after_ms';
/** Set on a span ended because no end event came before `maxOpenCalls` newer calls started. */
export const ATTR_CANCEL_INCOMPLETE = 'cancel.incomplete';

/** RFC 9110's methods, PATCH (RFC 5789) and QUERY: what the HTTP conventions call "known". */
const knownMethods = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

export interface HttpTarget {
  /** The attempt span's name: the method, or `HTTP` for one the conventions do not know. */
  readonly spanName: string;
  /** `http.request.method`, `server.address` and `server.port`: the duration histogram's attributes. */
  readonly metric: Attributes;
  /** Those plus `url.full` (and the original method, when not a known one). */
  readonly span: Attributes;
}

/** What one method and origin give every request to them; a client talks to few, so they are kept. */
const origins = new Map<string, Omit<HttpTarget, 'span'>>();

function originTarget(method: string, parsed: URL): Omit<HttpTarget, 'span'> {
  const key = `${method} ${parsed.origin}`;
  let target = origins.get(key);
  if (!target) {
    const known = knownMethods.has(method);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    target = {
      spanName: known ? method : 'HTTP',
      metric: {
        [ATTR_HTTP_REQUEST_METHOD]: known ? method : HTTP_REQUEST_METHOD_VALUE_OTHER,
        ...(known ? {} : { [ATTR_HTTP_REQUEST_METHOD_ORIGINAL]: method }),
        // An IPv6 host without its URL brackets, as the conventions' examples write addresses.
        [ATTR_SERVER_ADDRESS]: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
        [ATTR_SERVER_PORT]: port,
      },
    };
    if (origins.size < 1_000) origins.set(key, target);
  }
  return target;
}

/**
 * The conventions' attributes for a request. `url.full` keeps scheme, host, port and path only: a query or a
 * fragment may carry a key (the conventions ask for such values to be redacted; none of ours needs one), and
 * user info in a URL is a credential by definition.
 */
export function httpTarget(method: string, url: string): HttpTarget {
  const parsed = URL.parse(url);
  if (!parsed) {
    const known = knownMethods.has(method);
    const metric = { [ATTR_HTTP_REQUEST_METHOD]: known ? method : HTTP_REQUEST_METHOD_VALUE_OTHER };
    return { spanName: known ? method : 'HTTP', metric, span: metric };
  }
  const target = originTarget(method, parsed);
  return { ...target, span: { ...target.metric, [ATTR_URL_FULL]: `${parsed.origin}${parsed.pathname}` } };
}

/** `cancel.order_id` for one order; the IDs and their count for a batch. */
export function orderAttributes(provider: string, orderIds: readonly string[]): Attributes {
  if (orderIds.length === 1) return { [ATTR_CANCEL_PROVIDER]: provider, [ATTR_CANCEL_ORDER_ID]: orderIds[0] };
  return {
    [ATTR_CANCEL_PROVIDER]: provider,
    [ATTR_CANCEL_ORDER_IDS]: [...orderIds],
    [ATTR_CANCEL_BATCH_SIZE]: orderIds.length,
  };
}

/**
 * Refusals core answers by splitting a batch in halves (client.ts, sendBatch): one ID's refusal is not the
 * others', so each ID's result comes from the smaller calls that follow.
 */
const splitCodes = new Set(['rejected', 'not_found', 'not_cancellable']);

export const isSplitBatch = (orderIds: readonly string[], errorCode: string | undefined) =>
  orderIds.length > 1 && errorCode !== undefined && splitCodes.has(errorCode);
