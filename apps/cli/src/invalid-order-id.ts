import { checkOrderId } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';

/** What is wrong with an order ID for this provider, in the words the client itself would use; or undefined. */
export function invalidOrderId(orderId: string, provider: ProviderFacts): string | undefined {
  const wrong = checkOrderId(orderId, provider.orderId);
  if (!wrong) return undefined;
  const shown = JSON.stringify(orderId.length > 60 ? `${orderId.slice(0, 40)}…` : orderId);
  const expected = wrong.startsWith('expected') ? '' : `; expected ${provider.orderId.description}`;
  return `${shown} is not a valid ${provider.displayName} order ID: ${wrong}${expected}. Nothing was sent.`;
}
