import { setTimeout as sleep } from 'node:timers/promises';
import { type ProviderId, providerIds, type Sandbox, startSandbox } from '@cancel/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createCancelQueue, type QueuedEntry } from '../src/index.js';
import { pendingOrders, redisUrl, startWorkerProcess, uniquePrefix, type WorkerProcess } from './support.js';

const running = new Set<WorkerProcess>();
let sandbox: Sandbox | undefined;

afterEach(async () => {
  for (const worker of running) worker.child.kill('SIGKILL');
  running.clear();
  await sandbox?.close();
});

function startWorker(prefix: string, environment: Record<string, string> = {}) {
  const started = startWorkerProcess({
    REDIS_URL: redisUrl(),
    PREFIX: prefix,
    SANDBOX: JSON.stringify({ baseUrls: sandbox!.baseUrls, credentials: sandbox!.credentials }),
    WORKER_PROVIDERS: providerIds.join(','),
    ...environment,
  });
  return started.then((worker) => {
    running.add(worker);
    return worker;
  });
}

const key = (entry: { provider: string; orderId: string }) => `${entry.provider} ${entry.orderId}`;

describe('worker processes', () => {
  it('loses nothing and cancels nothing twice when a worker is killed mid-run: 10,000 orders, 3 workers', async () => {
    sandbox = await startSandbox({ rateLimits: false, seed: false });
    const prefix = uniquePrefix();
    const refs = pendingOrders(sandbox, 10_000);
    const workers = await Promise.all([startWorker(prefix), startWorker(prefix), startWorker(prefix)]);
    const queue = createCancelQueue({ connection: redisUrl(), prefix });
    const { runId, total } = await queue.enqueue(refs);
    expect(total).toBe(10_000);
    const entries: QueuedEntry[] = [];
    let replacement: Promise<WorkerProcess> | undefined;
    for await (const entry of queue.results(runId)) {
      entries.push(entry);
      if (entries.length === 2500) {
        workers[0]!.child.kill('SIGKILL');
        replacement = startWorker(prefix);
      }
    }
    await replacement;
    await queue.close();
    expect(entries).toHaveLength(10_000);
    expect(new Set(entries.map(key)).size).toBe(10_000);
    expect(new Set(entries.map((entry) => entry.index)).size).toBe(10_000);
    const failures = entries.filter((entry) => !entry.result.ok);
    expect(failures).toEqual([]);
    for (const ref of refs) expect(sandbox.stateChanges(ref.provider, ref.orderId)).toBe(1);
    expect(await workers[0]!.exited).toBe(null); // killed by the signal, no exit code
  });

  it('keeps four workers under a provider limit of 100 requests a second: at most 1% answered 429', async () => {
    sandbox = await startSandbox({ rateLimits: { snappy: { limit: 100, intervalMs: 1000 } }, seed: false });
    const prefix = uniquePrefix();
    const snappyOnly = ['snappy'] as ProviderId[];
    const refs = pendingOrders(sandbox, 1000, snappyOnly);
    // Snappy's documented limit, declared by @cancel/snappy, goes from each client into BullMQ's shared limiter.
    const environment = { WORKER_PROVIDERS: 'snappy', DECLARED_LIMITS: '1' };
    await Promise.all([1, 2, 3, 4].map(() => startWorker(prefix, environment)));
    const queue = createCancelQueue({ connection: redisUrl(), prefix });
    const started = Date.now();
    const { runId } = await queue.enqueue(refs);
    const entries: QueuedEntry[] = [];
    for await (const entry of queue.results(runId)) entries.push(entry);
    const elapsed = Date.now() - started;
    await queue.close();
    expect(entries.filter((entry) => entry.result.ok)).toHaveLength(1000);
    const refused = sandbox.requests.filter((request) => request.status === 429).length;
    expect(refused / sandbox.requests.length).toBeLessThanOrEqual(0.01);
    // 1,000 requests at 100 a second need 9 full windows at least: the limit held, it was not luck.
    expect(elapsed).toBeGreaterThanOrEqual(9000);
  });

  it('finishes the jobs it holds on SIGTERM and exits; the rest wait for another worker', async () => {
    sandbox = await startSandbox({ rateLimits: false, seed: false });
    const prefix = uniquePrefix();
    const refs = pendingOrders(sandbox, 12, ['zinc']);
    for (const ref of refs) sandbox.inject('zinc', ref.orderId, { type: 'delay', ms: 700 });
    const worker = await startWorker(prefix, { WORKER_PROVIDERS: 'zinc', CONCURRENCY: '4' });
    const queue = createCancelQueue({ connection: redisUrl(), prefix });
    const { runId } = await queue.enqueue(refs);
    while (sandbox.requests.length < 4) await sleep(20);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    const afterStop = await queue.summary(runId);
    expect(afterStop.finished).toBe(sandbox.requests.length);
    expect(afterStop.counts.succeeded).toBe(afterStop.finished);
    expect(afterStop.pending).toBe(12 - afterStop.finished);
    await startWorker(prefix, { WORKER_PROVIDERS: 'zinc', CONCURRENCY: '4' });
    const entries: QueuedEntry[] = [];
    for await (const entry of queue.results(runId)) entries.push(entry);
    await queue.close();
    expect(entries.map(key).sort()).toEqual(refs.map(key).sort());
    for (const ref of refs) expect(sandbox.stateChanges(ref.provider, ref.orderId)).toBe(1);
  });
});
