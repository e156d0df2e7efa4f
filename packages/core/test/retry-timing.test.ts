import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingFetch } from '../src/testing.js';
import { createExample } from './helpers.js';

/** Lets ky's promise chain run between fake-timer advances. */
async function flush() {
  await vi.dynamicImportSettled(); // ky loads on the first request, through a real import
  for (let index = 0; index < 20; index++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

describe('retry timing (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits exactly the Retry-After seconds before retrying', async () => {
    const { fetch, requests } = recordingFetch((_request, attempt) =>
      attempt === 1
        ? { status: 429, body: {}, headers: { 'retry-after': '2' } }
        : { status: 200, body: { cancelled: true } },
    );
    const pending = createExample({ fetch, baseUrl: 'https://api.example.com' }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(1_990);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(requests).toHaveLength(2);
    expect(await pending).toMatchObject({ ok: true, value: { attempts: 2 } });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const when = new Date(Date.now() + 3_000).toUTCString();
    const { fetch, requests } = recordingFetch((_request, attempt) =>
      attempt === 1
        ? { status: 503, body: {}, headers: { 'retry-after': when } }
        : { status: 200, body: { cancelled: true } },
    );
    const pending = createExample({ fetch }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(requests).toHaveLength(2);
    expect((await pending).ok).toBe(true);
  });

  it('ends at once as rate_limited with retryAfterMs when Retry-After is beyond the cap', async () => {
    const { fetch, requests } = recordingFetch(() => ({
      status: 429,
      body: {},
      headers: { 'retry-after': '3600' },
    }));
    const result = await createExample({ fetch, maxRetryAfterMs: 30_000 }).cancelOrder('A1');
    expect(requests).toHaveLength(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3_600_000,
      attempts: 1,
      retryable: true,
    });
  });

  it('backs off exponentially with jitter between half and all of each step', async () => {
    const times: number[] = [];
    const { fetch } = recordingFetch(() => {
      times.push(Date.now());
      return { status: 503, body: {} };
    });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const pending = createExample({ fetch, retries: 3, retryDelayMs: 100 }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await pending;
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(gaps).toEqual([50, 100, 200]);

    times.length = 0;
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const second = createExample({ fetch, retries: 3, retryDelayMs: 100 }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(10_000);
    await second;
    const upper = times.slice(1).map((time, index) => time - times[index]!);
    // Just under each full step: the jitter never exceeds it.
    upper.forEach((gap, index) => {
      expect(gap).toBeGreaterThan(100 * 2 ** index - 2);
      expect(gap).toBeLessThanOrEqual(100 * 2 ** index);
    });
  });

  it('caps one backoff step at maxRetryDelayMs', async () => {
    const times: number[] = [];
    const { fetch } = recordingFetch(() => {
      times.push(Date.now());
      return { status: 500, body: {} };
    });
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const pending = createExample({
      fetch,
      retries: 4,
      retryDelayMs: 1_000,
      maxRetryDelayMs: 1_500,
    }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    await pending;
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_500);
  });

  it('an abort interrupts the wait between attempts at once', async () => {
    const { fetch, requests } = recordingFetch(() => ({
      status: 503,
      body: {},
      headers: { 'retry-after': '20' },
    }));
    const controller = new AbortController();
    const pending = createExample({ fetch }).cancelOrder('A1', { signal: controller.signal });
    await flush();
    expect(requests).toHaveLength(1);
    controller.abort();
    const result = await pending; // resolves without advancing the 20 s wait
    expect(requests).toHaveLength(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'aborted', retryable: false });
  });
});
