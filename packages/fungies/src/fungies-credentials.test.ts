import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFungies, fungiesError, orderUuid, publicKey, secretKey } from '../test/fungies-fake.js';
import { createFungies } from './fungies-factory.js';

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
