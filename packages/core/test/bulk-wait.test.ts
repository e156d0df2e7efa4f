import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingFetch } from '../src/testing.js';
import { createExample, json, startServer } from './helpers.js';

async function flush() {
  await vi.dynamicImportSettled();
  for (let index = 0; index < 20; index++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

/** A provider that answers the first request with a 429 asking to wait `seconds`, and cancels every later one. */
function limitedOnce(seconds: number) {
  const sentAt: number[] = [];
  const { fetch, requests } = recordingFetch(() => {
    sentAt.push(Date.now());
    return sentAt.length === 1
      ? { status: 429, body: {}, headers: { 'retry-after': String(seconds) } }
      : { status: 200, body: { cancelled: true } };
  });
  return { fetch, requests, sentAt };
}

describe('a bulk run that meets a 429 (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out a Retry-After beyond maxRetryAfterMs but within maxWaitMs, then sends the order again', async () => {
    const { fetch, sentAt } = limitedOnce(120);
    const client = createExample({ fetch, retries: 0, maxRetryAfterMs: 30_000, maxWaitMs: 300_000 });
    const pending = client.cancelOrders(['A1', 'A2', 'A3'], { concurrency: 2 });
    await flush();
    await vi.advanceTimersByTimeAsync(119_000);
    // A1 met the 429 while A2 was already on its way; then the client is paused: A1 again and A3 behind it wait.
    expect(sentAt).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    const report = await pending;
    expect(report.counts).toMatchObject({ total: 3, succeeded: 3, failed: 0 });
    expect(sentAt).toHaveLength(4);
    expect(sentAt.slice(2).every((time) => time - sentAt[0]! >= 120_000)).toBe(true);
    expect(report.results[0]!.result).toMatchObject({ ok: true, value: { attempts: 2 } });
  });

  it('fails the order as rate_limited with retryAfterMs when the wait is beyond maxWaitMs', async () => {
    const { fetch } = limitedOnce(600);
    const client = createExample({ fetch, maxWaitMs: 300_000 });
    const pending = client.cancelOrders(['A1', 'A2'], { concurrency: 1 });
    await flush();
    const report = await pending;
    expect(report.results[0]!.result).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: 600_000, retryable: true },
    });
    expect(report.results[1]!.result.ok).toBe(true);
  });

  it('waits out up to maxRetryAfterMs by default, and maxWaitMs per run overrides the client', async () => {
    const beyond = limitedOnce(31);
    const first = createExample({ fetch: beyond.fetch }).cancelOrders(['A1']);
    await flush();
    expect((await first).counts.errors).toEqual({ rate_limited: 1 });

    const within = limitedOnce(299);
    const second = createExample({ fetch: within.fetch, maxWaitMs: 0 }).cancelOrders(['A1'], {
      maxWaitMs: 300_000,
    });
    await flush();
    await vi.advanceTimersByTimeAsync(300_000);
    expect((await second).counts.succeeded).toBe(1);
  });

  it('leaves single calls to maxRetryAfterMs: a long Retry-After ends cancelOrder at once', async () => {
    const { fetch, requests } = limitedOnce(120);
    const result = await createExample({ fetch }).cancelOrder('A1');
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: 120_000 } });
  });

  it('waits without a limiter when pacing is off', async () => {
    const { fetch, sentAt } = limitedOnce(20);
    const pending = createExample({ fetch, rateLimits: false, retries: 0 }).cancelOrders(['A1']);
    await flush();
    await vi.advanceTimersByTimeAsync(21_000);
    expect((await pending).counts.succeeded).toBe(1);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(20_000);
  });

  it('sends again at once after a 429 that asks to wait 0 s, even with no retries left', async () => {
    const { fetch, sentAt } = limitedOnce(0);
    const pending = createExample({ fetch, rateLimits: false, retries: 0 }).cancelOrders(['A1']);
    await flush();
    await vi.advanceTimersByTimeAsync(10);
    expect((await pending).counts.succeeded).toBe(1);
    expect(sentAt).toHaveLength(2);
  });

  it('an abort during the wait ends the order as aborted', async () => {
    const { fetch } = limitedOnce(120);
    const controller = new AbortController();
    const pending = createExample({ fetch, maxWaitMs: 300_000 }).cancelOrders(['A1'], {
      signal: controller.signal,
    });
    await flush();
    controller.abort();
    expect((await pending).counts.errors).toEqual({ aborted: 1 });
  });

  it('rejects a maxWaitMs that is not a whole number of ms', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    const report = await createExample({ fetch }).cancelOrders(['A1'], { maxWaitMs: -1 });
    expect(requests).toHaveLength(0);
    expect(report.counts.errors).toEqual({ invalid_input: 1 });
  });
});

describe('a bulk run that meets a 429 on a real server', () => {
  it('pauses for the Retry-After and cancels every order', async () => {
    const seen: string[] = [];
    const { url } = await startServer((request, response) => {
      seen.push(String(request.url));
      if (seen.length === 1) json(response, 429, { message: 'slow down' }, { 'retry-after': '1' });
      else json(response, 200, { cancelled: true });
    });
    const started = Date.now();
    const report = await createExample({ baseUrl: url, maxRetryAfterMs: 0, maxWaitMs: 5_000 }).cancelOrders(
      ['A1', 'A2', 'A3'],
      {
        concurrency: 1,
      },
    );
    expect(report.counts).toMatchObject({ succeeded: 3, failed: 0 });
    expect(seen).toEqual([
      '/orders/A1/cancel',
      '/orders/A1/cancel',
      '/orders/A2/cancel',
      '/orders/A3/cancel',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
