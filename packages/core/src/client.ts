import {
  type BulkEntry,
  type BulkOptions,
  type BulkReport,
  countEntry,
  emptyCounts,
  type OrderIdSource,
} from './bulk.js';
import { CancelError, type CancelErrorCode } from './cancel-error.js';
import type { Cancellation } from './cancellation.js';
import { resolveCredentials } from './credentials.js';
import { readEnvironment } from './environment.js';
import { interpretResponse } from './interpret.js';
import { checkOrderId, quoteOrderId } from './order-id.js';
import { mapConcurrentBatches } from './pool.js';
import { type ProviderSpec, requestFor } from './provider.js';
import { type RateLimit, RateLimiter } from './rate-limiter.js';
import { err, ok, type Result } from './result.js';
import {
  type CallOptions,
  type ClientSettings,
  checkSettings,
  defaults,
  type Resolved,
  resolveSettings,
} from './settings.js';
import { send } from './transport.js';
import { checkBaseUrl, joinUrl } from './url.js';

export interface CancelClient<Call extends CallOptions = CallOptions> {
  /** The provider's ID, e.g. `zinc`. */
  readonly provider: string;
  /** The limits this client paces by: the `rateLimits` setting, else the provider's documented ones; `false` when off. */
  readonly rateLimits: readonly RateLimit[] | false;
  /** IDs per request in bulk runs for providers that cancel in batches (Fincart); undefined for the others. */
  readonly batchSize: number | undefined;
  /** Cancels one order. Never throws: every failure is a `CancelError` in the result. */
  cancelOrder(orderId: string, options?: Call): Promise<Result<Cancellation>>;
  /** Cancels many orders; one entry per input ID, in input order, plus counts. One failure never stops the rest. */
  cancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): Promise<BulkReport>;
  /** The streaming form: yields entries as they complete; memory stays bounded by the concurrency. */
  streamCancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): AsyncGenerator<BulkEntry>;
}

interface Settled<Options> {
  readonly options: Resolved<Options>;
  readonly problem: string | undefined;
}

interface Prepared<Options> {
  readonly options: Resolved<Options>;
  readonly baseUrl: string;
  readonly credentials: Readonly<Record<string, string | undefined>>;
  readonly secrets: readonly string[];
}

// Invalid values are reported by prepare(), per group; the pool still needs a usable number meanwhile.
const usable = (value: unknown, fallback: number) =>
  Number.isInteger(value) && (value as number) > 0 ? (value as number) : fallback;

