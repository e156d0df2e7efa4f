import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorOf, fakeFincart, idsOf, notAuthorized, token } from '../test/fincart-fake.js';
import { createFincart } from './index.js';

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
    const error = errorOf(result);
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
    expect(errorOf(malformed).code).toBe('invalid_input');
    for (const shown of [success, failure, malformed, events, client]) {
      expect(JSON.stringify(shown)).not.toContain(token);
      expect(inspect(shown, { depth: 10 })).not.toContain(token);
    }
    expect(errorOf(failure).message).toContain('[REDACTED]');
  });
});
