/** Zinc's order statuses, from its public documentation. Only `pending` orders can be cancelled. */
export const zincOrderStatuses = [
  'pending',
  'in_progress',
  'order_placed',
  'order_failed',
  'cancelled',
  'cancelled_by_retailer',
] as const;

export type ZincOrderStatus = (typeof zincOrderStatuses)[number];

const cancelledStatuses: ReadonlySet<string> = new Set(['cancelled', 'cancelled_by_retailer']);

/** A retailer's cancel counts too: either way the order will not be fulfilled. */
export function isCancelledStatus(status: string | undefined): boolean {
  return status !== undefined && cancelledStatuses.has(status);
}

export function isZincOrderStatus(value: unknown): value is ZincOrderStatus {
  return typeof value === 'string' && (zincOrderStatuses as readonly string[]).includes(value);
}
