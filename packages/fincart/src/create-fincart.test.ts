import { inspect } from 'node:util';
import { expectFailure, type RecordedRequest } from '@cancel/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accepted, fakeFincart, idsOf, notAuthorized, token } from '../test/fincart-fake.js';
import { createFincart } from './index.js';

afterEach(() => vi.unstubAllEnvs());

describe('the request', () => {
  it('is a POST of {filters: {ids}} with the raw token in Authorization', async () => {
    const { fetch, requests } = fakeFincart();
    await createFincart({ token, fetch }).cancelOrder('FC-10001');

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://api.fincart.io/v4/orders/cancel');
    expect(request?.headers.authorization).toBe(token);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.json).toEqual({ filters: { ids: ['FC-10001'] } });
  });

  it('goes to `baseUrl`, else FINCART_BASE_URL, else api.fincart.io', async () => {
    const { fetch, requests } = fakeFincart();
    await createFincart({ token, fetch, baseUrl: 'http://127.0.0.1:4010/fincart/' }).cancelOrder('A1');
    vi.stubEnv('FINCART_BASE_URL', 'https://staging.fincart.test');
    await createFincart({ token, fetch }).cancelOrder('A1');

    expect(requests.map((request) => request.url)).toEqual([
      'http://127.0.0.1:4010/fincart/v4/orders/cancel',
      'https://staging.fincart.test/v4/orders/cancel',
    ]);
  });

  it('keeps the token over a caller header of the same name', async () => {
    const { fetch, requests } = fakeFincart();
    await createFincart({
      token,
      fetch,
      headers: { Authorization: 'Bearer other', 'x-trace': 't1' },
    }).cancelOrder('A1');

    expect(requests[0]?.headers.authorization).toBe(token);
    expect(requests[0]?.headers['x-trace']).toBe('t1');
  });
});

afterEach(() => vi.unstubAllEnvs());

describe('the token', () => {
  it('is read from FINCART_TOKEN at call time when not passed', async () => {
    const { fetch, requests } = fakeFincart();
    const client = createFincart({ fetch });
    vi.stubEnv('FINCART_TOKEN', token);
    await client.cancelOrder('FC-1');

    expect(requests[0]?.headers.authorization).toBe(token);
  });

  it('may be a function, called on every call so a rotated token is picked up', async () => {
    const { fetch, requests } = fakeFincart();
    const tokens = ['fc_tok_first', 'fc_tok_second'];
    const current = vi.fn(() => tokens.shift() ?? 'none');
    const client = createFincart({ token: current, fetch });
    await client.cancelOrder('FC-1');
    await client.cancelOrder('FC-2');

    expect(current).toHaveBeenCalledTimes(2);
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'fc_tok_first',
      'fc_tok_second',
    ]);
  });

  it('when missing, fails with a message naming `token` and FINCART_TOKEN, and sends nothing', async () => {
    vi.stubEnv('FINCART_TOKEN', '');
    const { fetch, requests } = fakeFincart();
    const result = await createFincart({ fetch }).cancelOrder('FC-1');

    expect(requests).toHaveLength(0);
    const error = expectFailure(result);
    expect(error.code).toBe('missing_credentials');
    expect(error.message).toContain('`token`');
    expect(error.message).toContain('FINCART_TOKEN');
  });

  it('never shows in results, errors, events or the client, even when Fincart echoes it', async () => {
    const echo = { ...notAuthorized.body, message: `Token ${token} is not authorized` };
    const events: unknown[] = [];
    const { fetch } = fakeFincart((request) =>
      idsOf(request)[0] === 'FC-1'
        ? { status: 200, body: { statusCode: 200, message: `ok for ${token}`, data: { status: 'success' } } }
        : { status: 403, body: echo },
    );
    const client = createFincart({ token, fetch, onEvent: (event) => events.push(event) });
    const success = await client.cancelOrder('FC-1');
    const failure = await client.cancelOrder('FC-2');
    // A token with a line break inside would smuggle a header; it is refused, and not quoted in the refusal.
    const malformed = await createFincart({ token: () => `${token}\nX-Injected: 1`, fetch }).cancelOrder(
      'FC-3',
    );

    expect(success.ok).toBe(true);
    expect(failure.ok).toBe(false);
    expect(expectFailure(malformed).code).toBe('invalid_input');
    for (const shown of [success, failure, malformed, events, client]) {
      expect(JSON.stringify(shown)).not.toContain(token);
      expect(inspect(shown, { depth: 10 })).not.toContain(token);
    }
    expect(expectFailure(failure).message).toContain('[REDACTED]');
  });
});

