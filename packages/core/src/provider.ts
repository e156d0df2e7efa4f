import type { CancelErrorCode } from './cancel-error.js';
import type { Outcome } from './cancellation.js';
import type { CredentialSpec } from './credentials.js';
import type { OrderIdRule } from './order-id.js';
import type { RateLimit } from './rate-limiter.js';
import type { HttpResponse } from './transport.js';

export interface RequestSpec {
  readonly method: 'POST' | 'PATCH';
  /** The path under the base URL, built with the `path` tag so that every value is percent-encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

/** What `request` is given: credentials by their option names, and the options. */
export interface RequestInput<Options, Credentials = Readonly<Record<string, string | undefined>>> {
  readonly credentials: Credentials;
  /** The client's settings merged with this call's options. */
  readonly options: Options;
}

/**
 * A credential declared without `optional: true`. `option` is there because a type of optional fields alone
 * matches only objects that share one of them.
 */
type RequiredCredential = { readonly option: string; readonly optional?: false | undefined };

/**
 * The values of the declared credentials, as core resolves them: every required one is a string (a call
 * without it fails with `missing_credentials` before `request`); an optional one may be absent.
 */
export type CredentialValues<Credentials extends readonly CredentialSpec[]> = {
  readonly [C in Credentials[number] as C extends RequiredCredential ? C['option'] : never]: string;
} & {
  readonly [C in Credentials[number] as C extends RequiredCredential ? never : C['option']]?: string;
};

/**
 * A spec whose credentials are not known (`ProviderSpec<Options>`, the type of any provider's spec) takes
 * credentials no value can be, so only core calls its `request`, through `requestFor`.
 */
type RequestCredentials<Credentials extends readonly CredentialSpec[]> = number extends Credentials['length']
  ? never
  : CredentialValues<Credentials>;

/** What a provider's answer means; anything a provider does not say is decided from the HTTP status. */
export type Interpretation =
  | { readonly outcome: Outcome; readonly cancelledAt?: string | undefined }
  | {
      readonly code: CancelErrorCode;
      /** Why the provider would not cancel (its error code or state), for `not_cancellable`. */
      readonly reason?: string | undefined;
      /**
       * For `invalid_response`: what came instead of the documented answer, worded to follow "answered HTTP
       * 200 with" (a body without the documented order, a redirect, an order in another status).
       */
      readonly unexpected?: string | undefined;
    };

/** What every provider declares, whether it cancels one order per request or many. */
interface ProviderFacts<Options, Credentials extends readonly CredentialSpec[]> {
  /** `zinc`: the value of `client.provider`. */
  readonly id: string;
  /** `Zinc`: for messages. */
  readonly displayName: string;
  /** `createZinc`: for messages about options. */
  readonly factory: string;
  readonly baseUrl: string;
  /** `ZINC_BASE_URL`: overrides the default base URL when the option is not given. */
  readonly baseUrlEnv: string;
  readonly credentials: Credentials;
  readonly orderId: OrderIdRule;
  /** Reads a 2xx answer. Must confirm the outcome or call the body invalid. */
  readonly success: (response: HttpResponse, orderIds: readonly string[]) => Interpretation;
  /** Refines a non-2xx answer from the provider's body: already cancelled, not cancellable and the like. */
  readonly failure?: (response: HttpResponse, orderIds: readonly string[]) => Interpretation | undefined;
  /** The provider's documented request limits; users may override them with the `rateLimits` setting. */
  readonly rateLimits?: readonly RateLimit[];
  /** Checks provider-specific options before any request; returns what is wrong. */
  readonly checkOptions?: (options: Options) => string | undefined;
}

/** A provider that cancels one order per request. */
export interface SingleOrderSpec<
  Options,
  Credentials extends readonly CredentialSpec[] = readonly CredentialSpec[],
> extends ProviderFacts<Options, Credentials> {
  readonly request: (
    orderId: string,
    input: RequestInput<Options, RequestCredentials<Credentials>>,
  ) => RequestSpec;
  readonly batch?: undefined;
}

/** A provider that cancels many orders per request (Fincart): bulk runs send batches, `cancelOrder` a batch of one. */
export interface BatchSpec<Options, Credentials extends readonly CredentialSpec[] = readonly CredentialSpec[]>
  extends ProviderFacts<Options, Credentials> {
  readonly batch: {
    readonly defaultSize: number;
    /** The largest `batchSize` a user may set. */
    readonly maxSize: number;
    readonly request: (
      orderIds: readonly string[],
      input: RequestInput<Options, RequestCredentials<Credentials>>,
    ) => RequestSpec;
  };
  readonly request?: undefined;
}

/**
 * A provider is declared, not coded: its spec turns an order ID into a request and an answer into an
 * outcome or an error. Transport, retries, credentials, validation, redaction and bulk runs come from core.
 * It has either `request` or `batch`, never both, and the compiler holds it to that. `request` reads the
 * credentials `credentials` declares, by option name, and nothing else.
 */
export type ProviderSpec<
  Options = object,
  Credentials extends readonly CredentialSpec[] = readonly CredentialSpec[],
> = SingleOrderSpec<Options, Credentials> | BatchSpec<Options, Credentials>;

/**
 * Infers the spec's types from the spec itself: the credential names from `credentials`, and the options
 * from what `checkOptions` takes (or from a written-out type of `request`'s `options`).
 */
export function defineProvider<const Credentials extends readonly CredentialSpec[], Options = object>(
  spec: ProviderSpec<Options, Credentials>,
): ProviderSpec<Options, Credentials> {
  return spec;
}

/** The request for one group of IDs: all of them in one batch, or the one ID of a single-order provider. */
export function requestFor<Options>(
  spec: ProviderSpec<Options>,
  orderIds: readonly string[],
  input: RequestInput<Options>,
): RequestSpec {
  // The one place the declared credential names meet the resolved values: core checked these against
  // `spec.credentials` (credentials.ts), every required one present, so the spec's own type is the truth.
  const checked = input as RequestInput<Options, never>;
  // Core sends a single-order provider's IDs one per request, never none; `path` would refuse an empty one.
  return spec.batch ? spec.batch.request(orderIds, checked) : spec.request(orderIds[0] ?? '', checked);
}
