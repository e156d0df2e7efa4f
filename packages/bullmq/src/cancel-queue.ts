import { type BulkCounts, emptyCounts } from '@cancel/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkRedis, openClient, type RedisConnection } from './connection.js';
import { type EnqueueReport, enqueueRun } from './enqueue.js';
import { type QueuedEntry, readEntries } from './entry.js';
import { defaultPrefix, providersKey, runJobPrefix, runKeys } from './keys.js';
import type { OrderRefSource } from './order-ref.js';
import { assertRunId, newRunId } from './run-id.js';
import { type RunScripts, withScripts } from './scripts.js';

export interface CancelQueueOptions {
  /** `redis://HOST:PORT`, ioredis options, or an ioredis client (which stays yours to close). */
  readonly connection: RedisConnection;
  /** Prefix of every key, BullMQ's included. Default `cancel`. On Redis Cluster, put it in braces: `{cancel}`. */
  readonly prefix?: string;
  /** Attempts per order for retryable failures, each after the client's own quick retries. Default 3. */
  readonly attempts?: number;
  /** BullMQ's first backoff between attempts in ms, doubled each time. Default 5000. */
  readonly backoffMs?: number;
  /** Orders per job, by provider; default: what the workers' clients declared (Fincart's batch size), else 1. */
  readonly batchSizes?: Readonly<Record<string, number>>;
}

export interface RunSummary {
  readonly runId: string;
  /** Orders in the run. */
  readonly total: number;
  readonly finished: number;
  readonly pending: number;
  /** True until an enqueue of this run has finished, or while one is running. */
  readonly enqueuing: boolean;
  /** Counts of the finished orders: succeeded, failed, by outcome and by error code. */
  readonly counts: BulkCounts;
  readonly byProvider: Readonly<Record<string, { total: number; pending: number; counts: BulkCounts }>>;
}

export interface CancelQueue {
  /** Adds the orders to the run (a new one unless `runId` names one); the same order twice is one job. */
  enqueue(refs: OrderRefSource, options?: { runId?: string; signal?: AbortSignal }): Promise<EnqueueReport>;
  /** Each finished order as it finishes, from the run's start; ends when every order has finished. */
  results(runId: string, options?: { signal?: AbortSignal }): AsyncGenerator<QueuedEntry>;
  summary(runId: string): Promise<RunSummary>;
  /** Deletes the run's bookkeeping and its jobs still waiting; workers drop the results of orders in flight. */
  remove(runId: string): Promise<void>;
  close(): Promise<void>;
}

/** One Redis client and one BullMQ queue per provider, opened on first use after Redis was checked. */
class Connected {
  readonly queues = new Map<string, Queue>();

  constructor(
    readonly client: Redis & RunScripts,
    readonly prefix: string,
  ) {}

  static async open(connection: RedisConnection, prefix: string): Promise<Connected> {
    // A bad URL or an old Redis fails the first call cleanly, before any command.
    await checkRedis(connection);
    const client = withScripts(openClient(connection));
    client.on('error', () => {}); // commands fail on their own; ioredis reconnects
    return new Connected(client, prefix);
  }

  queueFor(provider: string): Queue {
    let queue = this.queues.get(provider);
    if (!queue) {
      queue = new Queue(provider, { connection: this.client as never, prefix: this.prefix });
      this.queues.set(provider, queue);
    }
    return queue;
  }

  /** Orders per job by provider, as the workers published them. */
  async declaredBatchSizes(): Promise<Record<string, number>> {
    const declared: Record<string, number> = {};
    for (const [provider, facts] of Object.entries(await this.client.hgetall(providersKey(this.prefix)))) {
      const size = (JSON.parse(facts) as { batchSize?: number }).batchSize;
      if (size) declared[provider] = size;
    }
    return declared;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.client.quit().catch(() => {});
  }
}

export function createCancelQueue(options: CancelQueueOptions): CancelQueue {
  const prefix = options.prefix ?? defaultPrefix;
  const jobOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 5000 },
    removeOnComplete: true,
    removeOnFail: true,
  };
  let connecting: Promise<Connected> | undefined;
  const connect = (runId: string) => {
    assertRunId(runId);
    connecting ??= Connected.open(options.connection, prefix);
    return connecting;
  };
  return {
    async enqueue(refs, { runId = newRunId(), signal } = {}) {
      const connected = await connect(runId);
      const context = {
        client: connected.client,
        prefix,
        queueFor: (provider: string) => connected.queueFor(provider),
        batchSizes: async () => ({ ...(await connected.declaredBatchSizes()), ...options.batchSizes }),
        jobOptions,
      };
      return enqueueRun(context, refs, runId, signal);
    },
    async *results(runId, { signal } = {}) {
      const { client } = await connect(runId);
      yield* followResults(client, runKeys(prefix, runId), runId, signal);
    },
    async summary(runId) {
      const { client } = await connect(runId);
      const meta = await client.hgetall(runKeys(prefix, runId).meta);
      if (Object.keys(meta).length === 0) throw unknownRun(runId);
      return summarise(runId, meta);
    },
    remove: async (runId) => removeRun(await connect(runId), runId),
    async close() {
      const connected = await connecting?.catch(() => undefined);
      connecting = undefined;
      await connected?.close();
    },
  };
}

