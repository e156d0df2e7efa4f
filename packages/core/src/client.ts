import type { BulkEntry, BulkOptions, BulkReport, OrderIdSource } from './bulk.js';
import { collectReport, startBulkRun, streamEntries } from './bulk-run.js';
import { optionsChecker } from './call-options.js';
import { groupCanceller } from './cancel-group.js';
import type { Cancellation } from './cancellation.js';
import type { CredentialSpec } from './credentials.js';
import { callPreparer } from './prepare-call.js';
import type { ProviderSpec } from './provider.js';
import { type RateLimit, RateLimiter } from './rate-limiter.js';
import type { Result } from './result.js';
import { requestSender } from './send-request.js';
import { type CallOptions, type ClientSettings, inBulkRun } from './settings.js';

export interface CancelClient<Call extends CallOptions = CallOptions> {
  /** The provider's ID, e.g. `zinc`. */
  readonly provider: string;
  /** The limits this client paces by: the `rateLimits` setting, else the provider's documented ones; `false` when off. */
  readonly rateLimits?: readonly RateLimit[] | false;
  /** IDs per request in bulk runs for providers that cancel in batches (Fincart); undefined for the others. */
  readonly batchSize?: number | undefined;
  /**
   * Cancels one order. Never throws: every failure is a `CancelError` in the result, a malformed ID or option
   * (`null` options are taken as none) an `invalid_input` one.
   */
  cancelOrder(orderId: string, options?: Call): Promise<Result<Cancellation>>;
  /**
   * Cancels many orders; one entry per input ID, in input order, plus counts. One failure never stops the rest.
   * Rejects only with a `BulkRunError`, whose `report` keeps every result, when `onResult` or the source throws.
   */
  cancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): Promise<BulkReport>;
  /**
   * The streaming form: yields entries as they complete; memory stays bounded by the concurrency. When `onResult`
   * or the source throws, it yields every entry it took first, then throws that error.
   */
  streamCancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): AsyncGenerator<BulkEntry>;
}

/**
 * A client for one provider from its spec. The stages each order passes through live in their own modules:
 * options checked (call-options.ts), the call prepared (prepare-call.ts), the request sent (send-request.ts),
 * per group of IDs (cancel-group.ts), and bulk runs over the pool (bulk-run.ts).
 */
export function createClient<Settings extends ClientSettings, Call extends CallOptions = CallOptions>(
  // Every declared credential is an option of `Settings`, so a misspelled `option` does not compile.
  spec: ProviderSpec<Settings & Call, readonly (CredentialSpec & { readonly option: keyof Settings })[]>,
  settings: Settings = {} as Settings,
): CancelClient<Call> {
  const limiter =
    settings.rateLimits === false ? undefined : new RateLimiter(settings.rateLimits || spec.rateLimits || []);
  const settle = optionsChecker(spec, settings);
  const cancelGroup = groupCanceller(spec, callPreparer(spec), requestSender(spec, settings, limiter));
  const bulkRun = (source: unknown, options: unknown) =>
    startBulkRun(spec, inBulkRun(settle(options)), cancelGroup, source);
  const describe = () => ({ provider: spec.id, baseUrl: settings.baseUrl ?? spec.baseUrl });
  // Settings, keys included, live only in these closures; a logged or serialised client shows none of them.
  return {
    provider: spec.id,
    rateLimits: settings.rateLimits === false ? false : settings.rateLimits || spec.rateLimits || [],
    batchSize: spec.batch && ((settings as { batchSize?: number }).batchSize ?? spec.batch.defaultSize),
    async cancelOrder(orderId, options) {
      return (await cancelGroup([{ index: 0, value: orderId }], settle(options)))[0]!.result;
    },
    cancelOrders: (source, options) => collectReport(bulkRun(source, options)),
    streamCancelOrders: (source, options) => streamEntries(bulkRun(source, options)),
    toJSON: describe,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `CancelClient ${JSON.stringify(describe())}`,
  } as CancelClient<Call>;
}
