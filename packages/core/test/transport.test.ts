import { describe, expect, it } from 'vitest';
import { CancelError } from '../src/index.js';
import { recordingFetch } from '../src/testing.js';
import { createExample, json, startServer } from './helpers.js';

describe('transport over a real loopback server', () => {
  it('cancels and reports one attempt', async () => {
    const seen: string[] = [];
    const { url } = await startServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      json(response, 200, { cancelled: true }, { 'x-request-id': 'req_1' });
    });
    const result = await createExample({ baseUrl: `${url}/` }).cancelOrder('A1');
    expect(result).toMatchObject({
      ok: true,
      value: { outcome: 'cancelled', attempts: 1, requestId: 'req_1' },
    });
    expect(seen).toEqual(['POST /orders/A1/cancel Bearer sk_test_9f8e7d6c5b4a3210']);
  });

  it('retries 503, 500, 408 and 429 on POST, then succeeds', async () => {
    const statuses = [503, 500, 408, 429];
    let calls = 0;
    const { url } = await startServer((_request, response) => {
      const status = statuses[calls++];
      if (status) json(response, status, { message: 'try again' });
      else json(response, 200, { cancelled: true });
    });
    const result = await createExample({ baseUrl: url, retries: 4 }).cancelOrder('A1');
    expect(result).toMatchObject({ ok: true, value: { attempts: 5 } });
  });

  it('gives provider_error with the attempt count when 5xx outlasts the retries', async () => {
    let calls = 0;
    const { url } = await startServer((_request, response) => {
      calls++;
      json(response, 502, { message: 'bad gateway' });
    });
    const result = await createExample({ baseUrl: url, retries: 2 }).cancelOrder('A1');
    expect(calls).toBe(3);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'provider_error', status: 502, attempts: 3, retryable: true });
    expect(result.error.message).toContain('bad gateway');
  });

  it('does not retry when retries is 0', async () => {
    let calls = 0;
    const { url } = await startServer((_request, response) => {
      calls++;
      json(response, 503, {});
    });
    await createExample({ baseUrl: url, retries: 0 }).cancelOrder('A1');
    expect(calls).toBe(1);
  });

  it('never retries a 4xx refusal', async () => {
    let calls = 0;
    const { url } = await startServer((_request, response) => {
      calls++;
      json(response, 400, { message: 'order shipped' });
    });
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(calls).toBe(1);
    expect(!result.ok && result.error.code).toBe('rejected');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [409, 'rejected'],
    [422, 'rejected'],
  ])('maps HTTP %i to %s with the body on details', async (status, code) => {
    const { url } = await startServer((_request, response) => json(response, status, { message: 'nope' }));
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code, status, details: { message: 'nope' }, attempts: 1 });
  });

  it('lets the provider turn an error answer into already_cancelled', async () => {
    const { url } = await startServer((_request, response) => json(response, 409, { already: true }));
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled', status: 409 } });
  });

  it('is invalid_response when a 2xx body is HTML or not what the provider documents', async () => {
    const { url } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>maintenance</html>');
    });
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });

  it('retries a reset connection and reports network when it never recovers', async () => {
    let calls = 0;
    const { url } = await startServer((request) => {
      calls++;
      request.socket.destroy();
    });
    const result = await createExample({ baseUrl: url, retries: 1 }).cancelOrder('A1');
    expect(calls).toBe(2);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'network', attempts: 2, retryable: true });
    expect(result.error.message).toContain(url);
  });

  it('reports network for a refused connection', async () => {
    const { url, server } = await startServer(() => {});
    await new Promise((resolve) => server.close(resolve));
    const result = await createExample({ baseUrl: url, retries: 0 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('network');
  });

  it('times out a hanging attempt, retries it, then reports timeout', async () => {
    let calls = 0;
    const { url } = await startServer(() => {
      calls++;
    });
    // Long enough for a new connection on a loaded CI machine: a retry that times out before it connects never
    // reaches the server.
    const result = await createExample({ baseUrl: url, timeoutMs: 300, retries: 1 }).cancelOrder('A1');
    expect(calls).toBe(2);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'timeout', attempts: 2, retryable: true });
  });

  it('retries a first attempt that failed at the network, and reports the success with both attempts', async () => {
    const { fetch, requests } = recordingFetch((_request, attempt) =>
      attempt === 1 ? new TypeError('fetch failed') : { status: 200, body: { cancelled: true } },
    );
    const result = await createExample({ fetch, retryDelayMs: 1 }).cancelOrder('A1');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'cancelled', attempts: 2 } });
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST https://api.example.com/orders/A1/cancel',
      'POST https://api.example.com/orders/A1/cancel',
    ]);
  });

  it('times out an attempt even when a custom fetch ignores its signal', async () => {
    let calls = 0;
    const fetch = () => {
      calls++;
      return new Promise<Response>(() => {});
    };
    const result = await createExample({ fetch, timeoutMs: 30, retries: 1, retryDelayMs: 1 }).cancelOrder(
      'A1',
    );
    expect(calls).toBe(2);
    expect(!result.ok && result.error).toMatchObject({ code: 'timeout', attempts: 2 });
  });

  it('aborts the timed-out request itself, so its connection is not left hanging', async () => {
    const closed: boolean[] = [];
    const { url } = await startServer((request) => {
      request.socket.on('close', () => closed.push(true));
    });
    const result = await createExample({ baseUrl: url, timeoutMs: 300, retries: 0 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('timeout');
    await expect.poll(() => closed.length).toBe(1);
  });

  it('ends the whole call at totalTimeoutMs', async () => {
    const { url } = await startServer(() => {});
    const result = await createExample({ baseUrl: url, timeoutMs: 5_000, totalTimeoutMs: 50 }).cancelOrder(
      'A1',
    );
    expect(!result.ok && result.error.code).toBe('timeout');
  });

  it('never follows a redirect, so credentials stay with the provider', async () => {
    const elsewhere: string[] = [];
    const other = await startServer((request, response) => {
      elsewhere.push(String(request.headers.authorization));
      json(response, 200, { cancelled: true });
    });
    const { url } = await startServer((_request, response) => {
      response.writeHead(307, { location: `${other.url}/steal` });
      response.end();
    });
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(elsewhere).toEqual([]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'invalid_response', status: 307 });
    expect(result.error.message).toContain('redirect');
  });

  it('stops reading a body over maxBodyBytes', async () => {
    const { url } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"cancelled":true,"padding":"${'x'.repeat(4096)}"}`);
    });
    const result = await createExample({ baseUrl: url, maxBodyBytes: 1024 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });

  it('ends an endless body at the size cap instead of hanging', async () => {
    const { url } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) {}
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    const result = await createExample({ baseUrl: url, maxBodyBytes: 256 * 1024 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('invalid_response');
  });

  it('times out a body that trickles forever', async () => {
    const { url } = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{');
    });
    const result = await createExample({ baseUrl: url, timeoutMs: 100 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('timeout');
  });

  it('returns a CancelError that is recognised by isInstance', async () => {
    const { url } = await startServer((_request, response) => json(response, 404, {}));
    const result = await createExample({ baseUrl: url }).cancelOrder('A1');
    expect(!result.ok && CancelError.isInstance(result.error)).toBe(true);
  });
});

describe('messages', () => {
  it('an unauthorized message carries the provider’s reason', async () => {
    const { createClient, defineProvider } = await import('../src/provider-entry.js');
    const { exampleProvider } = await import('./helpers.js');
    const spec = defineProvider({
      ...exampleProvider,
      failure: () => ({ code: 'unauthorized', reason: 'needs write access' }),
    });
    const { url } = await startServer((_request, response) => json(response, 403, {}));
    const result = await createClient(spec, { apiKey: 'k', baseUrl: url }).cancelOrder('A1');
    expect(!result.ok && result.error.message).toContain('needs write access');
  });
});
