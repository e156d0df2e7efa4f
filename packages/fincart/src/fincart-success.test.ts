import { expectFailure } from '@cancel/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accepted, fakeFincart, token } from '../test/fincart-fake.js';
import { createFincart } from './index.js';

afterEach(() => vi.unstubAllEnvs());

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

    const error = expectFailure(result);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('"failed"');
    expect(error.details).toEqual(expect.objectContaining({ data: expect.anything() }));
  });

  it('reports an HTML 200 as invalid_response', async () => {
    const { fetch } = fakeFincart(() => ({ status: 200, body: '<html>maintenance</html>' }));
    const result = await createFincart({ token, fetch }).cancelOrder('FC-10001');

    expect(expectFailure(result).code).toBe('invalid_response');
  });
});
