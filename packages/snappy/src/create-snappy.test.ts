import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiKey, fakeSnappy, orderId, snappyError } from '../test/snappy-fake.js';
import { createSnappy } from './create-snappy.js';

afterEach(() => vi.unstubAllEnvs());

describe('the request Snappy receives', () => {
  it('is a POST to /v3/orders/{orderId}/cancel with the API key and no optional headers', async () => {
    const fake = fakeSnappy();
    await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrder(orderId);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`https://api.snappy.com/public-api/v3/orders/${orderId}/cancel`);
    expect(request!.headers['x-api-key']).toBe(apiKey);
    expect(request!.headers).not.toHaveProperty('snappy-account-id');
    expect(request!.headers).not.toHaveProperty('snappy-company-id');
    expect(request!.body).toBe('');
  });

  it('carries the account and company IDs when they are given', async () => {
    const fake = fakeSnappy();
    const snappy = createSnappy({
      apiKey,
      accountId: 'acc123456',
      companyId: 'cmp123456',
      fetch: fake.fetch,
    });
    await snappy.cancelOrder(orderId);
    expect(fake.requests[0]!.headers).toMatchObject({
      'snappy-account-id': 'acc123456',
      'snappy-company-id': 'cmp123456',
    });
  });

  it('reads the account and company IDs from the environment at call time', async () => {
    const fake = fakeSnappy();
    const snappy = createSnappy({ apiKey, fetch: fake.fetch });
    vi.stubEnv('SNAPPY_ACCOUNT_ID', 'acc_from_env');
    vi.stubEnv('SNAPPY_COMPANY_ID', 'cmp_from_env');
    await snappy.cancelOrder(orderId);
    expect(fake.requests[0]!.headers).toMatchObject({
      'snappy-account-id': 'acc_from_env',
      'snappy-company-id': 'cmp_from_env',
    });
  });

  it('goes to the baseUrl option, or SNAPPY_BASE_URL when the option is absent', async () => {
    const fake = fakeSnappy();
    await createSnappy({ apiKey, fetch: fake.fetch, baseUrl: 'http://127.0.0.1:4010/snappy/' }).cancelOrder(
      orderId,
    );
    vi.stubEnv('SNAPPY_BASE_URL', 'https://staging.snappy.example/public-api');
    await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrder(orderId);
    expect(fake.requests.map((request) => request.url)).toEqual([
      `http://127.0.0.1:4010/snappy/v3/orders/${orderId}/cancel`,
      `https://staging.snappy.example/public-api/v3/orders/${orderId}/cancel`,
    ]);
  });
});

describe('an order ID Snappy would not accept', () => {
  it.each([
    ['shorter than 8 characters', 'G7nR4bD'],
    ['with a dash', 'G7nR-4bD9mK'],
    ['with a path', '../../v3/orders'],
    ['a relative segment', '..'],
    ['empty', ''],
    ['with a space', 'G7nR4bD9mK '],
    ['over the length cap', 'A'.repeat(300)],
  ])('is refused before any request when it is %s', async (_, badId) => {
    const fake = fakeSnappy();
    const result = await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrder(badId);
    expect(fake.requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.retryable).toBe(false);
    expect(result.error.message).toContain('not a valid Snappy order ID');
    expect(result.error.message).toContain('Nothing was sent');
  });

  it('is refused when it is not a string', async () => {
    const fake = fakeSnappy();
    const result = await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrder(42 as unknown as string);
    expect(fake.requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
  });

  it('fails only its own entry in a bulk run', async () => {
    const fake = fakeSnappy();
    const report = await createSnappy({ apiKey, fetch: fake.fetch }).cancelOrders([orderId, 'bad', orderId]);
    expect(report.results.map((entry) => entry.result.ok)).toEqual([true, false, true]);
    expect(report.counts).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(fake.requests).toHaveLength(2);
  });
});

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
