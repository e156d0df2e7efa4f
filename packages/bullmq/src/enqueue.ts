import { randomBytes } from 'node:crypto';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchJobId, orderField, orderJobId, runKeys } from './keys.js';
import { checkRef, type OrderRef, type OrderRefSource } from './order-ref.js';
import type { RunScripts } from './scripts.js';

/** What a job carries: the run and its orders as `[index, orderId]`, never a credential. */
export interface CancelJobData {
  readonly runId: string;
  readonly orders: readonly (readonly [number, string])[];
  /** Added again by an enqueue that resumed an interrupted one: the worker first skips orders already finished. */
  readonly resumed?: true;
}

export interface EnqueueReport {
  readonly runId: string;
  /** Orders this call added to the run. */
  readonly enqueued: number;
  /** References skipped: repeated in the input, or already in the run. */
  readonly skipped: number;
  /** Orders an interrupted enqueue of this run had recorded and not finished, queued again (BullMQ ignores a job it still has). */
  readonly resumed: number;
  /** Orders in the run now, from every enqueue of it. */
  readonly total: number;
  /** Orders this call added, by provider. */
  readonly byProvider: Record<string, number>;
}

export interface EnqueueContext {
  readonly client: Redis & RunScripts;
  readonly prefix: string;
  readonly queueFor: (provider: string) => Queue;
  readonly batchSizes: () => Promise<Readonly<Record<string, number>>>;
  readonly jobOptions: JobsOptions;
}

// References are read, recorded and turned into jobs this many at a time: memory stays flat for any input size.
const chunkSize = 500;

type Order = readonly [number, string];

/** Reads the references chunk by chunk; each chunk is one script call and one `addBulk` per provider. */
export async function enqueueRun(
  context: EnqueueContext,
  refs: OrderRefSource,
  runId: string,
  signal?: AbortSignal,
): Promise<EnqueueReport> {
  const { client } = context;
  const keys = runKeys(context.prefix, runId);
  const token = randomBytes(4).toString('hex');
  const batchSizes = await context.batchSizes();
  const report = {
    runId,
    enqueued: 0,
    skipped: 0,
    resumed: 0,
    total: 0,
    byProvider: {} as Record<string, number>,
  };
  const batches = new Map<string, { orders: Order[]; resumed: boolean }>();
  await client.hsetnx(keys.meta, 'createdAt', new Date().toISOString());
  await client.hsetnx(keys.meta, 'total', '0');
  await client.hset(keys.meta, 'enqueuing', token);
  let finished = false;
  try {
    let chunk: OrderRef[] = [];
    let position = 0;
    for await (const ref of refs) {
      const problem = checkRef(ref);
      if (problem) {
        throw new TypeError(
          `Reference ${position} of the input: ${problem}. The ${position} before it are in run ${JSON.stringify(runId)}; enqueue the corrected input with the same runId to add the rest without repeating them.`,
        );
      }
      chunk.push(ref);
      position++;
      if (chunk.length === chunkSize) {
        signal?.throwIfAborted();
        await writeChunk(context, keys, token, chunk, { batchSizes, batches, report, runId });
        chunk = [];
      }
    }
    await writeChunk(context, keys, token, chunk, { batchSizes, batches, report, runId });
    await addJobs(context, flushBatches(batches, runId));
    await client.endEnqueue(keys.meta, token);
    finished = true;
  } finally {
    if (!finished) await client.hdel(keys.meta, 'enqueuing').catch(() => {});
  }
  report.total = Number(await client.hget(keys.meta, 'total'));
  return report;
}

interface ChunkState {
  readonly runId: string;
  readonly batchSizes: Readonly<Record<string, number>>;
  readonly batches: Map<string, { orders: Order[]; resumed: boolean }>;
  readonly report: { enqueued: number; skipped: number; resumed: number; byProvider: Record<string, number> };
}

type PendingJob = { provider: string; id: string; data: CancelJobData };

async function writeChunk(
  context: EnqueueContext,
  keys: { meta: string; orders: string },
  token: string,
  chunk: readonly OrderRef[],
  state: ChunkState,
): Promise<void> {
  if (chunk.length === 0) return;
  const fields = chunk.flatMap((ref) => [ref.provider, orderField(ref.provider, ref.orderId)]);
  const answer = await context.client.recordOrders(keys.meta, keys.orders, token, ...fields);
  const jobs: PendingJob[] = [];
  chunk.forEach(({ provider, orderId }, position) => {
    const status = answer[position * 2]!;
    const index = answer[position * 2 + 1]!;
    if (status === 2) {
      state.report.skipped++;
      return;
    }
    if (status === 0) {
      state.report.enqueued++;
      state.report.byProvider[provider] = (state.report.byProvider[provider] ?? 0) + 1;
    }
    const resumed = status === 1;
    if (resumed) state.report.resumed++;
    const size = state.batchSizes[provider] ?? 1;
    if (size <= 1) {
      const data: CancelJobData = {
        runId: state.runId,
        orders: [[index, orderId]],
        ...(resumed && { resumed }),
      };
      jobs.push({ provider, id: orderJobId(state.runId, orderId), data });
      return;
    }
    const batch = state.batches.get(provider) ?? { orders: [], resumed: false };
    batch.orders.push([index, orderId]);
    batch.resumed ||= resumed;
    state.batches.set(provider, batch);
    if (batch.orders.length >= size) {
      state.batches.delete(provider);
      jobs.push(...flushBatches(new Map([[provider, batch]]), state.runId));
    }
  });
  await addJobs(context, jobs);
}

/** One job per provider's pending batch; empties the map. */
function flushBatches(
  batches: Map<string, { orders: Order[]; resumed: boolean }>,
  runId: string,
): PendingJob[] {
  const jobs: PendingJob[] = [];
  for (const [provider, { orders, resumed }] of batches) {
    if (orders.length === 0) continue;
    const data: CancelJobData = { runId, orders, ...(resumed && { resumed: true as const }) };
    jobs.push({ provider, id: batchJobId(runId, orders[0]![0]), data });
  }
  batches.clear();
  return jobs;
}

/** A job ID already in the queue is ignored by BullMQ, which is what makes adding a job again harmless. */
async function addJobs(context: EnqueueContext, jobs: readonly PendingJob[]): Promise<void> {
  const byProvider = new Map<string, PendingJob[]>();
  for (const job of jobs) {
    const group = byProvider.get(job.provider);
    if (group) group.push(job);
    else byProvider.set(job.provider, [job]);
  }
  await Promise.all(
    [...byProvider].map(([provider, group]) =>
      context
        .queueFor(provider)
        .addBulk(
          group.map(({ id, data }) => ({ name: 'cancel', data, opts: { ...context.jobOptions, jobId: id } })),
        ),
    ),
  );
}
