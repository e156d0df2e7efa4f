import { afterEach, describe, expect, it, vi } from 'vitest';
import { accepted, errorOf, fakeFincart, token } from '../test/fincart-fake.js';
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

describe('the answer', () => {
  it('makes the documented 200 `requested`, with the body as `raw`', async () => {
    const { fetch } = fakeFincart();
    const result = await createFincart({ token, fetch }).cancelOrder('FC-10001');

    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        provider: 'fincart',
        orderId: 'FC-10001',
        outcome: 'requested',
        attempts: 1,
        raw: accepted.body,
      }),
    });
  });

  it('reports a 200 whose data.status is not "success" as invalid_response, not success', async () => {
    const { fetch } = fakeFincart(() => ({
      status: 200,
      body: { statusCode: 200, message: 'done', data: { status: 'failed', msg: 'Nothing cancelled' } },
    }));
    const result = await createFincart({ token, fetch }).cancelOrder('FC-10001');

    const error = errorOf(result);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('"failed"');
    expect(error.details).toEqual(expect.objectContaining({ data: expect.anything() }));
  });

  it('reports an HTML 200 as invalid_response', async () => {
    const { fetch } = fakeFincart(() => ({ status: 200, body: '<html>maintenance</html>' }));
    const result = await createFincart({ token, fetch }).cancelOrder('FC-10001');

    expect(errorOf(result).code).toBe('invalid_response');
  });
});
