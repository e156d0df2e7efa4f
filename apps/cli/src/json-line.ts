import type { BulkEntry } from '@cancel/core';

/**
 * One order as a JSON object: the `--json` line and the journal line. Flat and small on purpose: the provider's
 * raw body stays out, so a line is cheap to write and safe to keep.
 */
export function jsonLine(provider: string, entry: BulkEntry): Record<string, unknown> {
  const { result } = entry;
  if (result.ok) {
    const { outcome, attempts, cancelledAt, status, requestId } = result.value;
    return { provider, orderId: entry.orderId, ok: true, outcome, attempts, cancelledAt, status, requestId };
  }
  const { code, message, status, retryable, reason, retryAfterMs, requestId, attempts } = result.error;
  return {
    provider,
    orderId: entry.orderId,
    ok: false,
    error: { code, message, status, retryable, reason, retryAfterMs, requestId },
    attempts,
  };
}
