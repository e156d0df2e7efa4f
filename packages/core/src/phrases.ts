// "already cancelled", "has already been canceled", `order_already_cancelled`, "order is cancelled",
// "status is CANCELLED": how providers say an order was cancelled before, in words or codes. Deliberately tight:
// "already refunded, cannot be cancelled" must not read as success.
const alreadyCancelled =
  /already[\s_-]*(?:been[\s_-]*)?cancell?ed|\b(?:is|was)[\s_-]+(?:already[\s_-]+)?cancell?ed\b|\bstatus[\s:_-]+(?:is[\s_-]+)?(?:already[\s_-]+)?["']?cancell?ed\b/i;

export function saysAlreadyCancelled(text: string | undefined): boolean {
  return text !== undefined && alreadyCancelled.test(text);
}

/** A provider timestamp as ISO 8601, or undefined when absent or not a date. */
export function isoDate(value: unknown): string | undefined {
  // Numbers are left out: seconds and milliseconds since the epoch cannot be told apart.
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
