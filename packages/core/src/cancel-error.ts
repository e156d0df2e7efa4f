export const cancelErrorCodes = [
  'invalid_input',
  'missing_credentials',
  'unauthorized',
  'not_found',
  'not_cancellable',
  'rejected',
  'rate_limited',
  'provider_error',
  'network',
  'timeout',
  'aborted',
  'invalid_response',
] as const;

export type CancelErrorCode = (typeof cancelErrorCodes)[number];

const retryableCodes: ReadonlySet<CancelErrorCode> = new Set([
  'rate_limited',
  'provider_error',
  'network',
  'timeout',
]);

export function isRetryableCode(code: CancelErrorCode): boolean {
  return retryableCodes.has(code);
}

export interface CancelErrorInit {
  code: CancelErrorCode;
  message: string;
  provider: string;
  orderId?: string | undefined;
  attempts?: number | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
  retryAfterMs?: number | undefined;
  /** Why the provider would not cancel, in its own words or codes (for `not_cancellable`). */
  reason?: string | undefined;
  /** The provider's parsed error body, secrets removed. */
  details?: unknown;
  cause?: unknown;
}

// A registry symbol, not a module-local one, so that two copies of @cancel/core recognise each other's errors.
const marker = Symbol.for('@cancel/core.CancelError');
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

export class CancelError extends Error {
  override readonly name = 'CancelError';
  readonly code: CancelErrorCode;
  readonly provider: string;
  readonly orderId: string | undefined;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly reason: string | undefined;
  readonly details: unknown;

  constructor(init: CancelErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    Object.defineProperty(this, marker, { value: true });
    this.code = init.code;
    this.provider = init.provider;
    this.orderId = init.orderId;
    this.retryable = isRetryableCode(init.code);
    this.attempts = init.attempts ?? 0;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.reason = init.reason;
    this.details = init.details;
  }

  static isInstance(value: unknown): value is CancelError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** The same error for another order: a batch failure is reported once per order ID in it. */
  withOrderId(orderId: string): CancelError {
    return new CancelError({ ...this.toInit(), orderId });
  }

  toJSON(): Record<string, unknown> {
    const { cause: _cause, ...fields } = this.toInit();
    return { name: this.name, ...fields, retryable: this.retryable };
  }

  [inspectSymbol](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }

  private toInit(): CancelErrorInit {
    return {
      code: this.code,
      message: this.message,
      provider: this.provider,
      orderId: this.orderId,
      attempts: this.attempts,
      status: this.status,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      reason: this.reason,
      details: this.details,
      cause: this.cause,
    };
  }
}
