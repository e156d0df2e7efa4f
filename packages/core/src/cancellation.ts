export type Outcome = 'cancelled' | 'already_cancelled' | 'requested';

/** A cancel the provider accepted. `outcome` says how much the provider confirmed. */
export interface Cancellation {
  readonly provider: string;
  readonly orderId: string;
  readonly outcome: Outcome;
  /** HTTP attempts this call made, retries included. */
  readonly attempts: number;
  /** ISO 8601, when the provider says when the order was cancelled. */
  readonly cancelledAt?: string;
  readonly status?: number;
  readonly requestId?: string;
  /** The provider's parsed response body, when it sent one. */
  readonly raw?: unknown;
}
