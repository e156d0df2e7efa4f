import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
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
  /** `http.request.method` (and the original method, when not a known one), `server.address`, `server.port`. */
  readonly metric: Attributes;
  /**
   * `url.full` for a URL to this target: scheme, host, port and path. A query or a fragment may carry a key (the
   * conventions ask for such values to be redacted; none of ours needs one), and user info in a URL is a
   * credential by definition: both are left out.
   */
  fullUrl(url: string): string | undefined;
}

/** What one method and origin give every request to them; a client talks to few, so they are kept. */
const targets = new Map<string, HttpTarget>();

/** `https://api.zinc.com` of `https://api.zinc.com/orders/…`: the URL up to its path, as written. */
function originOf(url: string): string {
  const authority = url.indexOf('//');
  const path = authority < 0 ? -1 : url.indexOf('/', authority + 2);
  return path < 0 ? url : url.slice(0, path);
}

function methodAttributes(method: string, known: boolean): Attributes {
  return known
    ? { [ATTR_HTTP_REQUEST_METHOD]: method }
    : {
        [ATTR_HTTP_REQUEST_METHOD]: HTTP_REQUEST_METHOD_VALUE_OTHER,
        [ATTR_HTTP_REQUEST_METHOD_ORIGINAL]: method,
      };
}

function parseTarget(method: string, url: string, written: string): HttpTarget {
  const known = knownMethods.has(method);
  const spanName = known ? method : 'HTTP';
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { spanName, metric: methodAttributes(method, known), fullUrl: () => undefined };
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const metric = {
    ...methodAttributes(method, known),
    // An IPv6 host without its URL brackets, as the conventions' examples write addresses.
    [ATTR_SERVER_ADDRESS]: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    [ATTR_SERVER_PORT]: port,
  };
  // The origin without user info, then the path as written, up to a query or a fragment.
  const fullUrl = (full: string) => {
    const path = full.slice(written.length);
    const end = path.search(/[?#]/);
    return `${parsed.origin}${end < 0 ? path : path.slice(0, end)}`;
  };
  return { spanName, metric, fullUrl };
}

/** The conventions' attributes for requests with this method to the origin of this URL. */
export function httpTarget(method: string, url: string): HttpTarget {
  const written = originOf(url);
  const key = `${method} ${written}`;
  let target = targets.get(key);
  if (!target) {
    target = parseTarget(method, url, written);
    if (targets.size < 1_000) targets.set(key, target);
  }
  return target;
}

/**
 * `cancel.order_id` for one order; for a batch its count, and its IDs on the call's span only: a batch of 500
 * IDs need not be copied onto every attempt.
 */
export function orderAttributes(provider: string, orderIds: readonly string[], withIds = true): Attributes {
  if (orderIds.length === 1) return { [ATTR_CANCEL_PROVIDER]: provider, [ATTR_CANCEL_ORDER_ID]: orderIds[0] };
  const attributes: Attributes = {
    [ATTR_CANCEL_PROVIDER]: provider,
    [ATTR_CANCEL_BATCH_SIZE]: orderIds.length,
  };
  if (withIds) attributes[ATTR_CANCEL_ORDER_IDS] = [...orderIds];
  return attributes;
}
