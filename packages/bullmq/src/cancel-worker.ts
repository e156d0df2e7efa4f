import type { BulkEntry, CancelClient, RateLimit } from '@cancel/core';
import { type Job, Queue, UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkRedis, openClient, type RedisConnection } from './connection.js';
import type { CancelJobData } from './enqueue.js';
import { countField, type QueuedEntry, storeEntry } from './entry.js';
import { defaultPrefix, orderField, providersKey, runKeys } from './keys.js';
import { ordersPerJob, queueLimiter } from './limits.js';
import { ResultWriter } from './result-writer.js';
import { type RunScripts, withScripts } from './scripts.js';

type Client = Pick<CancelClient, 'provider' | 'cancelOrder' | 'cancelOrders'> & {
  readonly rateLimits?: readonly RateLimit[] | false;
  readonly batchSize?: number | undefined;
};

export interface CancelWorkerOptions {
  readonly connection: RedisConnection;
  /** One client per provider; each keeps its credentials in this process. */
  readonly clients: readonly Client[];
  /** Orders in flight at once, per provider (for Fincart: batch requests). Default 8. */
  readonly concurrency?: number;
  /** The same prefix as the queue's. Default `cancel`. */
  readonly prefix?: string;
  /** Limits by provider, shared by every worker; default: each client's (its `rateLimits`, else the documented). */
  readonly limits?: Readonly<Record<string, readonly RateLimit[] | false>>;
  /** How long a 429 without `Retry-After` pauses the provider for every worker. Default 1000 ms. */
  readonly rateLimitPauseMs?: number;
  /** Close (finishing the jobs held) on SIGTERM and SIGINT. Default false; the CLI's worker sets it. */
  readonly handleSignals?: boolean;
  /** Redis and BullMQ errors, which BullMQ retries on its own. Default: written to stderr. */
  readonly onError?: (error: Error) => void;
  /** Passed to each BullMQ worker, e.g. `lockDuration` and `stalledInterval` (how fast a dead worker's jobs move). */
  readonly workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency' | 'limiter'>>;
}

export interface CancelWorker {
  /** The providers this worker works, one BullMQ worker each. */
  readonly providers: readonly string[];
  /** Settles once Redis was checked and the workers run; rejects with a `QueueSetupError` when Redis is unusable. */
  readonly ready: Promise<void>;
  /** Stops taking jobs, finishes the ones held, and disconnects. */
  close(): Promise<void>;
}

// A provider that keeps answering 429 ends its orders as rate_limited after this many starts.
const maxRateLimitedStarts = 50;

/** Works every provider it has a client for, until `close()`; returns at once, `ready` says when it runs. */
export function runCancelWorker(options: CancelWorkerOptions): CancelWorker {
  const providers = checkClients(options.clients);
  const prefix = options.prefix ?? defaultPrefix;
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`@cancel/bullmq: ${error.message}\n`));
  let started: { client: Redis & RunScripts; workers: { worker: Worker; queue: Queue }[] } | undefined;
  let closing: Promise<void> | undefined;
  const ready = checkRedis(options.connection).then(async () => {
    if (closing) return;
    // Node loads its fetch on first use, which made the first requests of a fresh worker reach the provider
    // ~150 ms after their jobs started: late enough for the provider to count them in the next window. A data:
    // URL loads it without sending anything.
    await fetch('data:,').catch(() => {});
    const client = withScripts(openClient(options.connection));
    client.on('error', onError);
    const writer = new ResultWriter(client);
    const workers = options.clients.map((cancelClient) =>
      startWorker({ client, writer, cancelClient, prefix, options, onError }),
    );
    started = { client, workers };
    await client.hset(
      providersKey(prefix),
      ...options.clients.flatMap((one) => [
        one.provider,
        JSON.stringify({ batchSize: one.batchSize ?? jobShape(one, options).perJob }),
      ]),
    );
  });
  ready.catch(() => {}); // reported to whoever awaits `ready` or `close()`
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      process.off('SIGTERM', close);
      process.off('SIGINT', close);
      await ready.catch(() => {});
      if (!started) return;
      // BullMQ's close() lets every job held finish (or fail) before it resolves.
      await Promise.all(started.workers.map(({ worker }) => worker.close()));
      await Promise.all(started.workers.map(({ queue }) => queue.close()));
      await started.client.quit().catch(() => {});
    })());
  if (options.handleSignals) {
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
  }
  return { providers, ready, close };
}

function startWorker(context: Omit<WorkContext, 'queue'> & { onError: (error: Error) => void }) {
  const { client, cancelClient, prefix, options } = context;
  const queue = new Queue(cancelClient.provider, { connection: client as never, prefix });
  const { limits, perJob } = jobShape(cancelClient, options);
  const worker = new Worker<CancelJobData>(cancelClient.provider, (job) => work(job, { ...context, queue }), {
    maxStalledCount: 5,
    ...options.workerOptions,
    connection: client as never,
    prefix,
    // `concurrency` counts orders in flight; a job carries `perJob` of them, or one batch request.
    concurrency: Math.max(1, Math.round((options.concurrency ?? 8) / perJob)),
    limiter: queueLimiter(limits, perJob),
  });
  worker.on('error', context.onError);
  return { worker, queue };
}

/**
 * The provider's limit, and the orders a job carries: a batch provider's job is one request of many orders, and
 * counts as one; another provider's carries a few orders (see `ordersPerJob`), which the producer reads from Redis.
 */
