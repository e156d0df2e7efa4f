import { type AttemptFailure, classify } from './attempt.js';
import type { CallState } from './call.js';
import { CancelError, type CancelErrorCode } from './cancel-error.js';
import type { BodyRead } from './read-body.js';

const tries = (attempts: number) => (attempts === 1 ? '1 attempt' : `${attempts} attempts`);

/** What the user reads when a call ends without a usable answer: what happened, and what to do. */
export function failureMessage(call: CallState, failure: AttemptFailure): string {
  const who = call.displayName;
  const { settings, attempts } = call;
  if (failure.code === 'aborted') {
    return `The call to ${who} was aborted by your signal ${attempts ? `after ${tries(attempts)}; the cancel may or may not have reached ${who}` : 'before anything was sent'}.`;
  }
  if (failure.code === 'timeout') {
    return failure.total
      ? `${who} did not finish within totalTimeoutMs (${settings.totalTimeoutMs} ms, ${tries(attempts)}); raise it or try again later.`
      : `${who} did not answer within ${settings.timeoutMs} ms per attempt (${tries(attempts)}); raise timeoutMs or try again later.`;
  }
  if (failure.code === 'invalid_response') {
    return `The custom \`fetch\` did not return a Response; the cancel may or may not have reached ${who}.`;
  }
  const detail = failure.cause?.message ?? 'unknown error';
  const code = failure.cause?.code;
  return `Could not reach ${who} at ${new URL(call.request.url).origin} (${detail}${code && !detail.includes(code) ? `, ${code}` : ''}) after ${tries(attempts)}; check the network and the baseUrl.`;
}

/** The error for an answer whose body could not be read. */
export function unreadBodyError(
  call: CallState,
  unread: Exclude<BodyRead, { text: string }>['unread'],
  status: number,
) {
  const who = call.displayName;
  if (unread === 'aborted') {
    // The caller's signal or the total deadline, which both abort the body through the call's signal.
    const failure = classify(call, undefined);
    return callError(call, failure.code, failureMessage(call, failure), { status });
  }
  if (unread === 'timeout') {
    return callError(
      call,
      'timeout',
      `${who} answered HTTP ${status} but its body did not arrive within ${call.settings.timeoutMs} ms; try again later.`,
      { status },
    );
  }
  return callError(
    call,
    'invalid_response',
    unread === 'too_large'
      ? `${who} answered HTTP ${status} with a body over ${call.settings.maxBodyBytes} bytes; it was not read. The order may or may not be cancelled; check it at ${who}.`
      : `${who} answered HTTP ${status} but the body could not be read; check the order at ${who}.`,
    { status },
  );
}

export function callError(
  call: CallState,
  code: CancelErrorCode,
  message: string,
  extra: { cause?: unknown; status?: number } = {},
): CancelError {
  const { orderIds } = call;
  return new CancelError({
    code,
    message,
    provider: call.provider,
    orderId: orderIds.length === 1 ? orderIds[0] : undefined,
    attempts: call.attempts,
    ...extra,
  });
}
