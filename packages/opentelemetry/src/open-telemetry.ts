import type { CancelEvent } from '@cancel/core';
import {
  type Attributes,
  type Context,
  context,
  type MeterProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_FULL,
  ERROR_TYPE_VALUE_OTHER,
} from '@opentelemetry/semantic-conventions';
import {
  ATTR_CANCEL_ATTEMPTS,
  ATTR_CANCEL_BATCH_SPLIT,
  ATTR_CANCEL_ERROR_CODE,
  ATTR_CANCEL_INCOMPLETE,
  ATTR_CANCEL_OUTCOME,
  ATTR_CANCEL_PROVIDER,
  ATTR_CANCEL_REQUEST_ID,
  ATTR_CANCEL_RETRY_AFTER_MS,
  ATTR_CANCEL_RETRY_REASON,
  ATTR_CANCEL_RETRYABLE,
  type HttpTarget,
  httpTarget,
  orderAttributes,
} from './attributes.js';
import type { EventOf, TelemetryEvent } from './call-events.js';
import { type Instruments, instrumentsOf } from './instruments.js';
import { scope } from './scope.js';

export interface OpenTelemetryOptions {
  /** Where spans go; the global tracer provider when not given. */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go; the global meter provider (looked up at each use) when not given. */
  readonly meterProvider?: MeterProvider;
  /**
   * Calls whose spans may be open at once (default 10,000). Beyond it the oldest is ended, marked
   * `cancel.incomplete`, so memory stays bounded even if a call's end never arrives.
   */
  readonly maxOpenCalls?: number;
}

/** What a client's `onEvent` takes. */
export type TelemetryListener = (event: TelemetryEvent) => void;

interface OpenAttempt {
  /** Absent when the call's span is not recorded (no SDK, or sampled out): nor would the attempt's be. */
  readonly span: Span | undefined;
  readonly startedAt: number;
  /** The duration histogram's attributes known at the start. */
  readonly metric: Attributes;
}

/** How an attempt ended: its answer's status, or the error type of an attempt that failed. */
interface AttemptEnd {
  readonly status?: number;
  readonly errorType?: string | undefined;
  readonly message?: string | undefined;
  readonly requestId?: string | undefined;
}

interface OpenCall {
  readonly span: Span;
  /** The context attempt spans start in: the caller's, with the call's span; absent when it is not recorded. */
  readonly context: Context | undefined;
  readonly provider: string;
  readonly orderIds: readonly string[];
  attempt?: OpenAttempt;
}

/** Epoch milliseconds with the sub-millisecond precision spans keep, so a span and its histogram point agree. */
const now = () => performance.timeOrigin + performance.now();

/** Error, with the (redacted) message when there is more to say than the status code or error type. */
const errorStatus = (message: string | undefined) =>
  message ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR };

/**
 * Traces and metrics for every cancel of a client, following the OpenTelemetry HTTP client conventions:
 * `createZinc({ onEvent: openTelemetry() })`. One `cancel_order <provider>` span per call (one order, or one
 * Fincart batch), with one `POST`/`PATCH` client span per HTTP attempt under it; `http.client.request.duration`
 * per attempt and `cancel.orders` per finished order.
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): TelemetryListener {
  checkOptions(options);
  const telemetry = new CallTelemetry(options);
  return (event) => telemetry.handle(event as CancelEvent);
}

/** A wrong option fails here, when the client is set up, rather than as missing telemetry in production. */
function checkOptions({ tracerProvider, meterProvider, maxOpenCalls }: OpenTelemetryOptions) {
  const problems = [
    tracerProvider !== undefined &&
      typeof tracerProvider?.getTracer !== 'function' &&
      "`tracerProvider` must be an OpenTelemetry TracerProvider (an object with getTracer), such as the SDK's",
    meterProvider !== undefined &&
      typeof meterProvider?.getMeter !== 'function' &&
      "`meterProvider` must be an OpenTelemetry MeterProvider (an object with getMeter), such as the SDK's",
    maxOpenCalls !== undefined &&
      !(Number.isInteger(maxOpenCalls) && maxOpenCalls > 0) &&
      `\`maxOpenCalls\` must be a whole number above 0, not ${String(maxOpenCalls)}`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new TypeError(`openTelemetry(): ${problems.join('; ')}. Leave an option out to use its default.`);
  }
}

/** The spans of the calls in flight, by `callId`, and the instruments their ends are recorded in. */
class CallTelemetry {
  private readonly tracer: Tracer;
  private readonly instruments: () => Instruments;
  private readonly maxOpenCalls: number;
  private readonly calls = new Map<string, OpenCall>();

  constructor(options: OpenTelemetryOptions) {
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(scope.name, scope.version);
    this.instruments = instrumentsOf(options.meterProvider);
    this.maxOpenCalls = options.maxOpenCalls ?? 10_000;
  }

  handle(event: CancelEvent) {
    if (event.type === 'call-start') return this.startCall(event);
    if (event.type === 'call-end') return this.endCall(event);
    const call = event.callId === undefined ? undefined : this.calls.get(event.callId);
    if (!call) return;
    if (event.type === 'request') this.startAttempt(call, event);
    else if (event.type === 'response') this.answered(call, event);
    else if (event.type === 'attempt-error') this.failedAttempt(call, event);
    else if (event.type === 'retry') this.retried(call, event);
  }

