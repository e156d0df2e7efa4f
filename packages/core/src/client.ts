import {
  type BulkEntry,
  type BulkOptions,
  type BulkReport,
  BulkRunError,
  countEntry,
  emptyCounts,
  type OrderIdSource,
} from './bulk.js';
import { CancelError, type CancelErrorCode } from './cancel-error.js';
import type { Cancellation } from './cancellation.js';
import { resolveCredentials } from './credentials.js';
import { readEnvironment } from './environment.js';
import { emitUnsent } from './events.js';
import { interpretResponse } from './interpret.js';
import { checkOrderId, quoteOrderId } from './order-id.js';
import { type Indexed, mapConcurrentBatches } from './pool.js';
import { type ProviderSpec, type RequestSpec, requestFor } from './provider.js';
import { RateLimiter } from './rate-limiter.js';
import { redactText } from './redact.js';
import { err, ok, type Result } from './result.js';
import {
  bulkRunOptions,
  type CallOptions,
  type ClientSettings,
  checkSettings,
  defaults,
  type Resolved,
  resolveSettings,
} from './settings.js';
import { messageOf, toText } from './text.js';
import { type HttpResponse, send } from './transport.js';
import { checkBaseUrl, joinUrl } from './url.js';

export interface CancelClient<Call extends CallOptions = CallOptions> {
  /** The provider's ID, e.g. `zinc`. */
  readonly provider: string;
  /** Cancels one order. Never throws: every failure is a `CancelError` in the result. */
  cancelOrder(orderId: string, options?: Call): Promise<Result<Cancellation>>;
  /** Cancels many orders; one entry per input ID, in input order, plus counts. One failure never stops the rest. */
  cancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): Promise<BulkReport>;
  /** The streaming form: yields entries as they complete; memory stays bounded by the concurrency. */
  streamCancelOrders(orderIds: OrderIdSource, options?: BulkOptions & Call): AsyncGenerator<BulkEntry>;
}

interface Settled<Options> {
  readonly options: Resolved<Options>;
  /** The call's own options when they are a usable object; `null` counts as none, like `undefined`. */
  readonly call: (BulkOptions & CallOptions) | undefined;
  readonly problem: string | undefined;
}

/** A bulk run sends nothing more once `onResult` has thrown; entries not sent then are marked `aborted`. */
interface RunState {
  halted?: { error: unknown };
}

interface Prepared<Options> {
  readonly options: Resolved<Options>;
  readonly baseUrl: string;
  readonly credentials: Readonly<Record<string, string | undefined>>;
  readonly secrets: readonly string[];
}

