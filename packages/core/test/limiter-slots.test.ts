import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';
import { resolveSettings } from '../src/settings.js';
import { recordingFetch } from '../src/testing.js';
import { send } from '../src/transport.js';

// Real timers: retries, timeouts and aborts end these calls the way they end a user's.
describe('in-flight slots', () => {
  const endings: [string, Parameters<typeof recordingFetch>[0], object?][] = [
    ['a success', () => ({ status: 204 })],
    ['a refusal', () => ({ status: 400, body: {} })],
    [
      'a 503 retried, then a success',
      (_request, attempt) => (attempt === 1 ? { status: 503 } : { status: 204 }),
    ],
    ['a network failure after retries', () => new TypeError('fetch failed')],
    ['a timeout', () => new Promise<never>(() => {}), { timeoutMs: 20 }],
  ];

  it.each(endings)('are all given back after %s', async (_label, respond, extra = {}) => {
    const limiter = new RateLimiter();
    const { fetch } = recordingFetch(respond);
    await send(
      { method: 'POST', url: 'https://api.example.com/orders/A1/cancel', headers: {} },
      {
        provider: 'example',
        displayName: 'Example',
        orderIds: ['A1'],
        secrets: [],
        settings: resolveSettings({ fetch, retries: 1, retryDelayMs: 1, ...extra }),
        limiter,
      },
    );
    expect(limiter.inFlight).toBe(0);
  });

  it('are all given back after an abort', async () => {
    const limiter = new RateLimiter();
    // A fetch that answers only to its signal, as a real one does.
    const fetch = (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init!.signal!;
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const result = await send(
      { method: 'POST', url: 'https://api.example.com/orders/A1/cancel', headers: {} },
      {
        provider: 'example',
        displayName: 'Example',
        orderIds: ['A1'],
        secrets: [],
        settings: resolveSettings({ fetch, signal: AbortSignal.timeout(20) }),
        limiter,
      },
    );
    expect(!result.ok && result.error.code).toBe('aborted');
    expect(limiter.inFlight).toBe(0);
  });
});
