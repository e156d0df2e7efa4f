import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CancelEvent } from '../src/index.js';
import { createClient } from '../src/provider-entry.js';
import { recordingFetch } from '../src/testing.js';
import { batchingProvider, createExample, secretKey } from './helpers.js';

const collect = () => {
  const events: CancelEvent[] = [];
  return { events, onEvent: (event: CancelEvent) => void events.push(event) };
};
const shape = (events: CancelEvent[]) =>
  events.map((event) => ('attempt' in event ? `${event.type}:${event.attempt}` : event.type));

afterEach(() => vi.unstubAllEnvs());

describe('events for telemetry', () => {
  it('frame every call: call-start, each attempt, retries, and one call-end, all with one callId', async () => {
    const { events, onEvent } = collect();
    const { fetch } = recordingFetch((_request, attempt) =>
      attempt === 1 ? { status: 503, body: {} } : { status: 200, body: { cancelled: true } },
    );
    const client = createExample({ fetch, onEvent });
    await client.cancelOrder('A1');
    expect(shape(events)).toEqual([
      'call-start',
      'request:1',
      'response:1',
      'retry:1',
      'request:2',
      'response:2',
      'call-end',
    ]);
    expect(new Set(events.map((event) => event.callId)).size).toBe(1);
    expect(events[0]).toMatchObject({
      provider: 'example',
      orderIds: ['A1'],
      method: 'POST',
      url: 'https://api.example.com/orders/A1/cancel',
    });
    expect(events.at(-1)).toMatchObject({ type: 'call-end', attempts: 2, status: 200, outcome: 'cancelled' });
    expect(events.at(-1)).not.toHaveProperty('error');

    const first = events[0]!.callId;
    events.length = 0;
    await client.cancelOrder('A2');
    expect(events.every((event) => event.callId === events[0]!.callId && event.callId !== first)).toBe(true);
  });

  it('mark the call-end of a refused batch that core splits, so each order is counted once, by the smaller calls', async () => {
    const { events, onEvent } = collect();
    // A batch holding B2 is refused as a whole, naming no culprit, as Fincart's all-or-nothing batches are.
    const { fetch } = recordingFetch((request) =>
      (request.json as { ids: string[] }).ids.includes('B2')
        ? { status: 400, body: {} }
        : { status: 200, body: {} },
    );
    const client = createClient(batchingProvider(4), { token: 't', fetch, onEvent, retryDelayMs: 1 });
    await client.cancelOrders(['A1', 'B2', 'C3', 'D4']);
    const ends = events.filter((event) => event.type === 'call-end');
    const split = ends.filter((event) => event.split);
    expect(split.map((event) => event.orderIds)).toEqual([
      ['A1', 'B2', 'C3', 'D4'],
      ['A1', 'B2'],
    ]);
    const counted = ends.filter((event) => !event.split).flatMap((event) => event.orderIds);
    expect(counted.toSorted()).toEqual(['A1', 'B2', 'C3', 'D4']);
    expect(ends.find((event) => event.orderIds.join() === 'B2')).toMatchObject({
      error: { code: 'rejected' },
    });
    expect(ends.find((event) => event.orderIds.join() === 'B2')).not.toHaveProperty('split');
  });

  it('report an attempt that ended without an answer as attempt-error, and a failed call in call-end', async () => {
    const { events, onEvent } = collect();
    const { fetch } = recordingFetch(() => new TypeError('fetch failed'));
    await createExample({ fetch, onEvent, retries: 1 }).cancelOrder('A1');
    expect(shape(events)).toEqual([
      'call-start',
      'request:1',
      'attempt-error:1',
      'retry:1',
      'request:2',
      'attempt-error:2',
      'call-end',
    ]);
    expect(events[2]).toMatchObject({ code: 'network', message: expect.stringContaining('Could not reach') });
    expect(events.at(-1)).toMatchObject({
      type: 'call-end',
      attempts: 2,
      error: { code: 'network', retryable: true, message: expect.stringContaining('2 attempts') },
    });
  });

  it('report a timed-out attempt as attempt-error with code timeout', async () => {
    const { events, onEvent } = collect();
    const fetch = () => new Promise<Response>(() => {});
    await createExample({ fetch, onEvent, retries: 0, timeoutMs: 20 }).cancelOrder('A1');
    expect(events.find((event) => event.type === 'attempt-error')).toMatchObject({ code: 'timeout' });
    expect(events.at(-1)).toMatchObject({ type: 'call-end', error: { code: 'timeout' } });
  });

  it.each([
    ['an invalid order ID', {}, 'bad id!', 'invalid_input'],
    ['an invalid option', { retries: -1 }, 'A1', 'invalid_input'],
    ['missing credentials', { apiKey: undefined }, 'A1', 'missing_credentials'],
  ])(
    'frame a cancel that fails before any request (%s) with call-start and call-end',
    async (_label, settings, id, code) => {
      const { events, onEvent } = collect();
      const { fetch, requests } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
      const client = createExample({
        fetch,
        onEvent,
        ...settings,
        ...('apiKey' in settings ? { apiKey: '' } : {}),
      });
      await client.cancelOrder(id);
      expect(requests).toHaveLength(0);
      expect(shape(events)).toEqual(['call-start', 'call-end']);
      expect(events[0]).not.toHaveProperty('url');
      expect(events[1]).toMatchObject({ attempts: 0, error: { code, retryable: false } });
      expect(events[0]!.callId).toBe(events[1]!.callId);
    },
  );

  it('frame a cancel whose request cannot be built with call-start and call-end', async () => {
    const { createClient, defineProvider } = await import('../src/provider-entry.js');
    const { exampleProvider } = await import('./helpers.js');
    const { events, onEvent } = collect();
    const spec = defineProvider({
      ...exampleProvider,
      batch: undefined,
      request: () => {
        throw new URIError('URI malformed');
      },
    });
    await createClient(spec, { apiKey: 'k', onEvent }).cancelOrder('A1');
    expect(shape(events)).toEqual(['call-start', 'call-end']);
    expect(events[1]).toMatchObject({ attempts: 0, error: { code: 'invalid_input' } });
  });

  it('end a call whose answer the provider’s reader fails on, with the attempt made', async () => {
    const { createClient, defineProvider } = await import('../src/provider-entry.js');
    const { exampleProvider } = await import('./helpers.js');
    const { events, onEvent } = collect();
    const spec = defineProvider({
      ...exampleProvider,
      success: () => {
        throw new Error('reader bug');
      },
    });
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    await createClient(spec, { apiKey: 'k', fetch, onEvent }).cancelOrder('A1');
    expect(shape(events)).toEqual(['call-start', 'request:1', 'response:1', 'call-end']);
    expect(events.at(-1)).toMatchObject({ attempts: 1, error: { code: 'invalid_response' } });
  });

  it('frame an order of a bulk run aborted before its turn', async () => {
    const { events, onEvent } = collect();
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    await createExample({ fetch, onEvent }).cancelOrders(['A1', 'A2'], { signal: AbortSignal.abort() });
    expect(events.filter((event) => event.type === 'call-end')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'call-end')[0]).toMatchObject({
      error: { code: 'aborted' },
    });
  });

  it('call listeners inside the caller’s async context', async () => {
    const storage = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    const client = createExample({
      fetch,
      onEvent: (event) => {
        if (event.type === 'call-start') seen.push(storage.getStore());
      },
    });
    await storage.run('caller', () => client.cancelOrder('A1'));
    expect(seen).toEqual(['caller']);
  });

  it('swallow a listener that returns a rejecting promise, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
      const result = await createExample({
        fetch,
        onEvent: async () => {
          throw new Error('listener bug');
        },
      }).cancelOrder('A1');
      expect(result.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('carry no secret, the request ID echoed by the server included', async () => {
    const { events, onEvent } = collect();
    const { fetch } = recordingFetch(() => ({
      status: 401,
      body: {},
      headers: { 'x-request-id': `req-${secretKey}` },
    }));
    await createExample({ fetch, onEvent }).cancelOrder('A1');
    expect(JSON.stringify(events)).not.toContain(secretKey);
    expect(events.at(-1)).toMatchObject({ requestId: 'req-[REDACTED]' });
  });
});
