import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CancelEvent } from '../src/index.js';
import { recordingFetch } from '../src/testing.js';
import { createExample, json, secretKey, startServer } from './helpers.js';

const cancelled = () => ({ status: 200, body: { cancelled: true } });
const everyView = (value: unknown) => `${JSON.stringify(value)}\n${inspect(value, { depth: 10 })}`;
const keyCharacters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');

describe('a secret echoed in a response header', () => {
  it.each([200, 401, 503])(
    'is redacted from requestId in results, errors, events and their JSON (HTTP %i)',
    async (status) => {
      const events: CancelEvent[] = [];
      const { url } = await startServer((request, response) => {
        const received = String(request.headers.authorization).replace('Bearer ', '');
        json(response, status, status === 200 ? { cancelled: true } : {}, { 'x-request-id': received });
      });
      const result = await createExample({
        baseUrl: url,
        retries: 0,
        onEvent: (event) => void events.push(event),
      }).cancelOrder('A1');
      expect(everyView(result)).not.toContain(secretKey);
      expect(everyView(events)).not.toContain(secretKey);
      const requestId = result.ok ? result.value.requestId : result.error.requestId;
      expect(requestId).toBe('[REDACTED]');
    },
  );

  it('is redacted whatever the key and wherever it sits in any request-ID header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: keyCharacters, minLength: 8, maxLength: 40 }),
        fc.constantFrom('x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'),
        fc.string({ unit: keyCharacters, maxLength: 8 }),
        fc.boolean(),
        async (apiKey, header, around, fails) => {
          const events: CancelEvent[] = [];
          const { fetch } = recordingFetch(() => ({
            status: fails ? 404 : 200,
            body: fails ? {} : { cancelled: true },
            headers: { [header]: `${around}${apiKey}${around}` },
          }));
          const result = await createExample({
            fetch,
            apiKey,
            onEvent: (event) => void events.push(event),
          }).cancelOrder('A1');
          expect(everyView(result)).not.toContain(apiKey);
          expect(everyView(events)).not.toContain(apiKey);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('header values outside Latin-1', () => {
  it.each([
    ['a key with a zero-width space', { apiKey: 'sk_test_\u200b9f8e7d6c' }, '`apiKey`'],
    ['a key with a Cyrillic letter', { apiKey: 'sk_test_9f8е7d6c' }, '`apiKey`'],
    ['a custom header with non-Latin text', { headers: { 'x-note': 'отмена' } }, '"x-note"'],
  ])('%s is invalid_input before anything is sent, naming the option', async (_label, settings, named) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch, ...settings }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'invalid_input', retryable: false, attempts: 0 });
    expect(result.error.message).toContain(named);
    if ('apiKey' in settings) expect(everyView(result)).not.toContain(settings.apiKey);
  });

  it('any key holding a character beyond Latin-1 is refused, the key never shown', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: keyCharacters, minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0x100, max: 0xffff }).filter((code) => code < 0xd800 || code > 0xdfff),
        fc.string({ unit: keyCharacters, minLength: 1, maxLength: 20 }),
        async (before, code, after) => {
          const apiKey = `${before}${String.fromCharCode(code)}${after}`;
          const { fetch, requests } = recordingFetch(cancelled);
          const result = await createExample({ fetch, apiKey }).cancelOrder('A1');
          expect(requests).toHaveLength(0);
          expect(!result.ok && result.error.code).toBe('invalid_input');
          expect(everyView(result)).not.toContain(apiKey);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('base URLs', () => {
  it.each([
    'https://api.example.com?',
    'https://api.example.com/#',
    'https://api.example.com/v2?tenant=a',
    'https://api.example.com#top',
    ' https://api.example.com',
    'https://api.example.com/ ',
    'https://api.example.com\n',
  ])('%j is invalid_input and nothing is sent', async (baseUrl) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch, baseUrl }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
  });

  it('a base URL with ? or # anywhere is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: keyCharacters, maxLength: 10 }),
        fc.constantFrom('?', '#'),
        fc.string({ unit: keyCharacters, maxLength: 10 }),
        async (before, mark, after) => {
          const { fetch, requests } = recordingFetch(cancelled);
          const baseUrl = `https://api.example.com/${before}${mark}${after}`;
          const result = await createExample({ fetch, baseUrl }).cancelOrder('A1');
          expect(requests).toHaveLength(0);
          expect(!result.ok && result.error.message).toContain('query or fragment');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a custom fetch', () => {
  /** The shape node-fetch 2 answers with: a Node stream as the body, its own Headers. */
  const nodeFetchResponse = (status: number, body: unknown) => ({
    status,
    ok: status < 300,
    headers: new Headers({ 'content-type': 'application/json' }),
    body: Readable.from([
      Buffer.from(JSON.stringify(body).slice(0, 5)),
      Buffer.from(JSON.stringify(body).slice(5)),
    ]),
  });

  it('returning a node-fetch 2 style Response (a Node stream body) is read', async () => {
    const fetch = (async () =>
      nodeFetchResponse(200, { cancelled: true })) as unknown as typeof globalThis.fetch;
    expect(await createExample({ fetch }).cancelOrder('A1')).toMatchObject({
      ok: true,
      value: { outcome: 'cancelled', raw: { cancelled: true } },
    });
  });

  it('returning node-fetch 2 style answers is retried by core alone, never by a fetch of its own', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      return calls === 1 ? nodeFetchResponse(503, {}) : nodeFetchResponse(200, { cancelled: true });
    }) as unknown as typeof globalThis.fetch;
    const result = await createExample({ fetch, baseUrl: 'http://127.0.0.1:9' }).cancelOrder('A1');
    expect(calls).toBe(2);
    expect(result).toMatchObject({ ok: true, value: { attempts: 2 } });
  });

  it.each([
    ['a plain object', {}],
    ['null', null],
    ['a string', 'OK'],
    ['an object whose body is unusable', { status: 200, headers: new Headers(), body: 42 }],
  ])('returning %s gives an error result, never a throw', async (_label, returned) => {
    const fetch = (async () => returned) as unknown as typeof globalThis.fetch;
    const result = await createExample({ fetch }).cancelOrder('A1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_response');
    expect(result.error.retryable).toBe(false);
  });

  it('that throws synchronously is a network error, never a throw', async () => {
    const fetch = (() => {
      throw new TypeError('boom');
    }) as unknown as typeof globalThis.fetch;
    const result = await createExample({ fetch, retries: 0 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('network');
  });
});

describe('while a body is arriving', () => {
  const trickle = () =>
    startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"cancelled":');
    });

  it('an abort gives aborted', async () => {
    const { url } = await trickle();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await createExample({ baseUrl: url, timeoutMs: 5_000 }).cancelOrder('A1', {
      signal: controller.signal,
    });
    expect(!result.ok && result.error).toMatchObject({ code: 'aborted', status: 200, retryable: false });
  });

  it('totalTimeoutMs gives timeout', async () => {
    const { url } = await trickle();
    const result = await createExample({ baseUrl: url, timeoutMs: 5_000, totalTimeoutMs: 150 }).cancelOrder(
      'A1',
    );
    expect(!result.ok && result.error).toMatchObject({ code: 'timeout', status: 200, retryable: true });
    expect(!result.ok && result.error.message).toContain('totalTimeoutMs');
  });
});

