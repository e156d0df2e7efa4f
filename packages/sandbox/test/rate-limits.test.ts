import { afterEach, describe, expect, it } from 'vitest';
import { type ProviderId, providerIds, type Sandbox, startSandbox } from '../src/index.js';
import { RateLimiter } from '../src/rate-limiter.js';
import { isCancelled } from './support/answers.js';
import { callCancel } from './support/provider-calls.js';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/** Cancels `count` fresh pending orders one after another; returns the statuses. */
async function burst(target: Sandbox, provider: ProviderId, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index++) {
    const id = target.addOrder(provider, { state: 'pending' });
    statuses.push((await callCancel(target, provider, id)).status);
  }
  return statuses;
}

describe('documented rate limits', () => {
  it('OfferGrid allows bursts of 100 a minute, then answers 429 with Retry-After and the NestJS throttler body', async () => {
    sandbox = await startSandbox();
    const statuses = await burst(sandbox, 'offergrid', 100);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const id = sandbox.addOrder('offergrid', { state: 'pending' });
    const limited = await callCancel(sandbox, 'offergrid', id);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ statusCode: 429, message: 'ThrottlerException: Too Many Requests' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sandbox.stateChanges('offergrid', id)).toBe(0);
  });

  it('counts in fixed windows: Snappy 100 a second, OfferGrid 100 a minute and 10,000 an hour', () => {
    const limiter = new RateLimiter(true);
    const start = 1_000_000;
    for (let index = 0; index < 100; index++) expect(limiter.hit('snappy', start + index)).toBeUndefined();
    expect(limiter.hit('snappy', start + 500)).toBe(1);
    expect(limiter.hit('snappy', start + 1_000)).toBeUndefined();

    for (let index = 0; index < 100; index++) limiter.hit('offergrid', start);
    expect(limiter.hit('offergrid', start + 30_000)).toBe(30);
    // Refused requests count too, so a client hammering at 200 a minute meets the hourly limit within the hour.
    let hourly: number | undefined;
    for (let minute = 1; minute < 60 && hourly === undefined; minute++) {
      for (let index = 0; index < 200; index++) {
        const wait = limiter.hit('offergrid', start + minute * 60_000 + index);
        if (wait !== undefined && wait > 60) hourly = wait;
      }
    }
    expect(hourly).toBeGreaterThan(60);
    expect(hourly).toBeLessThanOrEqual(3_600);

    for (const provider of ['zinc', 'fungies', 'fincart'] as const) {
      for (let index = 0; index < 1_000; index++) expect(limiter.hit(provider, start)).toBeUndefined();
    }
  });
});

describe('configuring rate limits', () => {
  it('takes a limit for any provider, and the others keep theirs', async () => {
    sandbox = await startSandbox({ rateLimits: { zinc: { limit: 3, intervalMs: 60_000 } } });
    expect(await burst(sandbox, 'zinc', 4)).toEqual([204, 204, 204, 429]);
    const limited = await callCancel(sandbox, 'zinc', sandbox.addOrder('zinc', { state: 'pending' }));
    expect(limited.json).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it.each(providerIds)('answers %s 429 in its own error shape when limited', async (provider) => {
    sandbox = await startSandbox({ rateLimits: { [provider]: { limit: 1, intervalMs: 60_000 } } });
    const id = sandbox.addOrder(provider, { state: 'pending' });
    const first = await callCancel(sandbox, provider, id);
    expect(isCancelled(provider, first, [id]), first.text).toBe(true);
    expect(await burst(sandbox, provider, 1)).toEqual([429]);
  });

  it('switches off entirely, and back on at run time', async () => {
    sandbox = await startSandbox({ rateLimits: false });
    const statuses = await burst(sandbox, 'offergrid', 150);
    expect(statuses.filter((status) => status === 429)).toHaveLength(0);
    sandbox.setRateLimits({ offergrid: { limit: 2, intervalMs: 60_000 } });
    expect(await burst(sandbox, 'offergrid', 3)).toEqual([200, 200, 429]);
    sandbox.setRateLimits(false);
    expect(await burst(sandbox, 'offergrid', 3)).toEqual([200, 200, 200]);
  });

  it('reset() empties the windows', async () => {
    sandbox = await startSandbox({ rateLimits: { fincart: { limit: 1, intervalMs: 60_000 } } });
    expect(await burst(sandbox, 'fincart', 2)).toEqual([200, 429]);
    sandbox.reset();
    expect(await burst(sandbox, 'fincart', 1)).toEqual([200]);
  });

  it('refuses settings that could not mean anything', async () => {
    await expect(startSandbox({ rateLimits: { zinc: { limit: -1, intervalMs: 10 } } })).rejects.toThrow(
      TypeError,
    );
    await expect(
      startSandbox({ rateLimits: { amazon: { limit: 1, intervalMs: 10 } } as never }),
    ).rejects.toThrow(/Unknown provider/);
  });
});
