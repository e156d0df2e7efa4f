import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingFetch } from '../src/testing.js';
import { createExample } from './helpers.js';

const cancelled = () => ({ status: 200, body: { cancelled: true } });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('order IDs and paths', () => {
  it('percent-encodes / ? # % in the path segment', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    await createExample({ fetch }).cancelOrder('a/b?c#d%e');
    expect(requests[0]!.url).toBe('https://api.example.com/orders/a%2Fb%3Fc%23d%25e/cancel');
  });

  it.each([
    ['', 'empty'],
    ['.', 'relative path segment'],
    ['..', 'relative path segment'],
    ['/', 'no letter or digit'],
    ['#?', 'no letter or digit'],
    ['a b', 'whitespace'],
    ['a\u0000b', 'control'],
    ['x'.repeat(300), 'characters long'],
    [42, 'expected a string'],
    [null, 'expected a string'],
    ['bad!', 'expected letters and digits'],
  ])('rejects %j before any request (%s)', async (orderId, words) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch }).cancelOrder(orderId as string);
    expect(requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'invalid_input', attempts: 0, retryable: false });
    expect(result.error.message).toContain(words);
    expect(result.error.message).toContain('Nothing was sent');
  });
});

describe('options', () => {
  it.each([
    [{ retries: -1 }, '`retries` must be a whole number'],
    [{ timeoutMs: 0 }, '`timeoutMs`'],
    [{ concurrency: 1.5 }, '`concurrency`'],
    [{ headers: { 'x-a': 'b\nc' } }, 'header "x-a"'],
    [{ baseUrl: 'not a url' }, 'not an absolute URL'],
    [{ baseUrl: 'ftp://api.example.com' }, 'uses ftp:'],
  ])('rejects %j with a clear invalid_input and sends nothing', async (settings, words) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch, ...settings }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
    expect(!result.ok && result.error.message).toContain(words);
  });

  it('refuses plain http to a non-loopback host unless the user opts in', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const refused = await createExample({ fetch, baseUrl: 'http://api.example.com' }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(!refused.ok && refused.error.message).toContain('unencrypted');
    const allowed = await createExample({
      fetch,
      baseUrl: 'http://api.example.com',
      allowInsecureHttp: true,
    }).cancelOrder('A1');
    expect(allowed.ok).toBe(true);
    for (const loopback of ['http://localhost:3000', 'http://127.0.0.5', 'http://[::1]:8080']) {
      expect((await createExample({ fetch, baseUrl: loopback }).cancelOrder('A1')).ok).toBe(true);
    }
  });

  it('reads the base URL from the environment when the option is absent, and the option wins', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    vi.stubEnv('EXAMPLE_BASE_URL', 'https://env.example.com/v2/');
    await createExample({ fetch }).cancelOrder('A1');
    await createExample({ fetch, baseUrl: 'https://option.example.com' }).cancelOrder('A1');
    expect(requests.map((request) => request.url)).toEqual([
      'https://env.example.com/v2/orders/A1/cancel',
      'https://option.example.com/orders/A1/cancel',
    ]);
  });

  it('sends extra headers, but the provider’s auth header wins', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    await createExample({ fetch, headers: { 'X-Trace': 't1', Authorization: 'mine' } }).cancelOrder('A1', {
      headers: { 'x-call': 'c1' },
    });
    expect(requests[0]!.headers).toMatchObject({
      'x-trace': 't1',
      'x-call': 'c1',
      authorization: 'Bearer sk_test_9f8e7d6c5b4a3210',
    });
  });
});

describe('credentials', () => {
  it('names the option, the factory and the variable when none is given, before any request', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch, apiKey: undefined }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('missing_credentials');
    expect(result.error.message).toBe(
      'No Example API key: pass `apiKey` to createExample() or set the EXAMPLE_API_KEY environment variable.',
    );
  });

  it('reads the environment at call time, not when the client is created', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch, apiKey: undefined });
    vi.stubEnv('EXAMPLE_API_KEY', 'from-env-1');
    await client.cancelOrder('A1');
    vi.stubEnv('EXAMPLE_API_KEY', 'from-env-2');
    await client.cancelOrder('A1');
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer from-env-1',
      'Bearer from-env-2',
    ]);
  });

  it('calls a credential function on each call, for rotating keys', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    let version = 0;
    const client = createExample({
      fetch,
      apiKey: (async () => `rotated-${++version}`) as unknown as string,
    });
    await client.cancelOrder('A1');
    await client.cancelOrder('A2');
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer rotated-1',
      'Bearer rotated-2',
    ]);
  });

  it('rejects a key with a newline without echoing it', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch, apiKey: 'sk_live_abc\ninjected: 1' }).cancelOrder('A1');
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
    expect(JSON.stringify(result)).not.toContain('sk_live_abc');
  });
});
