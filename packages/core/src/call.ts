import { callEmitter, type Emit } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Resolved } from './settings.js';

export interface HttpRequest {
  readonly method: 'POST' | 'PATCH';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export interface TransportOptions {
  readonly provider: string;
  readonly displayName: string;
  readonly orderIds: readonly string[];
  readonly secrets: readonly string[];
  /** The client's settings and this call's options over the defaults. */
  readonly settings: Resolved<object>;
  /** Shared by every call of one client: paces attempts and learns from 429s. */
  readonly limiter: RateLimiter | undefined;
}

/** One request sequence (the first attempt and its retries) and what its attempts share. */
export interface CallState extends TransportOptions {
  readonly request: HttpRequest;
  readonly init: RequestInit;
  /** The caller's abort and the total deadline together. */
  readonly signal: AbortSignal | undefined;
  readonly total: AbortSignal | undefined;
  readonly emit: Emit | undefined;
  readonly startedAt: number;
  /** Attempts started so far. */
  attempts: number;
  /** Whether an attempt holds one of the limiter's in-flight slots. */
  holdsSlot: boolean;
}

export function openCall(request: HttpRequest, options: TransportOptions): CallState {
  const { settings } = options;
  const total = settings.totalTimeoutMs ? AbortSignal.timeout(settings.totalTimeoutMs) : undefined;
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  return {
    ...options,
    request,
    // A redirect is never followed: the credentials in these headers must not travel to another origin.
    init: {
      method: request.method,
      headers:
        body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers },
      body,
      redirect: 'manual',
    },
    signal: total && settings.signal ? AbortSignal.any([settings.signal, total]) : (total ?? settings.signal),
    total,
    emit: callEmitter(settings.onEvent, options.provider, options.orderIds),
    startedAt: performance.now(),
    attempts: 0,
    holdsSlot: false,
  };
}

/** Gives back the limiter slot the current attempt holds, if any: a leaked one would slow every later call. */
export function releaseSlot(call: CallState): void {
  if (call.holdsSlot) call.limiter?.release();
  call.holdsSlot = false;
}

export const elapsedMs = (since: number): number => Math.round(performance.now() - since);

/** The longest Retry-After a call waits out: `maxWaitMs` (bulk runs) when longer than `maxRetryAfterMs`. */
export const longestWait = (settings: Resolved<object>): number =>
  Math.max(settings.maxRetryAfterMs, settings.maxWaitMs ?? 0);
