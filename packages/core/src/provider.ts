import type { CancelErrorCode } from './cancel-error.js';
import type { Outcome } from './cancellation.js';
import type { CredentialSpec } from './credentials.js';
import type { OrderIdRule } from './order-id.js';
import type { RateLimit } from './rate-limiter.js';
import type { HttpResponse } from './transport.js';

export interface RequestSpec {
  readonly method: 'POST' | 'PATCH';
  /** Raw path segments under the base URL; each is percent-encoded. */
  readonly path: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export interface RequestInput<Options> {
  readonly credentials: Readonly<Record<string, string | undefined>>;
  /** The client's settings merged with this call's options. */
  readonly options: Options;
}

/** What a provider's answer means; anything a provider does not say is decided from the HTTP status. */
export type Interpretation =
  | { readonly outcome: Outcome; readonly cancelledAt?: string | undefined }
  | {
      readonly code: CancelErrorCode;
      /** Why the provider would not cancel (its error code or state), for `not_cancellable`. */
      readonly reason?: string | undefined;
      /** A description of the problem, used for `invalid_response`. */
      readonly problem?: string | undefined;
    };

/**
 * A provider is declared, not coded: its spec turns an order ID into a request and an answer into an
 * outcome or an error. Transport, retries, credentials, validation, redaction and bulk runs come from core.
 */
export interface ProviderSpec<Options = object> {
  /** `zinc`: the value of `client.provider`. */
  readonly id: string;
  /** `Zinc`: for messages. */
  readonly displayName: string;
  /** `createZinc`: for messages about options. */
  readonly factory: string;
  readonly baseUrl: string;
  /** `ZINC_BASE_URL`: overrides the default base URL when the option is not given. */
  readonly baseUrlEnv: string;
  readonly credentials: readonly CredentialSpec[];
  readonly orderId: OrderIdRule;
  /** One order per request. */
  readonly request?: (orderId: string, input: RequestInput<Options>) => RequestSpec;
  /** Many orders per request (Fincart): bulk runs send batches, and `cancelOrder` sends a batch of one. */
  readonly batch?: {
    readonly defaultSize: number;
    readonly maxSize: number;
    readonly request: (orderIds: readonly string[], input: RequestInput<Options>) => RequestSpec;
  };
  /** Reads a 2xx answer. Must confirm the outcome or call the body invalid. */
  readonly success: (response: HttpResponse, orderIds: readonly string[]) => Interpretation;
  /** Refines a non-2xx answer from the provider's body: already cancelled, not cancellable and the like. */
  readonly failure?: (response: HttpResponse, orderIds: readonly string[]) => Interpretation | undefined;
  /** The provider's documented request limits; users may override them with the `rateLimits` setting. */
  readonly rateLimits?: readonly RateLimit[];
  /** Checks provider-specific options before any request; returns what is wrong. */
  readonly checkOptions?: (options: Options) => string | undefined;
}

export function defineProvider<Options = object>(spec: ProviderSpec<Options>): ProviderSpec<Options> {
  return spec;
}
