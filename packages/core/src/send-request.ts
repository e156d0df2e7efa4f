import { splitsBatch } from './batch-split.js';
import type { Cancellation } from './cancellation.js';
import { clientError } from './client-error.js';
import { emitUnsent } from './events.js';
import { interpretResponse } from './interpret.js';
import type { PreparedCall } from './prepare-call.js';
import { type ProviderSpec, type RequestSpec, requestFor } from './provider.js';
import type { RateLimiter } from './rate-limiter.js';
import { redactText } from './redact.js';
import { err, ok, type Result } from './result.js';
import type { ClientSettings } from './settings.js';
import { messageOf } from './text.js';
import { type HttpResponse, send } from './transport.js';
import { joinUrl } from './url.js';

export interface RequestSender<Options> {
  /** One request for these IDs (one ID, or one batch), its retries, and the provider's reading of the answer. */
  readonly sendRequest: (
    prepared: PreparedCall<Options>,
    orderIds: readonly string[],
  ) => Promise<Result<Cancellation>>;
  /** One batch, split when refused, with a result per ID. */
  readonly sendBatch: (
    prepared: PreparedCall<Options>,
    orderIds: readonly string[],
  ) => Promise<Result<Cancellation>[]>;
}

/** The client's sending: requests built from the provider's spec, sent through the transport with one limiter. */
export function requestSender<Options>(
  spec: ProviderSpec<Options>,
  settings: ClientSettings,
  limiter: RateLimiter | undefined,
): RequestSender<Options> {
  const who = spec.displayName;
  async function sendRequest(
    { options, baseUrl, credentials, secrets }: PreparedCall<Options>,
    orderIds: readonly string[],
  ): Promise<Result<Cancellation>> {
    let request: RequestSpec;
    let url: string;
    try {
      request = requestFor(spec, orderIds, { credentials, options });
      url = joinUrl(baseUrl, request.path);
    } catch (error) {
      // A value the provider puts in its path that cannot be encoded: half a surrogate pair in an option, say.
      const message = `Could not build the ${who} request: ${redactText(messageOf(error), secrets)}. Nothing was sent.`;
      const failure = clientError(spec, 'invalid_input', message);
      emitUnsent(options.onEvent, spec.id, orderIds, failure);
      return err(failure);
    }
    const interpret = (response: HttpResponse) => interpretResponse(spec, response, orderIds, secrets);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const layer of [settings.headers, options.headers, request.headers]) {
      if (layer) for (const name in layer) headers[name.toLowerCase()] = layer[name]!;
    }
    return send(
      { method: request.method, url, headers, json: request.json },
      { provider: spec.id, displayName: who, orderIds, secrets, settings: options, limiter, interpret },
    );
  }

  /** A refused batch is split in halves (batch-split.ts); the rest of the batch still goes through. */
  async function sendBatch(
    prepared: PreparedCall<Options>,
    orderIds: readonly string[],
  ): Promise<Result<Cancellation>[]> {
    const result = await sendRequest(prepared, orderIds);
    if (result.ok) return orderIds.map((orderId) => ok({ ...result.value, orderId }));
    if (splitsBatch(orderIds, result.error.code)) {
      const middle = Math.ceil(orderIds.length / 2);
      const halves = await Promise.all([
        sendBatch(prepared, orderIds.slice(0, middle)),
        sendBatch(prepared, orderIds.slice(middle)),
      ]);
      return halves.flat();
    }
    return orderIds.map((orderId) => err(result.error.withOrderId(orderId)));
  }

  return { sendRequest, sendBatch };
}
