import type { CancellerEntry } from '@cancel/core';

/** One finished order of a run; `duplicate` marks a later occurrence of an order named more than once. */
export type RunEntry = Pick<CancellerEntry, 'provider' | 'orderId' | 'result'> & {
  readonly duplicate?: boolean;
};

/**
 * One order as a JSON object: the `--json` line and the journal line. Flat and small on purpose: the provider's
 * raw body stays out, so a line is cheap to write and safe to keep. `status` is the HTTP status the provider
 * answered, also on success: Zinc, OfferGrid and Fungies say "already cancelled" with a 400, which is a success.
 */
export function jsonLine(entry: RunEntry): Record<string, unknown> {
  const { result, provider, orderId } = entry;
  const duplicate = entry.duplicate ? true : undefined;
  if (result.ok) {
    const { outcome, attempts, cancelledAt, status, requestId } = result.value;
    return { provider, orderId, ok: true, outcome, attempts, cancelledAt, status, requestId, duplicate };
  }
  const { code, message, status, retryable, reason, retryAfterMs, requestId, attempts } = result.error;
  return {
    provider,
    orderId,
    ok: false,
    error: { code, message, status, retryable, reason, retryAfterMs, requestId },
    attempts,
    duplicate,
  };
}
