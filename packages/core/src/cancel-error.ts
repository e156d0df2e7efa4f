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

/** Whether trying again later may succeed: the one definition of "retryable", for answers and errors alike. */
export function isRetryableCode(code: CancelErrorCode): boolean {
  return retryableCodes.has(code);
}

/** The code an HTTP answer gets when its provider says nothing more specific. */
export function codeForStatus(status: number): CancelErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'provider_error';
  if (status >= 400) return 'rejected';
  return 'invalid_response';
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

export class CancelError extends Error {
  override readonly name = 'CancelError';
  declare readonly code: CancelErrorCode;
  declare readonly provider: string;
  declare readonly orderId: string | undefined;
  declare readonly retryable: boolean;
  /** HTTP attempts made; 0 when nothing was sent. */
  declare readonly attempts: number;
  declare readonly status: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly retryAfterMs: number | undefined;
  declare readonly reason: string | undefined;
  declare readonly details: unknown;

  constructor({ message, cause, ...fields }: CancelErrorInit) {
    super(message, cause === undefined ? undefined : { cause });
    Object.defineProperty(this, marker, { value: true });
    Object.assign(this, { attempts: 0, ...fields, retryable: isRetryableCode(fields.code) });
  }

  static isInstance(value: unknown): value is CancelError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** The same error for another order: a batch failure is reported once per order ID in it. */
  withOrderId(orderId: string): CancelError {
    return new CancelError({ ...this.toJSON(), cause: this.cause, orderId } as CancelErrorInit);
  }

  /** Every field but the cause, which may hold objects nobody vetted. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.stack}\n${JSON.stringify(this, null, 2)}`;
  }
}
