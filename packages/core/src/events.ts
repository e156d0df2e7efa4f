import { splitsBatch } from './batch-split.js';
import type { CancelError, CancelErrorCode } from './cancel-error.js';
import type { Cancellation, Outcome } from './cancellation.js';
import { err, type Result } from './result.js';

/** Fields every event carries. */
interface EventBase {
  /**
   * One call: the first attempt and its retries, for one order or one Fincart batch (a batch split after a refusal
   * makes new calls for its halves). Unique within the process.
   */
  readonly callId: string;
  readonly provider: string;
  readonly orderIds: readonly string[];
}

/**
 * What a client reports about each call and attempt, with every secret already replaced by [REDACTED]. Per call:
 * `call-start`, then per attempt `request` and `response` or `attempt-error`, `retry` between attempts, and exactly
 * one `call-end`. A cancel that fails before any request still has its `call-start` and `call-end` (attempts 0).
 */
export type CancelEvent =
  | (EventBase & {
      readonly type: 'call-start';
      /** Absent when the cancel failed before a request was built. */
      readonly method?: string;
      readonly url?: string;
    })
  | (EventBase & {
      readonly type: 'request';
      readonly attempt: number;
      readonly method: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
    })
  | (EventBase & {
      readonly type: 'response';
      readonly attempt: number;
      readonly status: number;
      readonly durationMs: number;
      readonly requestId?: string;
    })
  | (EventBase & {
      /** The attempt ended without an HTTP answer. */
      readonly type: 'attempt-error';
      readonly attempt: number;
      readonly durationMs: number;
      readonly code: 'network' | 'timeout' | 'aborted';
      readonly message: string;
    })
  | (EventBase & {
      readonly type: 'retry';
      /** The attempt that failed; the next one is `attempt + 1`. */
      readonly attempt: number;
      /** `HTTP 503`, `network`, `timeout`. */
      readonly reason: string;
      readonly retryAfterMs?: number;
    })
  | (EventBase & {
      readonly type: 'call-end';
      /** Attempts made; 0 when nothing was sent. */
      readonly attempts: number;
      readonly durationMs: number;
      /** The final HTTP status, when an answer came. */
      readonly status?: number;
      readonly requestId?: string;
      /** When the call succeeded (for a batch: the batch's answer). */
      readonly outcome?: Outcome;
      /** When the call failed. */
      readonly error?: {
        readonly code: CancelErrorCode;
        readonly retryable: boolean;
        readonly message: string;
      };
      /**
       * A batch refused as a whole, which core sends again in halves: the calls of the halves report its orders,
       * so a count of finished orders skips this one.
       */
      readonly split?: true;
    });

/**
 * Called synchronously, inside the call's async context. A listener that throws, or returns a promise that rejects,
 * never changes a cancel's outcome and never crashes the process: the error is swallowed.
 */
export type CancelEventListener = (event: CancelEvent) => unknown;

type Distribute<Event> = Event extends CancelEvent ? Omit<Event, keyof EventBase> : never;
/** An event without the fields an emitter adds. */
export type EventBody = Distribute<CancelEvent>;

export type Emit = (event: EventBody) => void;

const swallow = () => {};
// A random prefix keeps the IDs of two copies of core in one process apart.
const callIdPrefix = Math.random().toString(36).slice(2, 8);
let calls = 0;

/**
 * An emitter for one call: adds its callId, provider and order IDs to each event, and keeps the listener's errors
 * away from the call. Undefined when nobody listens, so a call without a listener builds no events at all.
 */
export function callEmitter(
  listener: CancelEventListener | undefined,
  provider: string,
  orderIds: readonly string[],
): Emit | undefined {
  if (typeof listener !== 'function') return undefined;
  const base = { callId: `${callIdPrefix}-${++calls}`, provider, orderIds };
  return (event) => {
    try {
      const returned = listener({ ...base, ...event } as CancelEvent);
      if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function')
        (returned as PromiseLike<unknown>).then(undefined, swallow);
    } catch {
      // A failing listener must not change the outcome of a cancel.
    }
  };
}

/** What a `call-end` reports of a call's value: a Cancellation, or the bare HTTP answer. */
export type CallValue = Pick<Cancellation, 'attempts' | 'status' | 'requestId'> & {
  readonly outcome?: Outcome;
};

export function callEnd(
  result: Result<CallValue>,
  durationMs: number,
  orderIds: readonly string[],
): EventBody {
  const { attempts, status, requestId } = result.ok ? result.value : result.error;
  const end = { type: 'call-end', attempts, durationMs, status, requestId } as const;
  if (result.ok) return { ...end, outcome: result.value.outcome };
  const { code, retryable, message } = result.error;
  const error = { code, retryable, message };
  return splitsBatch(orderIds, code) ? { ...end, error, split: true } : { ...end, error };
}

/** `call-start` and `call-end` for a cancel that failed before any request: every cancel is seen ending. */
export function emitUnsent(
  listener: CancelEventListener | undefined,
  provider: string,
  orderIds: readonly string[],
  error: CancelError,
): void {
  const emit = callEmitter(listener, provider, orderIds);
  if (!emit) return;
  emit({ type: 'call-start' });
  emit(callEnd(err(error), 0, orderIds));
}