  private startCall(event: EventOf<'call-start'>) {
    // The caller's context: core calls listeners synchronously inside the cancel's own async context.
    const parent = context.active();
    const span = this.tracer.startSpan(
      `cancel_order ${event.provider}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: orderAttributes(event.provider, event.orderIds),
        startTime: now(),
      },
      parent,
    );
    this.calls.set(event.callId, {
      span,
      context: span.isRecording() ? trace.setSpan(parent, span) : undefined,
      provider: event.provider,
      orderIds: event.orderIds,
    });
    if (this.calls.size > this.maxOpenCalls) this.evictOldest();
  }

  private evictOldest() {
    const [callId, call] = this.calls.entries().next().value!;
    this.calls.delete(callId);
    const at = now();
    for (const span of [call.attempt?.span, call.span]) {
      span?.setAttribute(ATTR_CANCEL_INCOMPLETE, true);
      span?.end(at);
    }
  }

  private startAttempt(call: OpenCall, event: EventOf<'request'>) {
    if (call.attempt) this.endAttempt(call, {});
    const target = httpTarget(event.method, event.url);
    const startedAt = now();
    call.attempt = {
      span: this.attemptSpan(call, event, target, startedAt),
      startedAt,
      metric: target.metric,
    };
  }

  /**
   * The attempt's CLIENT span, under its call's. None under a call span that is not recorded: with the default
   * parent-based sampling the attempt's would not be either, and a cancel without an SDK then costs next to
   * nothing beyond the metrics.
   */
  private attemptSpan(call: OpenCall, event: EventOf<'request'>, target: HttpTarget, startTime: number) {
    if (!call.context) return undefined;
    const attributes: Attributes = {
      ...target.metric,
      ...orderAttributes(call.provider, call.orderIds, false),
    };
    const full = target.fullUrl(event.url);
    if (full) attributes[ATTR_URL_FULL] = full;
    if (event.attempt > 1) attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = event.attempt - 1;
    return this.tracer.startSpan(
      target.spanName,
      { kind: SpanKind.CLIENT, attributes, startTime },
      call.context,
    );
  }

  /** Ends the open attempt with what its answer (or the lack of one) said, and records its duration. */
  private endAttempt(call: OpenCall, end: AttemptEnd) {
    const attempt = call.attempt;
    if (!attempt) return;
    call.attempt = undefined;
    const endedAt = now();
    const metric: Attributes = { ...attempt.metric };
    if (end.status !== undefined) metric[ATTR_HTTP_RESPONSE_STATUS_CODE] = end.status;
    if (end.errorType !== undefined) metric[ATTR_ERROR_TYPE] = end.errorType;
    const span = attempt.span;
    if (span) {
      span.setAttributes(metric);
      if (end.requestId) span.setAttribute(ATTR_CANCEL_REQUEST_ID, end.requestId);
      if (end.errorType !== undefined) span.setStatus(errorStatus(end.message));
      span.end(endedAt);
    }
    this.instruments().requestDuration.record((endedAt - attempt.startedAt) / 1000, metric);
  }

  private answered(call: OpenCall, event: EventOf<'response'>) {
    // A client's 4xx is an error as much as a 5xx (the conventions); the status code says it all, so no message.
    const errorType = event.status >= 400 ? String(event.status) : undefined;
    this.endAttempt(call, { status: event.status, errorType, requestId: event.requestId });
  }

  private failedAttempt(call: OpenCall, event: EventOf<'attempt-error'>) {
    // A cancel the caller aborted is not an error of the request (the conventions): no status, no error.type.
    if (event.code === 'aborted') this.endAttempt(call, {});
    else this.endAttempt(call, { errorType: event.code, message: event.message });
  }

  private retried(call: OpenCall, event: EventOf<'retry'>) {
    const attributes: Attributes = {
      [ATTR_CANCEL_RETRY_REASON]: event.reason,
      [ATTR_HTTP_REQUEST_RESEND_COUNT]: event.attempt,
    };
    if (event.retryAfterMs !== undefined) attributes[ATTR_CANCEL_RETRY_AFTER_MS] = event.retryAfterMs;
    call.span.addEvent('cancel.retry', attributes);
  }

  private endCall(event: EventOf<'call-end'>) {
    const call = this.calls.get(event.callId);
    this.calls.delete(event.callId);
    const { error } = event;
    // An aborted cancel was the caller's choice, not a failure; every other error code is one.
    const errorType = error && error.code !== 'aborted' ? error.code : undefined;
    const labels: Attributes = { [ATTR_CANCEL_PROVIDER]: event.provider };
    if (error) labels[ATTR_CANCEL_ERROR_CODE] = error.code;
    else if (event.outcome) labels[ATTR_CANCEL_OUTCOME] = event.outcome;
    if (errorType) labels[ATTR_ERROR_TYPE] = errorType;
    // Core says when it sends a refused batch again in halves, whose own calls then report its orders.
    const split = event.split === true;
    if (call) {
      // An attempt still open has had no answer and no error event: it ends with the call, never later.
      if (call.attempt)
        this.endAttempt(call, { errorType: error?.code ?? ERROR_TYPE_VALUE_OTHER, message: error?.message });
      call.span.setAttributes(labels);
      call.span.setAttribute(ATTR_CANCEL_ATTEMPTS, event.attempts);
      if (error) call.span.setAttribute(ATTR_CANCEL_RETRYABLE, error.retryable);
      if (event.requestId) call.span.setAttribute(ATTR_CANCEL_REQUEST_ID, event.requestId);
      if (split) call.span.setAttribute(ATTR_CANCEL_BATCH_SPLIT, true);
      if (errorType) call.span.setStatus(errorStatus(error?.message));
      call.span.end(now());
    }
    // A split batch's orders are counted by the calls of its halves.
    if (!split) this.instruments().orders.add(event.orderIds.length, labels);
  }
}