const isIterable = (value: unknown): value is OrderIdSource =>
  value != null &&
  (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');

/** Why no more orders are sent, in words for their `aborted` error; undefined while the run goes on. */
function haltedBy(call: CallOptions | undefined, run: RunState | undefined): string | undefined {
  if (call?.signal?.aborted) return 'the run was aborted by your signal';
  return run?.halted && 'the run stopped because onResult threw';
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

  const invalidOptions = (wrong: string) =>
    err(problem('invalid_input', `Invalid ${who} option: ${wrong}. Nothing was sent.`));

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
  function settle(call: unknown): Settled<Settings & Call> {
    clientSettled ??= checked(undefined);
    if (call === undefined || call === null) return clientSettled;
    if (typeof call !== 'object' || Array.isArray(call)) {
      const kind = Array.isArray(call) ? 'an array' : typeof call;
      return {
        ...clientSettled,
        problem: `a call's options must be an object such as { signal }, not ${kind}`,
      };
    }
    return Object.keys(call).length === 0 ? clientSettled : checked(call);
  }
  function checked(call: object | undefined): Settled<Settings & Call> {
    try {
      const options = resolveSettings<Settings & Call>(settings, call);
      return { options, call, problem: problemWith(options) };
    } catch (error) {
      // A getter that throws, say: still an answer per order, never a throw.
      const problem = `an option could not be read (${messageOf(error)})`;
      return { options: resolveSettings<Settings & Call>(), call: undefined, problem };
    }
  }
  let checkedUrl: { url: string; insecure: boolean; problem: string | undefined } | undefined;

  /** Everything that can be wrong before a request: options, base URL, credentials. Nothing is sent on failure. */
  function prepare(
    settled: Settled<Settings & Call>,
  ): Result<Prepared<Settings & Call>> | Promise<Result<Prepared<Settings & Call>>> {
    const { options, problem: optionsProblem } = settled;
    if (optionsProblem) return invalidOptions(optionsProblem);
    // The environment is read on every call, so a base URL set after the client was created still counts.
    const baseUrl = options.baseUrl ?? readEnvironment(spec.baseUrlEnv) ?? spec.baseUrl;
    const insecure = options.allowInsecureHttp === true;
    if (checkedUrl?.url !== baseUrl || checkedUrl.insecure !== insecure) {
      checkedUrl = { url: baseUrl, insecure, problem: checkBaseUrl(baseUrl, insecure) };
    }
    const badUrl = checkedUrl.problem;
    if (badUrl) {
      const from = options.baseUrl === undefined ? spec.baseUrlEnv : '`baseUrl`';
      return invalidOptions(`the base URL from ${from} is unusable: ${badUrl}`);
    }
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
    let request: RequestSpec;
    let url: string;
    try {
      request = requestFor(spec, orderIds, input);
      url = joinUrl(baseUrl, request.path);
    } catch (error) {
      // A value the provider puts in the path that cannot be encoded (half a surrogate pair in an option, say).
      const message = `Could not build the request to ${who}: ${redactText(messageOf(error), secrets)}. Nothing was sent.`;
      return err(problem('invalid_input', message));
    }
    const interpret = (response: HttpResponse) => interpretResponse(spec, response, orderIds, secrets);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const layer of [settings.headers, options.headers, request.headers]) {
      if (layer) for (const name in layer) headers[name.toLowerCase()] = layer[name]!;
    }
    return send(
      { method: request.method, url, headers, json: request.json },
      { provider: spec.id, displayName: who, orderIds, secrets, settings: options, limiter, interpret },
    );
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

  /** Cancels one group of IDs (one ID, or one batch): bad IDs are answered without a request. Never rejects. */
  async function runGroup(
    group: Indexed<unknown>[],
    settled: Settled<Settings & Call>,
    run?: RunState,
  ): Promise<BulkEntry[]> {
    const entries: BulkEntry[] = [];
    const valid: Indexed<unknown>[] = [];
    for (const item of group) {
      const { index, value } = item;
      const wrong = checkOrderId(value, spec.orderId);
      if (!wrong) valid.push(item);
      else {
        const message = `${quoteOrderId(value)} is not a valid ${who} order ID: ${wrong}${wrong.startsWith('expected') ? '' : `; expected ${spec.orderId.description}`}. Nothing was sent.`;
        const orderId = toText(value);
        const error = problem('invalid_input', message, orderId);
        emitUnsent(settled.options.onEvent, spec.id, [orderId], error);
        entries.push({ index, orderId, result: err(error) });
      }
    }
    if (valid.length === 0) return entries;
    const ids = valid.map((item) => item.value as string);
    let results: Result<Cancellation>[];
    let secrets: readonly string[] = [];
    try {
      const halted = settled.problem ? undefined : haltedBy(settled.call, run);
      const pending = halted
        ? err(problem('aborted', `Not sent to ${who}: ${halted} before this order's turn.`))
        : prepare(settled);
      // Awaited only when credentials come from a function: an await costs every order a tick.
      const prepared = pending instanceof Promise ? await pending : pending;
      if (prepared.ok) secrets = prepared.value.secrets;
      else emitUnsent(settled.options.onEvent, spec.id, ids, prepared.error);
      results = !prepared.ok
        ? ids.map((orderId) => err(prepared.error.withOrderId(orderId)))
        : spec.batch
          ? await sendBatch(prepared.value, ids)
          : [await sendFor(prepared.value, ids)];
    } catch (error) {
      // Not expected (a provider's reader that throws, say); still one answer per order, never a stalled run.
      const failure = problem(
        'invalid_response',
        `Could not finish this cancel: ${redactText(messageOf(error), secrets)}. The order may or may not be cancelled; check it at ${who}.`,
      );
      results = ids.map((orderId) => err(failure.withOrderId(orderId)));
    }
    for (let position = 0; position < ids.length; position++) {
      entries.push({ index: valid[position]!.index, orderId: ids[position]!, result: results[position]! });
    }
    return entries;
  }

  /** The bulk run both forms share: at each wake-up, the groups of entries finished since the last. */
  function run(source: unknown, options: unknown) {
    const settled = settle(bulkRunOptions(settings, options));
    const call = settled.problem ? undefined : settled.call;
    const state: RunState = {};
    if (typeof source === 'string' || !isIterable(source)) {
      const message = `cancelOrders takes an array, an iterable or an async iterable of order IDs, not ${typeof source === 'string' ? `the string ${quoteOrderId(source)}` : quoteOrderId(source)}; for one order, pass [id] or call cancelOrder(id). Nothing was sent.`;
      const orderId = toText(source);
      const entry = { index: 0, orderId, result: err(problem('invalid_input', message, orderId)) };
      return { batches: [[[entry]]], state, call };
    }
    const { options: resolved } = settled;
    const batches = mapConcurrentBatches(
      source,
      usable(resolved.concurrency, defaults.concurrency),
      (group) => runGroup(group, settled, state),
      {
        groupSize: spec.batch ? usable((resolved as BulkOptions).batchSize, spec.batch.defaultSize) : 1,
        signal: call?.signal,
        stopWhen: () => state.halted !== undefined,
      },
    );
    return { batches, state, call };
  }

  async function* streamCancelOrders(
    source: OrderIdSource,
    options?: BulkOptions & Call,
  ): AsyncGenerator<BulkEntry> {
    const { batches, state, call } = run(source, options);
    for await (const done of batches) {
      for (const entries of done) {
        for (const entry of entries) {
          notify(call, state, entry);
          yield entry;
        }
      }
    }
    if (state.halted) throw state.halted.error;
  }

  /** Calls `onResult`; once it throws, it is not called again and the run sends nothing more. */
  function notify(call: BulkOptions | undefined, state: RunState, entry: BulkEntry) {
    if (!call?.onResult || state.halted) return;
    try {
      call.onResult(entry);
    } catch (error) {
      state.halted = { error };
    }
  }

  const describe = () => ({ provider: spec.id, baseUrl: settings.baseUrl ?? spec.baseUrl });
  // Settings, keys included, live only in this closure; a logged or serialised client shows none of them.
  return {
    provider: spec.id,
    async cancelOrder(orderId, options) {
      return (await runGroup([{ index: 0, value: orderId }], settle(options)))[0]!.result;
    },
    async cancelOrders(source, options) {
      const results: BulkEntry[] = [];
      const counts = emptyCounts();
      const { batches, state, call } = run(source, options);
      // Not through streamCancelOrders: a generator step per order costs a bulk run more than the loop itself.
      try {
        for await (const done of batches) {
          for (const entries of done) {
            for (const entry of entries) {
              notify(call, state, entry);
              results[entry.index] = entry;
              countEntry(counts, entry);
            }
          }
        }
      } catch (error) {
        const message = `The ${who} bulk run stopped early: the order-ID source threw (${messageOf(error)}). Every ID it gave before that was sent; error.report has their results.`;
        throw new BulkRunError(message, { results, counts }, error);
      }
      if (state.halted) {
        const message = `The ${who} bulk run stopped early: onResult threw (${messageOf(state.halted.error)}). Orders already sent finished and are in error.report; the rest were not sent.`;
        throw new BulkRunError(message, { results, counts }, state.halted.error);
      }
      return { results, counts };
    },
    streamCancelOrders,
    toJSON: describe,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `CancelClient ${JSON.stringify(describe())}`,
  } as CancelClient<Call>;
}
