import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingFetch } from '../src/testing.js';
import { createExample } from './helpers.js';

async function flush() {
  await vi.dynamicImportSettled(); // ky loads on the first retry, through a real import
  for (let index = 0; index < 20; index++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

/** The wait between the first attempt and the second, for a first answer of 503 with these headers. */
async function gapAfter(headers: Record<string, string>) {
  const times: number[] = [];
  const { fetch } = recordingFetch((_request, attempt) => {
    times.push(Date.now());
    return attempt === 1 ? { status: 503, body: {}, headers } : { status: 200, body: { cancelled: true } };
  });
  const pending = createExample({ fetch, retries: 1, retryDelayMs: 100 }).cancelOrder('A1');
  await flush();
  await vi.advanceTimersByTimeAsync(40_000);
  expect((await pending).ok).toBe(true);
  return times[1]! - times[0]!;
}

describe('an unreadable Retry-After (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it.each(['NaN', 'soon', '0x10', '1e9', 'Infinity', '-5', '2, 120'])(
    'Retry-After %j: the backoff applies, not ky’s maximum wait',
    async (value) => {
      // Backoff of the first retry: half of retryDelayMs with Math.random at 0.
      expect(await gapAfter({ 'retry-after': value })).toBe(50);
    },
  );

  it('any header value waits either what it says or the backoff, never the 30 s cap by accident', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ maxLength: 12 })
          .filter((value) => !/^\s*\d/.test(value) && !/\d\d:\d\d:\d\d/.test(value)),
        async (value) => {
          expect(await gapAfter({ 'retry-after': value })).toBe(50);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('RateLimit-Reset on a 429 is read like Retry-After', async () => {
    const times: number[] = [];
    const { fetch } = recordingFetch((_request, attempt) => {
      times.push(Date.now());
      return attempt === 1
        ? { status: 429, body: {}, headers: { 'ratelimit-reset': '4' } }
        : { status: 200, body: { cancelled: true } };
    });
    const pending = createExample({ fetch, retries: 1 }).cancelOrder('A1');
    await flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).ok).toBe(true);
    expect(times[1]! - times[0]!).toBe(4_000);
  });

  it('no negative delay ever reaches setTimeout', async () => {
    const delays: number[] = [];
    const original = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return original(callback, ms);
    }) as typeof setTimeout);
    for (const value of ['-5', '-0', 'Sun, 06 Nov 1994 08:49:37 GMT'])
      await gapAfter({ 'retry-after': value });
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  });
});
