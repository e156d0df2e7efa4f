import { type AttemptOutcome, attempt, classify, resultOf } from './attempt.js';
import type { CallState } from './call.js';
import { discardBody } from './read-body.js';
import { retryDelay } from './retry-policy.js';

// ky is loaded on the first retry, not at import: its feature checks build a Request at load, which makes Node set
// up fetch. Most calls never need it.
let kyModule: Promise<typeof import('ky')> | undefined;

/** Thrown to ky after every attempt, so that ky never fetches or reads an answer itself: it only schedules. */
const attempted = new Error('attempted');

/**
 * Hands a first attempt that needs retrying to ky, which schedules the retries: how many, and the wait before
 * each, interrupted at once by an abort. Which outcome is retried, and after how long, is the retry policy's
 * answer, given to ky through `shouldRetry` (always true or false, so ky's own reading of `Retry-After`, which waits
 * its maximum on a value it cannot read, is never reached) and `delay`.
 */
export async function retryWithKy(call: CallState, first: AttemptOutcome): Promise<AttemptOutcome> {
  kyModule ??= import('ky');
  const { default: ky } = await kyModule;
  let latest = first;
  let waitMs = 0;
  try {
    await ky(call.request.url, {
      method: call.request.method,
      signal: call.signal,
      // Each attempt has its own deadline, in attempt().
      timeout: false,
      retry: {
        limit: call.settings.retries,
        methods: ['post', 'patch'],
        shouldRetry: ({ retryCount }) => {
          const delay = call.signal?.aborted
            ? undefined
            : retryDelay(resultOf(latest), retryCount, call.settings);
          if (delay === undefined) return false;
          reportRetry(call, latest);
          waitMs = delay;
          return true;
        },
        delay: () => waitMs,
      },
      hooks: {
        beforeRequest: [
          async (_request, _options, { retryCount }) => {
            if (retryCount > 0) latest = await attempt(call);
            throw attempted;
          },
        ],
      },
    });
  } catch (error) {
    // An abort, or the total deadline, during a wait between attempts ends the call with it.
    if (error !== attempted) latest = { failure: classify(call, error) };
  }
  return latest;
}

/** Reports the retry of the attempt just made, and lets go of its body: only the last answer's is read. */
export function reportRetry(call: CallState, outcome: AttemptOutcome): void {
  const attempt = call.attempts;
  if ('failure' in outcome) {
    call.emit?.({ type: 'retry', attempt, reason: outcome.failure.code });
    return;
  }
  const { response, status, retryAfterMs } = outcome.answer;
  discardBody(response);
  call.emit?.({ type: 'retry', attempt, reason: `HTTP ${status}`, retryAfterMs });
}
