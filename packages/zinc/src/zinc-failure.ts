import type { CancelErrorCode } from '@cancel/core';
import {
  type HttpResponse,
  type Interpretation,
  isJsonObject,
  providerMessage,
  saysAlreadyCancelled,
} from '@cancel/core/provider';
import * as v from 'valibot';
import { isCancelledStatus, isZincOrderStatus } from './zinc-order-status.js';

// `{code, message, details}`; FastAPI's own `{detail}` bodies carry no code and are read for their words only.
const errorBody = v.pipe(
  v.custom(isJsonObject),
  v.object({ code: v.optional(v.string()), details: v.optional(v.unknown()) }),
);

const codes: Readonly<Record<string, CancelErrorCode>> = {
  not_found: 'not_found',
  unauthorized: 'unauthorized',
  forbidden: 'unauthorized',
  invalid_token: 'unauthorized',
  token_expired: 'unauthorized',
  validation_error: 'rejected',
};

/** The order's status, when Zinc puts it in the error's details. */
function orderStatus(details: unknown): string | undefined {
  const status = (details as { status?: unknown } | null | undefined)?.status;
  return isZincOrderStatus(status) ? status : undefined;
}

/**
 * Refines a refusal from its body. The status code decides first: 401, 404, 408, 429 and 5xx mean what they
 * say whatever the body. Zinc does not document the status of `order_not_cancellable`, so it is read from any
 * other 4xx, 403 included, where a cancel-specific code is more precise than "forbidden".
 */
export function interpretZincFailure(response: HttpResponse): Interpretation | undefined {
  const { status } = response;
  if (status < 400 || status >= 500 || [401, 404, 408, 429].includes(status)) return undefined;
  const parsed = v.safeParse(errorBody, response.body);
  const code = parsed.success ? parsed.output.code : undefined;
  const current = parsed.success ? orderStatus(parsed.output.details) : undefined;
  if (saysAlreadyCancelled(code) || saysAlreadyCancelled(providerMessage(response.body))) {
    return { outcome: 'already_cancelled' };
  }
  if (code === 'order_not_cancellable') {
    // Not cancellable because it is cancelled already: the cancel the caller wants is done.
    if (isCancelledStatus(current)) return { outcome: 'already_cancelled' };
    return { code: 'not_cancellable', reason: current ?? code };
  }
  if (status === 403) return undefined;
  const mapped = code === undefined ? undefined : codes[code];
  return mapped === undefined ? undefined : { code: mapped };
}
