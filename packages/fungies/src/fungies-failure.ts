import {
  type HttpResponse,
  type Interpretation,
  providerMessage,
  saysAlreadyCancelled,
} from '@cancel/core/provider';

// Fungies errors are `{status: "error", error: {message}}` with no code, so the message is all there is.
// Fungies' order statuses are upper case; one named in a refusal is the state that forbids the cancel.
const blockingStatus = /\b(PENDING|PAID|FAILED|UNPAID|REFUNDED|PARTIALLY_REFUNDED|EXPIRED)\b/;
const stateRefusal =
  /\b(?:status|state)\b|can\s*not be cancell?ed|can['’]?t be cancell?ed|not cancell?able|only [\w\s]+ can be cancell?ed/i;
const notFound = /not found|does not exist|doesn't exist|no such order/i;

/**
 * Fungies documents only a 400 for this endpoint; its other pages add 401 for a missing or invalid key and
 * 403 for a key without the rights. Refusals are classified by status first and by message second.
 */
export function interpretFungiesFailure(response: HttpResponse): Interpretation | undefined {
  if (response.status === 401) return { code: 'unauthorized', reason: 'missing or invalid key' };
  if (response.status === 403) {
    return { code: 'unauthorized', reason: 'insufficient permissions: cancelling needs write access' };
  }
  if (![400, 409, 422].includes(response.status)) return undefined;
  const message = providerMessage(response.body ?? response.text) ?? '';
  if (saysAlreadyCancelled(message)) return { outcome: 'already_cancelled' };
  const status = blockingStatus.exec(message)?.[1];
  if (status || stateRefusal.test(message)) return { code: 'not_cancellable', reason: status };
  if (notFound.test(message)) return { code: 'not_found' };
  return undefined;
}