const ids = (count: number, prefix = 'FC') =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
// Batches run concurrently, so the order in which they reach the fake is not fixed; their contents are.
const batchesSent = (requests: RecordedRequest[]) =>
  requests.map((request) => idsOf(request).join(',')).sort();

describe('batches', () => {
  it('sends 120 IDs as 3 requests of at most 50 and answers in input order', async () => {
    const { fetch, requests } = fakeFincart();
    const input = ids(120);
    const report = await createFincart({ token, fetch }).cancelOrders(input);

    expect(requests.map((request) => idsOf(request).length).sort()).toEqual([20, 50, 50]);
    expect(batchesSent(requests)).toEqual(
      [input.slice(0, 50), input.slice(50, 100), input.slice(100)].map((batch) => batch.join(',')).sort(),
    );
    expect(report.results.map((entry) => entry.orderId)).toEqual(input);
    expect(
      report.results.every((entry) => entry.result.ok && entry.result.value.outcome === 'requested'),
    ).toBe(true);
    expect(report.counts).toMatchObject({
      total: 120,
      succeeded: 120,
      failed: 0,
      outcomes: { requested: 120 },
    });
  });

  it('takes batchSize from the client, and from the bulk call over the client', async () => {
    const client = fakeFincart();
    await createFincart({ token, fetch: client.fetch, batchSize: 10 }).cancelOrders(ids(25));
    expect(client.requests.map((request) => idsOf(request).length).sort()).toEqual([10, 10, 5]);

    const call = fakeFincart();
    await createFincart({ token, fetch: call.fetch, batchSize: 10 }).cancelOrders(ids(5), { batchSize: 2 });
    expect(call.requests.map((request) => idsOf(request).length).sort()).toEqual([1, 2, 2]);
  });

  it('rejects a batchSize outside 1 to 500 before sending anything', async () => {
    const { fetch, requests } = fakeFincart();
    const client = createFincart({ token, fetch });

    for (const batchSize of [0, 501, 2.5]) {
      const report = await client.cancelOrders(ids(3), { batchSize });
      expect(report.counts.errors).toEqual({ invalid_input: 3 });
      expect(expectFailure(report.results[0]?.result).message).toContain('batchSize');
    }
    const tooLarge = await createFincart({ token, fetch, batchSize: 1000 }).cancelOrder('FC-1');
    expect(expectFailure(tooLarge).code).toBe('invalid_input');
    expect(requests).toHaveLength(0);
  });

  it('leaves malformed IDs out of the batch as invalid_input and sends the rest', async () => {
    const { fetch, requests } = fakeFincart();
    const report = await createFincart({ token, fetch }).cancelOrders([
      'A1',
      '',
      'has space',
      '..',
      42,
      'B2',
    ]);

    expect(requests).toHaveLength(1);
    expect(requests.map(idsOf)).toEqual([['A1', 'B2']]);
    expect(
      report.results.map((entry) => (entry.result.ok ? entry.result.value.outcome : entry.result.error.code)),
    ).toEqual(['requested', 'invalid_input', 'invalid_input', 'invalid_input', 'invalid_input', 'requested']);
    expect(expectFailure(report.results[2]?.result).message).toContain('a Fincart order ID');
  });

  it('splits a refused batch until the refusal is pinned on the one ID that caused it', async () => {
    const refusal = { statusCode: 400, message: 'Only pending orders can be cancelled' };
    const { fetch, requests } = fakeFincart((request) =>
      idsOf(request).includes('SHIPPED') ? { status: 400, body: refusal } : accepted,
    );
    const report = await createFincart({ token, fetch }).cancelOrders(['A', 'B', 'C', 'SHIPPED', 'E']);

    expect(batchesSent(requests)).toEqual(['A,B,C', 'A,B,C,SHIPPED,E', 'E', 'SHIPPED', 'SHIPPED,E']);
    const outcomes = report.results.map((entry) =>
      entry.result.ok ? entry.result.value.outcome : entry.result.error.code,
    );
    expect(outcomes).toEqual(['requested', 'requested', 'requested', 'not_cancellable', 'requested']);
    expect(expectFailure(report.results[3]?.result)).toMatchObject({ orderId: 'SHIPPED', details: refusal });
  });

  it('does not split a batch refused for everyone, such as a 403', async () => {
    const { fetch, requests } = fakeFincart(() => notAuthorized);
    const report = await createFincart({ token, fetch }).cancelOrders(ids(4));

    expect(requests).toHaveLength(1);
    expect(report.counts.errors).toEqual({ unauthorized: 4 });
    expect(report.results.map((entry) => expectFailure(entry.result).orderId)).toEqual(ids(4));
  });
});
