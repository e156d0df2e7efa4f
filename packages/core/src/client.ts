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
import { chunk, mapConcurrent } from './pool.js';
import type { ProviderSpec } from './provider.js';
import { RateLimiter } from './rate-limiter.js';
import { err, type Result } from './result.js';
import { type CallOptions, type ClientSettings, checkSettings, defaults } from './settings.js';
import { send } from './transport.js';
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

interface Prepared<Options> {
  readonly options: Options & ClientSettings & CallOptions;
  readonly baseUrl: string;
  readonly credentials: Readonly<Record<string, string | undefined>>;
  readonly secrets: readonly string[];
}

const inspect = Symbol.for('nodejs.util.inspect.custom');

export function createClient<Settings extends ClientSettings, Call extends CallOptions = CallOptions>(
  spec: ProviderSpec<Settings & Call>,
  settings: Settings = {} as Settings,
): CancelClient<Call> {
  const who = spec.displayName;
  const limiter =
    settings.rateLimits === false ? undefined : new RateLimiter(settings.rateLimits || spec.rateLimits || []);
  const problem = (code: CancelErrorCode, message: string, orderId?: string) =>
    new CancelError({ code, message, provider: spec.id, orderId, attempts: 0 });

  async function prepare(call: object | undefined): Promise<Result<Prepared<Settings & Call>>> {
    const options = { ...settings, ...call } as Settings & Call;
    const wrong = checkSettings(options) ?? spec.checkOptions?.(options);
    if (wrong) return err(problem('invalid_input', `Invalid ${who} option: ${wrong}. Nothing was sent.`));
    const baseUrl = options.baseUrl ?? readEnvironment(spec.baseUrlEnv) ?? spec.baseUrl;
    const badUrl = checkBaseUrl(baseUrl, options.allowInsecureHttp === true);
    if (badUrl) {
      const source = options.baseUrl === undefined ? spec.baseUrlEnv : '`baseUrl`';
      return err(
        problem(
          'invalid_input',
          `The ${who} base URL from ${source} is unusable: ${badUrl}. Nothing was sent.`,
        ),
      );
    }
    const resolved = await resolveCredentials(spec.credentials, options as Record<string, unknown>, {
      provider: spec.id,
      displayName: who,
      factory: spec.factory,
    });
    if (!resolved.ok) return resolved;
    return {
      ok: true,
      value: { options, baseUrl, credentials: resolved.value.values, secrets: resolved.value.secrets },
    };
  }

  async function sendFor(prepared: Prepared<Settings & Call>, orderIds: readonly string[]) {
    const { options } = prepared;
    const input = { credentials: prepared.credentials, options };
    const request = spec.batch ? spec.batch.request(orderIds, input) : spec.request!(orderIds[0]!, input);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, value] of Object.entries({ ...settings.headers, ...options.headers })) {
      headers[name.toLowerCase()] = value;
    }
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const sent = await send(
      { method: request.method, url: joinUrl(prepared.baseUrl, request.path), headers, json: request.json },
      {
        provider: spec.id,
        displayName: who,
        orderIds,
        secrets: prepared.secrets,
        timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
        totalTimeoutMs: options.totalTimeoutMs,
        retries: options.retries ?? defaults.retries,
        retryDelayMs: options.retryDelayMs ?? defaults.retryDelayMs,
        maxRetryDelayMs: options.maxRetryDelayMs ?? defaults.maxRetryDelayMs,
        maxRetryAfterMs: options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
        maxBodyBytes: options.maxBodyBytes ?? defaults.maxBodyBytes,
        fetch: options.fetch,
        signal: options.signal,
        onEvent: options.onEvent,
        limiter,
      },
    );
    return sent.ok ? interpretResponse(spec, sent.value, orderIds, prepared.secrets) : sent;
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
    if (result.ok) return orderIds.map((orderId) => ({ ok: true, value: { ...result.value, orderId } }));
    const splittable: readonly CancelErrorCode[] = ['rejected', 'not_found', 'not_cancellable'];
    if (orderIds.length > 1 && splittable.includes(result.error.code)) {
      const middle = Math.ceil(orderIds.length / 2);
      const halves = await Promise.all([
        sendBatch(prepared, orderIds.slice(0, middle)),
        sendBatch(prepared, orderIds.slice(middle)),
      ]);
      return halves.flat();
    }
    return orderIds.map((orderId) => err(result.error.withOrderId(orderId)));
  }

  function invalidId(value: unknown, wrong: string): CancelError {
    return problem(
      'invalid_input',
      `${quoteOrderId(value)} is not a valid ${who} order ID: ${wrong}${wrong.startsWith('expected') ? '' : `; expected ${spec.orderId.description}`}. Nothing was sent.`,
      typeof value === 'string' ? value : undefined,
    );
  }

  async function runGroup(
    group: { index: number; value: unknown }[],
    call: object | undefined,
  ): Promise<BulkEntry[]> {
    const entries: BulkEntry[] = [];
    const valid: { index: number; orderId: string }[] = [];
    for (const { index, value } of group) {
      const wrong = checkOrderId(value, spec.orderId);
      if (wrong) entries.push({ index, orderId: String(value), result: err(invalidId(value, wrong)) });
      else valid.push({ index, orderId: value as string });
    }
    if (valid.length === 0) return entries;
    const signal = (call as CallOptions | undefined)?.signal;
    const prepared = signal?.aborted
      ? err(
          problem(
            'aborted',
            `Not sent to ${who}: the run was aborted by your signal before this order's turn.`,
          ),
        )
      : await prepare(call);
    const ids = valid.map((item) => item.orderId);
    const results: Result<Cancellation>[] = !prepared.ok
      ? ids.map((orderId) => err(prepared.error.withOrderId(orderId)))
      : spec.batch
        ? await sendBatch(prepared.value, ids)
        : [await sendFor(prepared.value, ids)];
    valid.forEach((item, position) => {
      entries.push({ index: item.index, orderId: item.orderId, result: results[position]! });
    });
    return entries;
  }

  async function* indexed(source: OrderIdSource) {
    let index = 0;
    for await (const value of source as AsyncIterable<unknown>) yield { index: index++, value };
  }

  async function* streamCancelOrders(
    source: OrderIdSource,
    options?: BulkOptions & Call,
  ): AsyncGenerator<BulkEntry> {
    const merged = { ...settings, ...options };
    const batchSize = spec.batch ? (merged.batchSize ?? spec.batch.defaultSize) : 1;
    const wrong =
      checkSettings(merged) ??
      (spec.batch && batchSize > spec.batch.maxSize
        ? `\`batchSize\` may be at most ${spec.batch.maxSize} for ${who}, not ${batchSize}`
        : undefined);
    const concurrency = merged.concurrency ?? defaults.concurrency;
    for await (const entries of mapConcurrent(
      chunk(indexed(source), wrong ? 1 : batchSize),
      wrong ? 1 : concurrency,
      (group) =>
        wrong
          ? Promise.resolve(
              group.map(({ index, value }) => ({
                index,
                orderId: String(value),
                result: err(
                  problem(
                    'invalid_input',
                    `Invalid ${who} option: ${wrong}. Nothing was sent.`,
                    String(value),
                  ),
                ),
              })),
            )
          : runGroup(group, options),
    )) {
      for (const entry of entries) {
        options?.onResult?.(entry);
        yield entry;
      }
    }
  }

  const client: CancelClient<Call> = {
    provider: spec.id,
    async cancelOrder(orderId, options) {
      const wrong = checkOrderId(orderId, spec.orderId);
      if (wrong) return err(invalidId(orderId, wrong));
      const [entry] = await runGroup([{ index: 0, value: orderId }], options);
      return entry!.result;
    },
    async cancelOrders(source, options) {
      const results: BulkEntry[] = [];
      const counts = emptyCounts();
      for await (const entry of streamCancelOrders(source, options)) {
        results[entry.index] = entry;
        countEntry(counts, entry);
      }
      return { results, counts };
    },
    streamCancelOrders,
  };
  // Settings, keys included, live only in this closure; a logged or serialised client shows none of them.
  const describe = () => ({ provider: spec.id, baseUrl: settings.baseUrl ?? spec.baseUrl });
  Object.defineProperties(client, {
    toJSON: { value: describe },
    [inspect]: { value: () => `CancelClient ${JSON.stringify(describe())}` },
  });
  return client;
}
