/** An order at a provider: what a run is made of. */
export interface OrderRef {
  readonly provider: string;
  readonly orderId: string;
}

export type OrderRefSource = Iterable<OrderRef> | AsyncIterable<OrderRef>;

/** Provider IDs as the packages spell them (`zinc`, `offergrid`); they name BullMQ queues and Redis keys. */
const providerPattern = /^[a-z][a-z0-9_-]{0,63}$/;

/** What is wrong with a reference, or undefined; the order ID itself is checked by the provider's client. */
export function checkRef(ref: unknown): string | undefined {
  if (typeof ref !== 'object' || ref === null) return 'expected an object { provider, orderId }';
  const { provider, orderId } = ref as Record<string, unknown>;
  if (typeof provider !== 'string' || !providerPattern.test(provider)) {
    return `provider ${JSON.stringify(provider)} is not a provider ID such as "zinc" (lower-case letters, digits, - and _)`;
  }
  if (typeof orderId !== 'string' || orderId.length === 0)
    return `orderId ${JSON.stringify(orderId)} is not a non-empty string`;
  if (orderId.length > 1024) return `orderId has ${orderId.length} characters; at most 1024 are accepted`;
  return undefined;
}
