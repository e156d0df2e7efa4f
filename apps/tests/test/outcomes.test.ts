import { type CancelErrorCode, isRetryableCode } from '@cancel/core';
import { type ProviderId, providerIds } from '@cancel/sandbox';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientOverrides,
  clientFor,
  credentialVariables,
  fastRetries,
  secretOptions,
  successOutcome,
} from './support/clients.js';
import { requestsTo, useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Cancels one order through the provider's public factory and returns its result. */
async function cancel(provider: ProviderId, orderId: string, overrides: ClientOverrides = {}) {
  return clientFor(sandbox(), provider, { ...fastRetries, ...overrides }).cancelOrder(orderId);
}

async function expectError(
  provider: ProviderId,
  orderId: string,
  code: CancelErrorCode,
  overrides: ClientOverrides = {},
) {
  const result = await cancel(provider, orderId, overrides);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error).toMatchObject({ code, provider, retryable: isRetryableCode(code) });
  expect(result.error.message.length).toBeGreaterThan(20);
  return result.error;
}

describe.each(providerIds)('%s: every outcome and error code, end to end', (provider) => {
  const pending = () => sandbox().addOrder(provider, { state: 'pending' });
  const faulty = (fault: Parameters<ReturnType<typeof sandbox>['inject']>[2]) => {
    const id = pending();
    sandbox().inject(provider, id, fault);
    return id;
  };

  it(`${successOutcome(provider)}: a pending order, moved to cancelled exactly once`, async () => {
    const id = pending();
    const result = await cancel(provider, id);
    expect(result).toMatchObject({
      ok: true,
      value: { provider, orderId: id, outcome: successOutcome(provider), attempts: 1 },
    });
    expect(sandbox().getOrder(provider, id)).toMatchObject({ state: 'cancelled', cancelCount: 1 });
  });

  it('already_cancelled: an order cancelled before is success, and is not moved again', async () => {
    const id = sandbox().addOrder(provider, { state: 'cancelled' });
    const result = await cancel(provider, id);
    expect(result).toMatchObject({ ok: true, value: { outcome: 'already_cancelled' } });
    expect(sandbox().stateChanges(provider, id)).toBe(0);
  });

  it.each(['in_progress', 'shipped'] as const)(
    'not_cancellable: an order that is %s, with a reason',
    async (state) => {
      const id = sandbox().addOrder(provider, { state });
      const error = await expectError(provider, id, 'not_cancellable');
      expect(error.reason).toBeTruthy();
      expect(error.attempts).toBe(1);
      expect(sandbox().getOrder(provider, id)).toMatchObject({ state, cancelCount: 0 });
    },
  );

  it('not_found: an ID the account does not have', async () => {
    const id = pending();
    sandbox().reset();
    const error = await expectError(provider, id, 'not_found');
    expect(error.status).toBe(404);
  });

  it('unauthorized: keys the provider does not accept', async () => {
    const wrong = Object.fromEntries(
      secretOptions[provider].map((option) => [option, 'live_not_a_test_key_1234']),
    );
    const id = pending();
    const error = await expectError(provider, id, 'unauthorized', wrong);
    expect([401, 403]).toContain(error.status);
    expect(sandbox().stateChanges(provider, id)).toBe(0);
  });

  it('missing_credentials: none passed and none in the environment, nothing sent', async () => {
    for (const name of credentialVariables[provider]) vi.stubEnv(name, '');
    const none = Object.fromEntries(secretOptions[provider].map((option) => [option, undefined]));
    await expectError(provider, pending(), 'missing_credentials', none);
    expect(requestsTo(sandbox(), provider)).toBe(0);
  });

  it('invalid_input: a malformed option, nothing sent', async () => {
    await expectError(provider, pending(), 'invalid_input', { timeoutMs: -5 });
    expect(requestsTo(sandbox(), provider)).toBe(0);
  });

  it('rejected: a 4xx refusal about neither the state nor the credentials', async () => {
    const id = faulty({ type: 'reject', status: 409 });
    const error = await expectError(provider, id, 'rejected');
    expect([error.status, error.attempts]).toEqual([409, 1]);
  });

  it('rate_limited: a Retry-After beyond the cap ends the call at once, with retryAfterMs', async () => {
    const error = await expectError(
      provider,
      faulty({ type: 'rate_limit', retryAfter: 120 }),
      'rate_limited',
    );
    expect([error.attempts, error.retryAfterMs]).toEqual([1, 120_000]);
  });

  it('rate_limited: 429 on every attempt, after the retries allowed', async () => {
    const error = await expectError(provider, faulty({ type: 'rate_limit', retryAfter: 0 }), 'rate_limited');
    expect(error.attempts).toBe(3);
  });

  it('provider_error: 5xx after the retries allowed, nothing cancelled', async () => {
    const id = faulty({ type: 'server_error', status: 500 });
    const error = await expectError(provider, id, 'provider_error');
    expect([error.status, error.attempts]).toEqual([500, 3]);
    expect(sandbox().stateChanges(provider, id)).toBe(0);
  });

  it('network: the connection is reset on every attempt', async () => {
    const error = await expectError(provider, faulty({ type: 'reset' }), 'network');
    expect(error.attempts).toBe(3);
  });

  it('timeout: no answer within timeoutMs, on every attempt', async () => {
    const error = await expectError(provider, faulty({ type: 'hang' }), 'timeout', {
      timeoutMs: 150,
      retries: 1,
    });
    expect(error.attempts).toBe(2);
  });

  it("aborted: the caller's signal stops a hanging call at once", async () => {
    const id = faulty({ type: 'hang' });
    const client = clientFor(sandbox(), provider, { timeoutMs: 10_000 });
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    const result = await client.cancelOrder(id, { signal });
    expect(result).toMatchObject({ ok: false, error: { code: 'aborted', retryable: false } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('invalid_response: a 200 that is an HTML page', async () => {
    const error = await expectError(provider, faulty({ type: 'html' }), 'invalid_response');
    expect(error.status).toBe(200);
  });

  it('every demo order gives the outcome the sandbox documents, all at once through one default client', async () => {
    // One client, as the CLI demo uses: one order's long Retry-After must not hold up the others.
    const client = clientFor(sandbox(), provider);
    const started = Date.now();
    const results = await Promise.all(
      sandbox().demoOrders[provider].map(async (order) => {
        const result = await client.cancelOrder(order.id);
        return {
          id: order.id,
          expect: order.expect,
          got: result.ok ? result.value.outcome : result.error.code,
        };
      }),
    );
    for (const entry of results) expect(entry.got, `${entry.id}`).toBe(entry.expect);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