describe('a credential function that never settles', () => {
  const hanging = () => new Promise<string>(() => {});

  it('is ended by the caller’s signal, and nothing is sent', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch, apiKey: hanging as unknown as string });
    const result = await client.cancelOrder('A1', { signal: AbortSignal.timeout(50) });
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error).toMatchObject({ code: 'aborted', attempts: 0 });
  });

  it('is ended by totalTimeoutMs, and nothing is sent', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch, apiKey: hanging as unknown as string, totalTimeoutMs: 50 });
    const result = await client.cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error).toMatchObject({ code: 'timeout', attempts: 0 });
    expect(!result.ok && result.error.message).toContain('totalTimeoutMs');
  });

  it('counts against one totalTimeoutMs with the request: the whole call ends on time', async () => {
    const { url } = await startServer(() => {});
    const slowKey = () => new Promise<string>((resolve) => setTimeout(() => resolve(secretKey), 400));
    const client = createExample({ baseUrl: url, apiKey: slowKey as unknown as string, totalTimeoutMs: 600 });
    const started = Date.now();
    const result = await client.cancelOrder('A1');
    expect(!result.ok && result.error).toMatchObject({ code: 'timeout', attempts: 1 });
    // 600 ms in all, not 400 for the key and 600 more for the request.
    expect(Date.now() - started).toBeLessThan(850);
  });

  it('ends a bulk run’s orders the same way', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch, apiKey: hanging as unknown as string });
    const report = await client.cancelOrders(['A1', 'A2'], { signal: AbortSignal.timeout(50) });
    expect(requests).toHaveLength(0);
    expect(report.counts).toMatchObject({ total: 2, failed: 2, errors: { aborted: 2 } });
  });
});
