import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKey, fakeSnappy, orderId, snappyError } from '../test/snappy-fake.js';
import { createSnappy } from './snappy-factory.js';

afterEach(() => vi.unstubAllEnvs());

describe('Snappy credentials', () => {
  it('reads SNAPPY_API_KEY at call time, not when the client is created', async () => {
    vi.stubEnv('SNAPPY_API_KEY', undefined);
    const fake = fakeSnappy();
    const snappy = createSnappy({ fetch: fake.fetch });
    vi.stubEnv('SNAPPY_API_KEY', 'snp_first');
    await snappy.cancelOrder(orderId);
    vi.stubEnv('SNAPPY_API_KEY', 'snp_second');
    await snappy.cancelOrder(orderId);
    expect(fake.requests.map((request) => request.headers['x-api-key'])).toEqual(['snp_first', 'snp_second']);
  });

  it('prefers the apiKey option over the environment, and accepts a function for rotation', async () => {
    vi.stubEnv('SNAPPY_API_KEY', 'snp_from_env');
    const fake = fakeSnappy();
    await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrder(orderId);
    await createSnappy({ apiKey: async () => 'snp_rotated', fetch: fake.fetch }).cancelOrder(orderId);
    expect(fake.requests.map((request) => request.headers['x-api-key'])).toEqual([apiKey, 'snp_rotated']);
  });

  it('reports a missing key by option and variable, before any request', async () => {
    vi.stubEnv('SNAPPY_API_KEY', undefined);
    const fake = fakeSnappy();
    const result = await createSnappy({ fetch: fake.fetch }).cancelOrder(orderId);
    expect(fake.requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('missing_credentials');
    expect(!result.ok && result.error.message).toMatch(/`apiKey`.*createSnappy\(\).*SNAPPY_API_KEY/);
  });

  it('refuses a key with a newline before any request, without showing it', async () => {
    const fake = fakeSnappy();
    const result = await createSnappy({ apiKey: `${apiKey}\n`.repeat(2), fetch: fake.fetch }).cancelOrder(
      orderId,
    );
    expect(fake.requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
    expect(JSON.stringify(result)).not.toContain(apiKey);
  });

  it('never shows the key in results, errors, events or the client, even when Snappy echoes it', async () => {
    const events: unknown[] = [];
    const fake = fakeSnappy(() => snappyError(401, 'UNAUTHORIZED', `Invalid API key ${apiKey}`));
    const snappy = createSnappy({
      apiKey,
      accountId: 'acc123456',
      fetch: fake.fetch,
      onEvent: (event) => events.push(event),
    });
    const result = await snappy.cancelOrder(orderId);
    expect(fake.requests[0]!.headers['x-api-key']).toBe(apiKey);
    expect(!result.ok && result.error.code).toBe('unauthorized');
    for (const shown of [
      JSON.stringify(result),
      inspect(result, { depth: 10 }),
      inspect(snappy, { depth: 10 }),
      JSON.stringify(snappy),
      JSON.stringify(events),
    ]) {
      expect(shown).not.toContain(apiKey);
    }
    // The account ID is an identifier, not a secret: it stays readable for debugging.
    expect(JSON.stringify(events)).toContain('acc123456');
  });
});
