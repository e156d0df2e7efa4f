import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';
import { recordingFetch } from '../src/testing.js';
import { createExample } from './helpers.js';

describe('RateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function startTimes(limiter: RateLimiter, count: number) {
    const origin = Date.now();
    const times: number[] = [];
    const all = Array.from({ length: count }, () =>
      limiter.acquire().then(() => times.push(Date.now() - origin)),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(all);
    return times;
  }

  it('never starts more than the declared limit in any window (plus a small safety margin)', async () => {
    const times = await startTimes(new RateLimiter([{ limit: 3, intervalMs: 1000 }]), 7);
    expect(times).toEqual([0, 0, 0, 1025, 1025, 1025, 2050]);
  });

  it('learns a limit from the requests accepted in the window that ended in a 429', () => {
    const limiter = new RateLimiter();
    for (let index = 0; index < 5; index++) limiter.observe(200, undefined);
    limiter.observe(429, 800);
    expect(limiter.limits).toEqual([{ limit: 5, intervalMs: 1000 }]);
  });

  it('takes a long Retry-After as the window length', () => {
    const limiter = new RateLimiter();
    for (let index = 0; index < 100; index++) limiter.observe(200, undefined);
    limiter.observe(429, 58_400);
    expect(limiter.limits).toEqual([{ limit: 100, intervalMs: 59_000 }]);
  });

  it('only pauses on a 429 that came after fewer than five accepted requests', async () => {
    const limiter = new RateLimiter();
    for (let index = 0; index < 4; index++) limiter.observe(200, undefined);
    limiter.observe(429, 2_000);
    expect(limiter.limits).toEqual([]);
    expect(await startTimes(limiter, 2)).toEqual([2_000, 2_000]);
  });

  it('raises a learned limit again after ten clean windows, never above the declared one', async () => {
    const limiter = new RateLimiter([{ limit: 10, intervalMs: 1000 }]);
    for (let index = 0; index < 5; index++) limiter.observe(200, undefined);
    limiter.observe(429, 500);
    expect(limiter.limits).toEqual([{ limit: 5, intervalMs: 1000 }]);
    await vi.advanceTimersByTimeAsync(10_001);
    limiter.observe(200, undefined);
    expect(limiter.limits).toEqual([{ limit: 7, intervalMs: 1000 }]);
    for (let round = 0; round < 10; round++) {
      await vi.advanceTimersByTimeAsync(10_001);
      limiter.observe(200, undefined);
    }
    expect(limiter.limits).toEqual([{ limit: 10, intervalMs: 1000 }]);
  });

  it('an abort ends a wait for a slot at once', async () => {
    const limiter = new RateLimiter([{ limit: 1, intervalMs: 60_000 }]);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('while no limit is known, lets 8 requests be in flight at first, then twice as many every 250 ms', async () => {
    const limiter = new RateLimiter();
    let started = 0;
    const all = Array.from({ length: 40 }, () => limiter.acquire().then(() => started++));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(8);
    limiter.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.inFlight).toBe(8);
    await vi.advanceTimersByTimeAsync(250);
    limiter.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.inFlight).toBe(16);
    await vi.advanceTimersByTimeAsync(500);
    limiter.release();
    await Promise.all(all);
    expect(started).toBe(40);
  });

  it('does not cap requests in flight once a limit is declared or learned', async () => {
    const declared = new RateLimiter([{ limit: 1000, intervalMs: 1000 }]);
    await Promise.all(Array.from({ length: 50 }, () => declared.acquire()));
    const learner = new RateLimiter();
    for (let index = 0; index < 10; index++) learner.observe(200, undefined);
    learner.observe(429, 0);
    await Promise.all(Array.from({ length: 10 }, () => learner.acquire()));
  });

  it('an abort ends a wait for an in-flight slot at once', async () => {
    const limiter = new RateLimiter();
    await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('is shared by every call through one client, retries included', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    const client = createExample({ fetch, rateLimits: [{ limit: 2, intervalMs: 1000 }] });
    const calls = [client.cancelOrder('A1'), client.cancelOrder('A2'), client.cancelOrder('A3')];
    await vi.dynamicImportSettled(); // ky loads on the first request, through a real import
    await vi.advanceTimersByTimeAsync(500);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(requests).toHaveLength(3);
    await Promise.all(calls);
  });

  it('a Retry-After beyond the cap fails that call at once and does not slow the others', async () => {
    const { fetch, requests } = recordingFetch((request) =>
      request.url.includes('/A1/')
        ? { status: 429, body: {}, headers: { 'retry-after': '120' } }
        : { status: 200, body: { cancelled: true } },
    );
    const client = createExample({ fetch, maxRetryAfterMs: 30_000 });
    expect((await client.cancelOrder('A1')).ok).toBe(false);
    expect((await client.cancelOrder('A2')).ok).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it('paces nothing when rateLimits is false, even after a 429', async () => {
    const { fetch, requests } = recordingFetch((_request, attempt) =>
      attempt === 1
        ? { status: 429, body: {}, headers: { 'retry-after': '5' } }
        : { status: 200, body: { cancelled: true } },
    );
    const client = createExample({ fetch, rateLimits: false, retries: 0 });
    await client.cancelOrder('A1');
    await client.cancelOrder('A2');
    expect(requests).toHaveLength(2);
  });
});