function jobShape(client: Client, options: CancelWorkerOptions) {
  const limits = options.limits?.[client.provider] ?? client.rateLimits;
  return { limits, perJob: client.batchSize === undefined ? ordersPerJob(limits) : 1 };
}

function checkClients(clients: readonly Client[]): string[] {
  if (!Array.isArray(clients) || clients.length === 0) {
    throw new TypeError('runCancelWorker needs `clients`: at least one client, e.g. [createZinc()].');
  }
  const providers = clients.map((client) => client?.provider);
  for (const [position, provider] of providers.entries()) {
    if (typeof provider !== 'string' || typeof clients[position]!.cancelOrder !== 'function') {
      throw new TypeError(
        `clients[${position}] is not a client from a provider package (createZinc() and the like).`,
      );
    }
    if (providers.indexOf(provider) !== position) {
      throw new TypeError(
        `Two clients for ${provider}: one per provider, since one queue carries its orders.`,
      );
    }
  }
  return providers as string[];
}

interface WorkContext {
  readonly client: Redis & RunScripts;
  readonly writer: ResultWriter;
  readonly queue: Queue;
  readonly cancelClient: Client;
  readonly prefix: string;
  readonly options: CancelWorkerOptions;
}

/**
 * One job: its orders (one, or a Fincart batch) through the client. Finished orders are recorded at once; a 429
 * pauses the provider's queue for every worker; retryable failures go back to BullMQ for its backoff until the
 * last attempt; anything else ends the job (UnrecoverableError).
 */
async function work(job: Job<CancelJobData>, context: WorkContext): Promise<void> {
  const { runId } = job.data;
  const keys = runKeys(context.prefix, runId);
  const orders = await unfinished(job, context, keys.orders);
  if (orders.length === 0) return;
  const entries = await cancel(context.cancelClient, orders);
  const limited = entries.find((entry) => !entry.result.ok && entry.result.error.code === 'rate_limited');
  const pause = limited !== undefined && job.attemptsStarted < maxRateLimitedStarts;
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || limited !== undefined;
  const again = entries.filter(
    (entry) => !entry.result.ok && entry.result.error.retryable && (pause || !lastAttempt),
  );
  const done = entries.filter((entry) => !again.includes(entry));
  await record(context, keys, done);
  if (again.length > 0 && done.length > 0) {
    await job.updateData({ ...job.data, orders: again.map((entry) => [entry.index, entry.orderId]) });
  }
  if (pause) {
    const error = !limited.result.ok ? limited.result.error : undefined;
    await context.queue.rateLimit(error?.retryAfterMs ?? context.options.rateLimitPauseMs ?? 1000);
    throw Worker.RateLimitError();
  }
  if (again.length > 0) throw failure(again[0]!, Error);
  const failed = done.find((entry) => !entry.result.ok);
  if (failed) throw failure(failed, UnrecoverableError);
}

/** After a stall, a retry or a resumed enqueue, orders another attempt already finished are not sent again. */
async function unfinished(job: Job<CancelJobData>, context: WorkContext, ordersKey: string) {
  const { orders, resumed } = job.data;
  if (!resumed && job.attemptsStarted <= 1) return orders;
  const provider = context.cancelClient.provider;
  const states = await context.client.hmget(
    ordersKey,
    ...orders.map(([, orderId]) => orderField(provider, orderId)),
  );
  return orders.filter((_, position) => states[position] !== null && !states[position]!.startsWith('d'));
}

// A Retry-After beyond 0 ends the client's call at once as rate_limited, so the pause is the queue's, for all
// workers, rather than this worker's alone. Other failures keep the client's own quick retries.
const callOptions = { maxRetryAfterMs: 0 } as object;

async function cancel(
  client: Client,
  orders: readonly (readonly [number, string])[],
): Promise<QueuedEntry[]> {
  const provider = client.provider;
  if (orders.length === 1 && client.batchSize === undefined) {
    const [index, orderId] = orders[0]!;
    return [{ index, orderId, provider, result: await client.cancelOrder(orderId, callOptions) }];
  }
  const ids = orders.map(([, orderId]) => orderId);
  // A batch is one request; the orders of a job at another provider are all sent at once.
  const shape =
    client.batchSize === undefined ? { concurrency: ids.length } : { batchSize: ids.length, concurrency: 1 };
  const report = await client.cancelOrders(ids, { ...callOptions, ...shape });
  return report.results.map((entry: BulkEntry, position) => ({
    ...entry,
    index: orders[position]![0],
    provider,
  }));
}

async function record(
  context: WorkContext,
  keys: ReturnType<typeof runKeys>,
  entries: readonly QueuedEntry[],
) {
  if (entries.length === 0) return;
  const provider = context.cancelClient.provider;
  const fields = entries.flatMap((entry) => [
    orderField(provider, entry.orderId),
    countField(entry),
    storeEntry(entry),
  ]);
  await context.client.finishOrders(keys.meta, keys.orders, keys.results, ...fields);
}

/** What BullMQ stores as the job's failure: the code and the client's message, which carry no secret. */
function failure(entry: QueuedEntry, Kind: new (message: string) => Error): Error {
  const error = entry.result.ok ? undefined : entry.result.error;
  return new Kind(`${error?.code}: ${error?.message}`);
}
