/** OfferGrid's item statuses, from its public documentation. Only orders not yet accepted can be cancelled. */
export const offerGridOrderStatuses = [
  'pending',
  'submitted_to_provider',
  'accepted',
  'rejected',
  'scheduled',
  'in_progress',
  'completed',
  'active',
  'cancelled',
  'failed',
] as const;

export type OfferGridOrderStatus = (typeof offerGridOrderStatuses)[number];

export function isOfferGridOrderStatus(value: unknown): value is OfferGridOrderStatus {
  return typeof value === 'string' && (offerGridOrderStatuses as readonly string[]).includes(value);
}

/**
 * The current status named in a message such as "Order with status 'accepted' cannot be cancelled" or
 * "Cannot cancel order in status IN_PROGRESS". Only a word right after "status" counts: "only pending orders
 * can be cancelled" names the allowed statuses, not the order's.
 */
export function statusInMessage(message: string | undefined): OfferGridOrderStatus | undefined {
  const named = message?.match(/\bstatus(?:\s+is)?[\s:'"`]+([a-z_]+)/i)?.[1]?.toLowerCase();
  return isOfferGridOrderStatus(named) ? named : undefined;
}
