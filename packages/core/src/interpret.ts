import { CancelError, type CancelErrorCode, codeForStatus } from './cancel-error.js';
import type { Cancellation } from './cancellation.js';
import type { Interpretation, ProviderSpec } from './provider.js';
import { providerMessage } from './provider-message.js';
import { redactDeep, redactText } from './redact.js';
import { err, ok, type Result } from './result.js';
import type { HttpResponse } from './transport.js';

type Writable<T> = { -readonly [Key in keyof T]: T[Key] };

interface MessageContext {
  readonly who: string;
  readonly order: string;
  readonly status: number;
  readonly said: string;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;
  readonly reason: string | undefined;
  /** What came instead of the documented answer: a body it does not describe, a redirect. */
  readonly unexpected: string | undefined;
  readonly credentialHint: string;
}

// Codes a provider's answer can lead to; any other code a provider's `failure` picks gets the `rejected` wording.
const messages: Partial<Record<CancelErrorCode, (context: MessageContext) => string>> = {
  unauthorized: (c) =>
    `${c.who} refused the credentials (HTTP ${c.status})${c.reason ? `, ${c.reason}` : ''}${c.said}. Check ${c.credentialHint} and that the key may cancel orders.`,
  not_found: (c) =>
    `${c.who} has no ${c.order} for this account (HTTP ${c.status})${c.said}. Check the ID and that the credentials belong to the account that owns it.`,
  not_cancellable: (c) =>
    `${c.who} cannot cancel ${c.order} in its current state${c.reason ? ` (${c.reason})` : ''}${c.said}. It has moved past the point where it can be cancelled through the API; contact ${c.who} if it must still be stopped.`,
  rate_limited: (c) =>
    `${c.who} is limiting the request rate (HTTP ${c.status}) after ${c.attempts} attempt(s)${c.retryAfterMs === undefined ? '' : `; it asks to wait ${Math.ceil(c.retryAfterMs / 1000)} s`}. Retry later or lower the concurrency.`,
  provider_error: (c) =>
    `${c.who} had a server error (HTTP ${c.status}) after ${c.attempts} attempt(s)${c.said}. Retry later; the cancel may or may not have been applied.`,
  timeout: (c) =>
    `${c.who} timed out the request (HTTP ${c.status}) after ${c.attempts} attempt(s). Retry later.`,
  invalid_response: (c) =>
    `${c.who} answered HTTP ${c.status} with ${c.unexpected ?? 'a body its documentation does not describe'}. The order may or may not be cancelled; check it at ${c.who}.`,
};
const refused = (c: MessageContext) => `${c.who} refused to cancel ${c.order} (HTTP ${c.status})${c.said}.`;

/** What the answer means: the provider's reading of it, else what its HTTP status says. */
function interpretationOf<Options>(
  spec: ProviderSpec<Options>,
  response: HttpResponse,
  orderIds: readonly string[],
): Interpretation {
  const { status } = response;
  if (status >= 200 && status < 300) return spec.success(response, orderIds);
  const redirect =
    status < 400 &&
    `a redirect to ${response.headers.get('location') ?? 'elsewhere'}, which is not followed so that credentials stay with ${spec.displayName}`;
  return (
    spec.failure?.(response, orderIds) ?? { code: codeForStatus(status), unexpected: redirect || undefined }
  );
}

/** Turns the provider's final HTTP answer into the Result the user sees. */
export function interpretResponse<Options>(
  spec: ProviderSpec<Options>,
  response: HttpResponse,
  orderIds: readonly string[],
  secrets: readonly string[],
): Result<Cancellation> {
  const orderId = orderIds.length === 1 ? orderIds[0]! : '';
  const { status, attempts, requestId } = response;
  const interpretation = interpretationOf(spec, response, orderIds);
  const raw = response.body === undefined ? undefined : redactDeep(response.body, secrets);
  if ('outcome' in interpretation) {
    const { outcome, cancelledAt } = interpretation;
    const cancellation: Writable<Cancellation> = { provider: spec.id, orderId, outcome, attempts, status };
    // Assigned rather than spread from conditional objects: each spread is a property copy on every cancel.
    if (cancelledAt) cancellation.cancelledAt = cancelledAt;
    if (requestId) cancellation.requestId = requestId;
    if (raw !== undefined) cancellation.raw = raw;
    return ok(cancellation);
  }
  const said = status >= 300 && providerMessage(raw ?? response.text);
  const context: MessageContext = {
    who: spec.displayName,
    order: orderId ? `order ${JSON.stringify(orderId)}` : `the ${orderIds.length} orders`,
    status,
    said: said ? `: "${redactText(said, secrets)}"` : '',
    attempts,
    retryAfterMs: response.retryAfterMs,
    reason: interpretation.reason,
    unexpected: interpretation.unexpected && redactText(interpretation.unexpected, secrets),
    credentialHint: spec.credentials
      .filter((credential) => !credential.optional)
      .map((credential) => `${credential.env} (or \`${credential.option}\`)`)
      .join(' and '),
  };
  return err(
    new CancelError({
      code: interpretation.code,
      message: (messages[interpretation.code] ?? refused)(context),
      provider: spec.id,
      orderId: orderId || undefined,
      attempts,
      status,
      requestId,
      retryAfterMs: response.retryAfterMs,
      reason: interpretation.reason,
      details: raw ?? (response.text ? redactText(response.text.slice(0, 2000), secrets) : undefined),
    }),
  );
}
