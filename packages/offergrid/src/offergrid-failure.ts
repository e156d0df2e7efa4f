import {
  type HttpResponse,
  type Interpretation,
  providerMessage,
  saysAlreadyCancelled,
} from '@cancel/core/provider';
import {
  isOfferGridOrderStatus,
  type OfferGridOrderStatus,
  statusInMessage,
} from './offergrid-order-status.js';

interface ErrorFields {
  readonly message?: unknown;
  readonly status?: unknown;
  readonly currentStatus?: unknown;
}

// NestJS: `{statusCode, message, error}`; `message` is an array when class-validator rejected the input. Every
// field is checked where it is used, so a schema would only add bytes.
const fieldsOf = (body: unknown): ErrorFields => (typeof body === 'object' && body !== null ? body : {});

/**
 * Refines a refusal. OfferGrid documents 400 as "cannot be cancelled in its current status", so a 400 is
 * `not_cancellable` unless it is a validation failure. 409 and 422 are not documented and become
 * `not_cancellable` only when their words are about cancelling or name the order's status.
 */
export function interpretOfferGridFailure(response: HttpResponse): Interpretation | undefined {
  const { status } = response;
  if (status !== 400 && status !== 409 && status !== 422) return undefined;
  const fields = fieldsOf(response.body);
  const message = providerMessage(response.body ?? response.text);
  const current: OfferGridOrderStatus | undefined =
    [fields.currentStatus, fields.status].find(isOfferGridOrderStatus) ?? statusInMessage(message);
  if (saysAlreadyCancelled(message) || current === 'cancelled') return { outcome: 'already_cancelled' };
  const validation = Array.isArray(fields.message) || /validation/i.test(message ?? '');
  if (validation) return undefined;
  if (status === 400 || current !== undefined || /cancel/i.test(message ?? '')) {
    return { code: 'not_cancellable', reason: current };
  }
  return undefined;
}