export function createClient<Settings extends ClientSettings, Call extends CallOptions = CallOptions>(
  spec: ProviderSpec<Settings & Call>,
  settings: Settings = {} as Settings,
): CancelClient<Call> {
  const who = spec.displayName;
  const limiter =
    settings.rateLimits === false ? undefined : new RateLimiter(settings.rateLimits || spec.rateLimits || []);
  const problem = (code: CancelErrorCode, message: string, orderId?: string) =>
    new CancelError({ code, message, provider: spec.id, orderId });

  const problemWith = (options: Resolved<Settings & Call>) => {
    const batchSize = 'batchSize' in options ? options.batchSize : undefined;
    return (
      checkSettings(options) ??
      (spec.batch && typeof batchSize === 'number' && batchSize > spec.batch.maxSize
        ? `\`batchSize\` may be at most ${spec.batch.maxSize}, not ${batchSize}`
        : spec.checkOptions?.(options))
    );
  };
  let clientSettled: Settled<Settings & Call> | undefined;
  /**
   * A call's options over the client's settings, checked: once per client for calls without options of their
   * own, once per call otherwise, and once per bulk run rather than per order.
   */
  function settle(call: object | undefined): Settled<Settings & Call> {
    if (call === undefined || Object.keys(call).length === 0) {
      if (!clientSettled) {
        const options = resolveSettings<Settings & Call>(settings);
        clientSettled = { options, problem: problemWith(options) };
      }
      return clientSettled;
    }
    const options = resolveSettings<Settings & Call>(settings, call);
    return { options, problem: problemWith(options) };
  }
  let checkedUrl: { url: string; insecure: boolean; problem: string | undefined } | undefined;

  /** Everything that can be wrong before a request: options, base URL, credentials. Nothing is sent on failure. */
  function prepare(
    settled: Settled<Settings & Call>,
  ): Result<Prepared<Settings & Call>> | Promise<Result<Prepared<Settings & Call>>> {
    const { options, problem: optionsProblem } = settled;
    // The environment is read on every call, so a base URL set after the client was created still counts.
    const baseUrl = options.baseUrl ?? readEnvironment(spec.baseUrlEnv) ?? spec.baseUrl;
    const insecure = options.allowInsecureHttp === true;
    if (checkedUrl?.url !== baseUrl || checkedUrl.insecure !== insecure) {
      checkedUrl = { url: baseUrl, insecure, problem: checkBaseUrl(baseUrl, insecure) };
    }
    const badUrl = checkedUrl.problem;
    const wrong =
      optionsProblem ??
      (badUrl &&
        `the base URL from ${options.baseUrl === undefined ? spec.baseUrlEnv : '`baseUrl`'} is unusable: ${badUrl}`);
    if (wrong) return err(problem('invalid_input', `Invalid ${who} option: ${wrong}. Nothing was sent.`));
    const resolved = resolveCredentials(spec.credentials, options as unknown as Record<string, unknown>, {
      provider: spec.id,
      displayName: who,
      factory: spec.factory,
    });
    const finish = (credentials: Awaited<typeof resolved>): Result<Prepared<Settings & Call>> =>
      credentials.ok ? ok({ options, baseUrl, ...credentials.value }) : credentials;
    return resolved instanceof Promise ? resolved.then(finish) : finish(resolved);
  }

  async function sendFor(
    { options, baseUrl, credentials, secrets }: Prepared<Settings & Call>,
    orderIds: readonly string[],
  ) {
    const input = { credentials, options };
    const request = requestFor(spec, orderIds, input);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const layer of [settings.headers, options.headers, request.headers]) {
      if (layer) for (const name in layer) headers[name.toLowerCase()] = layer[name]!;
    }
    const sent = await send(
      { method: request.method, url: joinUrl(baseUrl, request.path), headers, json: request.json },
      { provider: spec.id, displayName: who, orderIds, secrets, settings: options, limiter },
    );
    return sent.ok ? interpretResponse(spec, sent.value, orderIds, secrets) : sent;
  }

  /**
   * A refused batch names no culprit, so it is split in halves until each refusal is pinned on single IDs; the
   * rest of the batch still goes through. Auth, rate-limit and transport failures apply to all and are not split.
   */
  async function sendBatch(
    prepared: Prepared<Settings & Call>,
    orderIds: readonly string[],
  ): Promise<Result<Cancellation>[]> {
    const result = await sendFor(prepared, orderIds);
    if (result.ok) return orderIds.map((orderId) => ok({ ...result.value, orderId }));
    if (orderIds.length > 1 && ['rejected', 'not_found', 'not_cancellable'].includes(result.error.code)) {
      const middle = Math.ceil(orderIds.length / 2);
      const halves = await Promise.all([
        sendBatch(prepared, orderIds.slice(0, middle)),
        sendBatch(prepared, orderIds.slice(middle)),
      ]);
      return halves.flat();
    }
    return orderIds.map((orderId) => err(result.error.withOrderId(orderId)));
  }

  /** Cancels one group of IDs (one ID, or one batch): bad IDs are answered without a request. */
  async function runGroup(
    group: { index: number; value: unknown }[],
    call: object | undefined,
    settled: Settled<Settings & Call>,
  ): Promise<BulkEntry[]> {
    const entries: BulkEntry[] = [];
    const valid: { index: number; value: unknown }[] = [];
    for (const item of group) {
      const { index, value } = item;
      const wrong = checkOrderId(value, spec.orderId);
      if (!wrong) valid.push(item);
      else {
        const message = `${quoteOrderId(value)} is not a valid ${who} order ID: ${wrong}${wrong.startsWith('expected') ? '' : `; expected ${spec.orderId.description}`}. Nothing was sent.`;
        entries.push({
          index,
          orderId: String(value),
          result: err(problem('invalid_input', message, String(value))),
        });
      }
    }
    if (valid.length === 0) return entries;
    const ids = valid.map((item) => item.value as string);
    const pending = (call as CallOptions | undefined)?.signal?.aborted
      ? err(
          problem(
            'aborted',
            `Not sent to ${who}: the run was aborted by your signal before this order's turn.`,
          ),
        )
      : prepare(settled);
    // Awaited only when credentials come from a function: an await costs every order a tick.
    const prepared = pending instanceof Promise ? await pending : pending;
    const results = !prepared.ok
      ? ids.map((orderId) => err(prepared.error.withOrderId(orderId)))
      : spec.batch
        ? await sendBatch(prepared.value, ids)
        : [await sendFor(prepared.value, ids)];
    for (let position = 0; position < ids.length; position++) {
      entries.push({ index: valid[position]!.index, orderId: ids[position]!, result: results[position]! });
    }
    return entries;
  }

  /** The bulk run both forms share: at each wake-up, the groups of entries finished since the last. */
  function run(source: OrderIdSource, options?: BulkOptions & Call) {
    const merged = { ...settings, ...options } as BulkOptions;
    const size = spec.batch ? usable(merged.batchSize, spec.batch.defaultSize) : 1;
    const settled = settle(options);
    return mapConcurrentBatches(
      source,
      usable(merged.concurrency, defaults.concurrency),
      (group) => runGroup(group, options, settled),
      size,
    );
  }

  async function* streamCancelOrders(
    source: OrderIdSource,
    options?: BulkOptions & Call,
  ): AsyncGenerator<BulkEntry> {
    for await (const done of run(source, options)) {
      for (const entries of done) {
        for (const entry of entries) {
          options?.onResult?.(entry);
          yield entry;
        }
      }
    }
  }

  const describe = () => ({ provider: spec.id, baseUrl: settings.baseUrl ?? spec.baseUrl });
  // Settings, keys included, live only in this closure; a logged or serialised client shows none of them.
  return {
    provider: spec.id,
    rateLimits: settings.rateLimits === false ? false : settings.rateLimits || spec.rateLimits || [],
    batchSize: spec.batch && usable((settings as BulkOptions).batchSize, spec.batch.defaultSize),
    async cancelOrder(orderId, options) {
      return (await runGroup([{ index: 0, value: orderId }], options, settle(options)))[0]!.result;
    },
    async cancelOrders(source, options) {
      const results: BulkEntry[] = [];
      const counts = emptyCounts();
      // Not through streamCancelOrders: a generator step per order costs a bulk run more than the loop itself.
      for await (const done of run(source, options)) {
        for (const entries of done) {
          for (const entry of entries) {
            options?.onResult?.(entry);
            results[entry.index] = entry;
            countEntry(counts, entry);
          }
        }
      }
      return { results, counts };
    },
    streamCancelOrders,
    toJSON: describe,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `CancelClient ${JSON.stringify(describe())}`,
  } as CancelClient<Call>;
}
