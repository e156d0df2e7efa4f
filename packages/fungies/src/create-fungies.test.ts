import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fakeFungies,
  fungiesError,
  orderNumber,
  orderUuid,
  publicKey,
  secretKey,
} from '../test/fungies-fake.js';
import { createFungies } from './create-fungies.js';

afterEach(() => vi.unstubAllEnvs());

const keys = { publicKey, secretKey };

describe('the request Fungies receives', () => {
  it('is a PATCH to /v0/orders/{id}/cancel with both keys and an empty JSON body', async () => {
    const fake = fakeFungies();
    await createFungies({ ...keys, fetch: fake.fetch }).cancelOrder(orderUuid);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('PATCH');
    expect(request!.url).toBe(`https://api.fungies.io/v0/orders/${orderUuid}/cancel`);
    expect(request!.headers).toMatchObject({
      'x-fngs-public-key': publicKey,
      'x-fngs-secret-key': secretKey,
      'content-type': 'application/json',
    });
    expect(request!.body).toBe('{}');
  });

  it('percent-encodes the # of an order number, so it is not taken for a URL fragment', async () => {
    const fake = fakeFungies();
    await createFungies({ ...keys, fetch: fake.fetch }).cancelOrder(orderNumber);
    expect(fake.requests[0]!.url).toBe('https://api.fungies.io/v0/orders/%23A1B2C3D4E5F6/cancel');
  });

  it.each(['1042', '1042-2', 'A1B2C3D4E5F6', '#1042-3'])('accepts the order number %s', async (number) => {
    const fake = fakeFungies();
    await createFungies({ ...keys, fetch: fake.fetch, retries: 0 }).cancelOrder(number);
    expect(fake.requests[0]!.url).toBe(
      `https://api.fungies.io/v0/orders/${number.replace('#', '%23')}/cancel`,
    );
  });

  it('goes to the baseUrl option, or FUNGIES_BASE_URL when the option is absent', async () => {
    const fake = fakeFungies();
    await createFungies({ ...keys, fetch: fake.fetch, baseUrl: 'http://localhost:4020/' }).cancelOrder(
      orderUuid,
    );
    vi.stubEnv('FUNGIES_BASE_URL', 'https://sandbox.fungies.example/api');
    await createFungies({ ...keys, fetch: fake.fetch }).cancelOrder(orderUuid);
    expect(fake.requests.map((request) => request.url)).toEqual([
      `http://localhost:4020/v0/orders/${orderUuid}/cancel`,
      `https://sandbox.fungies.example/api/v0/orders/${orderUuid}/cancel`,
    ]);
  });
});

describe('an order ID Fungies would not accept', () => {
  it.each([
    ['a short code that is not all digits', 'A1B2C3'],
    ['a number with two #', '##1042'],
    ['a bare #', '#'],
    ['over 32 letters and digits', 'A'.repeat(33)],
    ['a UUID with a non-hex character', '3fa85f64-5717-4562-b3fc-2c963f66afaz'],
    ['a number with an empty suffix', '1042-'],
    ['a path', '../v0/orders'],
    ['a relative segment', '..'],
    ['empty', ''],
    ['with a space', '1042 '],
  ])('is refused before any request when it is %s', async (_, badId) => {
    const fake = fakeFungies();
    const result = await createFungies({ ...keys, fetch: fake.fetch }).cancelOrder(badId);
    expect(fake.requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('not a valid Fungies order ID');
    expect(result.error.message).toContain('Nothing was sent');
  });

  it('fails only its own entry in a bulk run', async () => {
    const fake = fakeFungies();
    const report = await createFungies({ ...keys, fetch: fake.fetch }).cancelOrders([
      orderUuid,
      '#',
      orderUuid,
    ]);
    expect(report.results.map((entry) => entry.result.ok)).toEqual([true, false, true]);
    expect(report.counts).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(fake.requests).toHaveLength(2);
  });
});

afterEach(() => vi.unstubAllEnvs());

function withoutKeysInEnvironment() {
  vi.stubEnv('FUNGIES_PUBLIC_KEY', undefined);
  vi.stubEnv('FUNGIES_SECRET_KEY', undefined);
}

describe('Fungies credentials', () => {
  it('reads both keys from the environment at call time, not when the client is created', async () => {
    withoutKeysInEnvironment();
    const fake = fakeFungies();
    const fungies = createFungies({ fetch: fake.fetch });
    vi.stubEnv('FUNGIES_PUBLIC_KEY', 'pub_env');
    vi.stubEnv('FUNGIES_SECRET_KEY', 'sec_env_1');
    await fungies.cancelOrder(orderUuid);
    vi.stubEnv('FUNGIES_SECRET_KEY', 'sec_env_2');
    await fungies.cancelOrder(orderUuid);
    expect(fake.requests.map((request) => request.headers['x-fngs-secret-key'])).toEqual([
      'sec_env_1',
      'sec_env_2',
    ]);
    expect(fake.requests[0]!.headers['x-fngs-public-key']).toBe('pub_env');
  });

  it.each([
    ['secret key', { publicKey }, /`secretKey`.*createFungies\(\).*FUNGIES_SECRET_KEY/],
    ['public key', { secretKey }, /`publicKey`.*createFungies\(\).*FUNGIES_PUBLIC_KEY/],
  ])('reports a missing %s by option and variable, before any request', async (_, given, named) => {
    withoutKeysInEnvironment();
    const fake = fakeFungies();
    const result = await createFungies({ ...given, fetch: fake.fetch }).cancelOrder(orderUuid);
    expect(fake.requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('missing_credentials');
    expect(!result.ok && result.error.message).toMatch(named);
  });

  it('never shows either key in results, errors, events or the client, even when Fungies echoes them', async () => {
    const events: unknown[] = [];
    const fake = fakeFungies(() => fungiesError(401, `Invalid key pair ${publicKey}/${secretKey}`));
    const fungies = createFungies({
      publicKey,
      secretKey,
      fetch: fake.fetch,
      onEvent: (event) => events.push(event),
    });
    const result = await fungies.cancelOrder(orderUuid);
    expect(fake.requests[0]!.headers['x-fngs-secret-key']).toBe(secretKey);
    expect(!result.ok && result.error.code).toBe('unauthorized');
    for (const shown of [
      JSON.stringify(result),
      inspect(result, { depth: 10 }),
      inspect(fungies, { depth: 10 }),
      JSON.stringify(fungies),
      JSON.stringify(events),
    ]) {
      expect(shown).not.toContain(publicKey);
      expect(shown).not.toContain(secretKey);
    }
  });
});