async function removeRun(connected: Connected, runId: string): Promise<void> {
  const keys = runKeys(connected.prefix, runId);
  const meta = await connected.client.hgetall(keys.meta);
  // The bookkeeping goes first, so a worker finishing an order of this run no longer records it.
  await connected.client.del(keys.meta);
  const providers = Object.keys(meta).flatMap((field) =>
    field.startsWith('total|') ? [field.slice(6)] : [],
  );
  for (const provider of providers)
    await removeWaitingJobs(connected.queueFor(provider), runJobPrefix(runId));
  await connected.client.del(keys.orders, keys.results);
}

const unknownRun = (runId: string) =>
  new Error(
    `There is no run ${JSON.stringify(runId)} in this Redis (under this prefix). Check the run ID and prefix.`,
  );

const followBatch = 1000;

async function* followResults(
  client: Redis & RunScripts,
  keys: ReturnType<typeof runKeys>,
  runId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<QueuedEntry> {
  // XREAD BLOCK holds its connection, so each follower has one of its own.
  const reader = client.duplicate() as Redis;
  reader.on('error', () => {});
  const stop = () => reader.disconnect();
  signal?.addEventListener('abort', stop, { once: true });
  let last = '0-0';
  let yielded = 0;
  try {
    while (!signal?.aborted) {
      const reply = (await reader
        .xread('COUNT', followBatch, 'BLOCK', 1000, 'STREAMS', keys.results, last)
        .catch((error: unknown) => {
          if (signal?.aborted) return null;
          throw error;
        })) as [string, [string, string[]][]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      for (const [id, fields] of entries) {
        last = id;
        for (const entry of readEntries(fields[1]!)) {
          if (signal?.aborted) return;
          yielded++;
          yield entry;
        }
      }
      if (entries.length === followBatch) continue;
      const [total, enqueued, enqueuing] = await client.hmget(keys.meta, 'total', 'enqueued', 'enqueuing');
      if (total === null) throw unknownRun(runId);
      if (enqueued === '1' && enqueuing === null && yielded >= Number(total)) return;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    reader.disconnect();
  }
}

function summarise(runId: string, meta: Record<string, string>): RunSummary {
  const counts = emptyCounts();
  const byProvider: Record<string, { total: number; pending: number; counts: BulkCounts }> = {};
  const provider = (name: string) => (byProvider[name] ??= { total: 0, pending: 0, counts: emptyCounts() });
  for (const [field, value] of Object.entries(meta)) {
    const parts = field.split('|');
    if (parts[0] === 'total' && parts[1]) provider(parts[1]).total = Number(value);
    if (parts[0] !== 'n' || parts.length !== 4) continue;
    const [, name, kind, what] = parts as [string, string, string, string];
    for (const target of [counts, provider(name).counts]) addTimes(target, kind, what, Number(value));
  }
  for (const entry of Object.values(byProvider)) entry.pending = entry.total - entry.counts.total;
  const total = Number(meta.total ?? 0);
  const finished = Number(meta.finished ?? 0);
  return {
    runId,
    total,
    finished,
    pending: total - finished,
    enqueuing: meta.enqueued !== '1' || meta.enqueuing !== undefined,
    counts,
    byProvider,
  };
}

/** Adds a stored counter to counts of the shape a local bulk run reports. */
function addTimes(counts: BulkCounts, kind: string, what: string, times: number): void {
  counts.total += times;
  if (kind === 'ok') {
    counts.succeeded += times;
    const outcomes = counts.outcomes as Record<string, number>;
    outcomes[what] = (outcomes[what] ?? 0) + times;
  } else {
    counts.failed += times;
    const errors = counts.errors as Record<string, number>;
    errors[what] = (errors[what] ?? 0) + times;
  }
}

const waitingStates = ['wait', 'delayed', 'prioritized', 'waiting-children'] as const;

async function removeWaitingJobs(queue: Queue, jobPrefix: string): Promise<void> {
  const pageSize = 1000;
  for (let start = 0; ; start += pageSize) {
    const jobs = await queue.getJobs([...waitingStates], start, start + pageSize - 1, true);
    if (jobs.length === 0) return;
    const ours = jobs.filter((job) => job?.id?.startsWith(jobPrefix));
    await Promise.all(ours.map((job) => job.remove().catch(() => {})));
    // Removed jobs shift the pages that follow.
    start -= ours.length;
  }
}
