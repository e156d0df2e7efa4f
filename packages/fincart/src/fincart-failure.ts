import {
  type HttpResponse,
  type Interpretation,
  providerMessage,
  saysAlreadyCancelled,
} from '@cancel/core/provider';

// Only `pending` orders can be cancelled; a refusal that names a state or cancellability is about the order.
const stateRefusal =
  /\b(pending|processing|successful|unsuccessful|status|state)\b|already cancel|can ?not be cancel|cannot cancel|not cancell?able/i;
const notFound = /not found|does not exist|doesn't exist|no such order|no orders? found/i;

function stateIn(message: string): string | undefined {
  if (/already cancel/i.test(message)) return 'cancelled';
  return /\b(processing|unsuccessful|successful)\b/i.exec(message)?.[1]?.toLowerCase();
}

/**
 * Fincart documents only its 403. Other refusals are classified by HTTP status first and by message second;
 * core keeps the body as `details` either way.
 */
export function interpretFincartFailure(
  response: HttpResponse,
  orderIds: readonly string[],
): Interpretation | undefined {
  if (![400, 404, 409, 422].includes(response.status)) return undefined;
  const message = providerMessage(response.body ?? response.text) ?? '';
  // Only an answer about one order can say that order was cancelled before; a batch is narrowed down first.
  if (orderIds.length === 1 && saysAlreadyCancelled(message)) return { outcome: 'already_cancelled' };
  if (stateRefusal.test(message)) return { code: 'not_cancellable', reason: stateIn(message) };
  if (response.status === 404 || notFound.test(message)) return { code: 'not_found' };
  return { code: 'rejected' };
}
