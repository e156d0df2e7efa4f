/**
 * The events this package reads, as @cancel/core emits them (its `CancelEvent`): every one carries the
 * `callId` of its call, from `call-start` to `call-end`.
 */
export interface CallStart {
  readonly type: 'call-start';
  readonly callId: string;
  readonly provider: string;
  readonly orderIds: readonly string[];
  readonly method?: string;
  readonly url?: string;
}

export interface AttemptRequest {
  readonly type: 'request';
  readonly callId: string;
  readonly provider: string;
  readonly orderIds: readonly string[];
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
}

export interface AttemptResponse {
  readonly type: 'response';
  readonly callId: string;
  readonly attempt: number;
  readonly status: number;
  readonly requestId?: string;
}

export interface AttemptError {
  readonly type: 'attempt-error';
  readonly callId: string;
  readonly attempt: number;
  readonly code: 'network' | 'timeout' | 'aborted';
  readonly message: string;
}

export interface AttemptRetry {
  readonly type: 'retry';
  readonly callId: string;
  readonly attempt: number;
  readonly reason: string;
  readonly retryAfterMs?: number;
}

export interface CallEnd {
  readonly type: 'call-end';
  readonly callId: string;
  readonly provider: string;
  readonly orderIds: readonly string[];
  readonly attempts: number;
  readonly status?: number;
  readonly requestId?: string;
  readonly outcome?: string;
  readonly error?: { readonly code: string; readonly retryable: boolean; readonly message: string };
}

export type CallEvent = CallStart | AttemptRequest | AttemptResponse | AttemptError | AttemptRetry | CallEnd;

/**
 * What the returned listener accepts: any @cancel/core event. Typed loosely on purpose, so that it fits the
 * `onEvent` of every core version, including later ones with event types this package does not know.
 */
export interface TelemetryEvent {
  readonly type: string;
  readonly callId?: string;
}
