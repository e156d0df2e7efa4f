import { randomUUID } from 'node:crypto';
import { CancelError } from '@cancel/core';
import { type Sandbox, startSandbox } from '@cancel/sandbox';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CancelQueue, createCancelQueue, runCancelWorker } from '../src/index.js';
import { collect, dumpKeys, pendingOrders, redisUrl, sandboxClients, uniquePrefix } from './support.js';

let sandbox: Sandbox;
let prefix: string;
let queue: CancelQueue;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  prefix = uniquePrefix();
  queue = createCancelQueue({ connection: redisUrl(), prefix, backoffMs: 50 });
  return () => queue.close();
});

async function withWorker<T>(run: () => Promise<T>, clients = sandboxClients(sandbox)): Promise<T> {
  const worker = runCancelWorker({ connection: redisUrl(), prefix, clients, concurrency: 8 });
  await worker.ready;
  try {
    return await run();
  } finally {
    await worker.close();
  }
}

describe('a run through the queue', () => {
  it('cancels every order once and yields each one as a bulk entry with its provider', async () => {
    const refs = pendingOrders(sandbox, 60);
    const { runId, enqueued, total } = await queue.enqueue(refs, { runId: 'incident:42' });
    expect({ runId, enqueued, total }).toEqual({ runId: 'incident:42', enqueued: 60, total: 60 });
    const entries = await withWorker(() => collect(queue.results(runId)));
    expect(entries).toHaveLength(60);
    expect(new Set(entries.map((entry) => entry.index))).toEqual(new Set(refs.map((_, index) => index)));
    for (const entry of entries) {
      expect(refs[entry.index]).toEqual({ provider: entry.provider, orderId: entry.orderId });
      expect(entry.result.ok).toBe(true);
      if (entry.result.ok)
        expect(entry.result.value).toMatchObject({ provider: entry.provider, orderId: entry.orderId });
      expect(sandbox.stateChanges(entry.provider as never, entry.orderId)).toBe(1);
    }
    // Fincart's bulk answer confirms no single order; the others confirm each.
    const fincart = entries.filter((entry) => entry.provider === 'fincart');
    expect(fincart.every((entry) => entry.result.ok && entry.result.value.outcome === 'requested')).toBe(
      true,
    );
  });

  it('sends Fincart orders in native batches', async () => {
    const refs = pendingOrders(sandbox, 120, ['fincart']);
    const clients = sandboxClients(sandbox, { providers: ['fincart'], settings: { batchSize: 50 } });
    // A worker declares its batch size in Redis; the producer reads it from there.
    await withWorker(async () => {
      const { runId } = await queue.enqueue(refs);
      await collect(queue.results(runId));
    }, clients);
    const batches = sandbox.requests.filter((request) => request.provider === 'fincart');
    expect(batches.map((request) => request.orderIds.length)).toEqual([50, 50, 20]);
  });

  it('makes one job of an order named twice, and enqueuing the same run again adds nothing', async () => {
    const [first, second] = pendingOrders(sandbox, 2, ['zinc']);
    const report = await queue.enqueue([first!, second!, first!], { runId: 'twice' });
    expect(report).toMatchObject({ enqueued: 2, skipped: 1, total: 2 });
    const again = await queue.enqueue([first!, second!], { runId: 'twice' });
    expect(again).toMatchObject({ enqueued: 0, skipped: 2, total: 2 });
    const jobs = await new Queue('zinc', { connection: { url: redisUrl() }, prefix }).getWaitingCount();
    expect(jobs).toBe(2);
    await withWorker(() => collect(queue.results('twice')));
    expect(sandbox.requests.filter((request) => request.provider === 'zinc')).toHaveLength(2);
  });

  it('resumes an interrupted enqueue: every order gets one job and one result, none is cancelled twice', async () => {
    const refs = pendingOrders(sandbox, 1200);
    async function* breaksAt(position: number) {
      for (const [index, ref] of refs.entries()) {
        if (index === position) throw new Error('the input broke off');
        yield ref;
      }
    }
    await expect(queue.enqueue(breaksAt(700), { runId: 'resumed' })).rejects.toThrow(/broke off/);
    const summary = await queue.summary('resumed');
    expect(summary).toMatchObject({ total: 500, enqueuing: true });
    const again = await queue.enqueue(refs, { runId: 'resumed' });
    expect(again).toMatchObject({ enqueued: 700, resumed: 500, skipped: 0, total: 1200 });
    const entries = await withWorker(() => collect(queue.results('resumed')));
    expect(entries).toHaveLength(1200);
    expect(entries.every((entry) => entry.result.ok)).toBe(true);
    for (const ref of refs) expect(sandbox.stateChanges(ref.provider, ref.orderId)).toBe(1);
  });

  it('removes a run not yet worked: its waiting jobs go too, and nothing is sent', async () => {
    const refs = pendingOrders(sandbox, 40);
    const { runId } = await queue.enqueue(refs);
    await queue.remove(runId);
    const keys = [...(await dumpKeys(prefix)).keys()];
    expect(keys.filter((key) => key.includes(':run:'))).toEqual([]);
    const zinc = new Queue('zinc', { connection: { url: redisUrl() }, prefix });
    expect(await zinc.getWaitingCount()).toBe(0);
    await zinc.close();
    await withWorker(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(sandbox.requests).toEqual([]);
  });

  it('encodes order and run IDs that contain a colon, which BullMQ refuses in job IDs', async () => {
    const orderId = sandbox.addOrder('offergrid', { id: 'ord:with:colons', state: 'pending' });
    const { runId } = await queue.enqueue([{ provider: 'offergrid', orderId }], { runId: 'a:b|c' });
    const [entry] = await withWorker(() => collect(queue.results(runId)));
    expect(entry).toMatchObject({ orderId, provider: 'offergrid', result: { ok: true } });
  });

  it('reads the input as a stream: jobs are in Redis before the input ends', async () => {
    const refs = pendingOrders(sandbox, 1500, ['zinc']);
    const zinc = new Queue('zinc', { connection: { url: redisUrl() }, prefix });
    const waitingSeen: number[] = [];
    async function* slowly() {
      for (const [position, ref] of refs.entries()) {
        if (position === 1200) waitingSeen.push(await zinc.getWaitingCount());
        yield ref;
      }
    }
    await queue.enqueue(slowly());
    expect(waitingSeen[0]).toBeGreaterThanOrEqual(1000);
    expect(await zinc.getWaitingCount()).toBe(1500);
    await zinc.close();
  });

  it('follows a run again from its start after the follower stopped', async () => {
    const refs = pendingOrders(sandbox, 30);
    const { runId } = await queue.enqueue(refs);
    await withWorker(async () => {
      const stop = new AbortController();
      const early: unknown[] = [];
      for await (const entry of queue.results(runId, { signal: stop.signal })) {
        early.push(entry);
        if (early.length === 5) stop.abort();
      }
      expect(early).toHaveLength(5);
      const restarted = await collect(createCancelQueue({ connection: redisUrl(), prefix }).results(runId));
      expect(restarted.map((entry) => entry.index).sort((a, b) => a - b)).toEqual(
        refs.map((_, index) => index),
      );
    });
  });

  it('sums a run by provider, outcome and error code, and removes it in one call', async () => {
    const zinc = pendingOrders(sandbox, 3, ['zinc']);
    const shipped = sandbox.addOrder('snappy', { state: 'shipped' });
    const refs = [
      ...zinc,
      { provider: 'snappy', orderId: shipped },
      { provider: 'zinc', orderId: 'not-a-uuid' },
    ];
    const { runId } = await queue.enqueue(refs);
    await withWorker(() => collect(queue.results(runId)));
    const summary = await queue.summary(runId);
    expect(summary).toMatchObject({ total: 5, finished: 5, pending: 0, enqueuing: false });
    expect(summary.counts).toMatchObject({ total: 5, succeeded: 3, failed: 2, outcomes: { cancelled: 3 } });
    expect(summary.byProvider.zinc!.counts.errors).toEqual({ invalid_input: 1 });
    expect(summary.byProvider.snappy!.counts.errors).toEqual({ not_cancellable: 1 });
    await queue.remove(runId);
    expect([...(await dumpKeys(prefix)).keys()].filter((key) => key.includes(':run:'))).toEqual([]);
    await expect(queue.summary(runId)).rejects.toThrow(/no run/);
  });
});

describe('failures', () => {
  it('ends a job with a non-retryable code at once: one request, the error in the result', async () => {
    const { runId } = await queue.enqueue([{ provider: 'zinc', orderId: randomUUID() }]);
    const [entry] = await withWorker(() => collect(queue.results(runId)));
    expect(entry!.result.ok).toBe(false);
    if (!entry!.result.ok) {
      expect(CancelError.isInstance(entry!.result.error)).toBe(true);
      expect(entry!.result.error).toMatchObject({ code: 'not_found', retryable: false, provider: 'zinc' });
    }
    expect(sandbox.requests).toHaveLength(1);
  });

  it('retries a retryable failure with BullMQ after the client gave up, until it succeeds', async () => {
    const [ref] = pendingOrders(sandbox, 1, ['zinc']);
    // The client's own 2 retries see the first 3 errors; BullMQ's second attempt sees the 4th, its third succeeds.
    sandbox.inject('zinc', ref!.orderId, { type: 'server_error', times: 4 });
    const { runId } = await queue.enqueue([ref!]);
    const [entry] = await withWorker(() => collect(queue.results(runId)));
    expect(entry!.result).toMatchObject({ ok: true, value: { outcome: 'cancelled' } });
    expect(sandbox.requests).toHaveLength(5);
  });

  it('reports a retryable failure once the attempts are used up', async () => {
    const [ref] = pendingOrders(sandbox, 1, ['zinc']);
    sandbox.inject('zinc', ref!.orderId, { type: 'server_error' });
    const short = createCancelQueue({ connection: redisUrl(), prefix, attempts: 2, backoffMs: 10 });
    const { runId } = await short.enqueue([ref!]);
    const [entry] = await withWorker(() => collect(short.results(runId)));
    await short.close();
    expect(entry!.result).toMatchObject({ ok: false, error: { code: 'provider_error', retryable: true } });
    expect(sandbox.requests).toHaveLength(6); // 2 BullMQ attempts of 3 requests each
  });

  it('pauses the provider for every worker for the Retry-After of a 429', async () => {
    const refs = pendingOrders(sandbox, 20, ['zinc']);
    sandbox.inject('zinc', refs[0]!.orderId, { type: 'rate_limit', retryAfter: 1, times: 1 });
    const { runId } = await queue.enqueue(refs);
    const clients = sandboxClients(sandbox, { providers: ['zinc'] });
    const entries = await withWorker(() => collect(queue.results(runId)), clients);
    expect(entries.every((entry) => entry.result.ok)).toBe(true);
    const refused = sandbox.requests.find((request) => request.status === 429)!;
    const during = sandbox.requests.filter(
      (request) => request.at > refused.at + 50 && request.at < refused.at + 900,
    );
    expect(during).toEqual([]);
    expect(sandbox.requests.filter((request) => request.status === 429)).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('writes no credential to Redis: every key and value scanned after a run', async () => {
    const random = () => Math.random().toString(36).slice(2, 14);
    const credentials = {
      zinc: { apiKey: `zn_test_${random()}` },
      offergrid: { apiKey: `og_test_${random()}` },
      snappy: { apiKey: `snappy_test_${random()}` },
      fungies: { publicKey: `pub_test_${random()}`, secretKey: `sec_test_${random()}` },
      fincart: { token: `fincart_test_${random()}` },
    };
    const refs = [...pendingOrders(sandbox, 10), { provider: 'zinc', orderId: randomUUID() }];
    sandbox.inject('snappy', refs[2]!.orderId, { type: 'server_error' });
    const short = createCancelQueue({ connection: redisUrl(), prefix, attempts: 2, backoffMs: 10 });
    const { runId } = await short.enqueue(refs);
    const entries = await withWorker(
      () => collect(short.results(runId)),
      sandboxClients(sandbox, { credentials }),
    );
    await short.close();
    expect(entries.filter((entry) => !entry.result.ok)).toHaveLength(2);
    const everything = [...(await dumpKeys(prefix))].join('\n');
    expect(everything).toContain(refs[0]!.orderId);
    for (const secret of Object.values(credentials).flatMap((set) => Object.values(set))) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(-10));
    }
  });
});
