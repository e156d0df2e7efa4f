import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createClient,
  defineProvider,
  type ProviderSpec,
  path,
  type RequestSpec,
} from '../src/provider-entry.js';
import type { ClientSettings } from '../src/settings.js';

// Checked by `tsc` (`pnpm typecheck`): each `@ts-expect-error` fails the typecheck if its line compiles.

const facts = {
  id: 'typed',
  displayName: 'Typed',
  factory: 'createTyped',
  baseUrl: 'https://api.typed.test',
  baseUrlEnv: 'TYPED_BASE_URL',
  orderId: { description: 'an ID' },
  success: () => ({ outcome: 'cancelled' }) as const,
};

const request = (orderId: string, headers: Record<string, string>): RequestSpec => ({
  method: 'POST',
  path: path`/orders/${orderId}/cancel`,
  headers,
});

describe('the credentials a spec’s request reads', () => {
  it('are the ones it declares: required ones strings, optional ones perhaps absent', () => {
    const spec = defineProvider({
      ...facts,
      credentials: [
        { option: 'apiKey', env: 'TYPED_API_KEY', label: 'API key' },
        { option: 'accountId', env: 'TYPED_ACCOUNT_ID', label: 'account ID', optional: true, public: true },
      ],
      request: (orderId, { credentials }) => {
        expectTypeOf(credentials.apiKey).toEqualTypeOf<string>();
        expectTypeOf(credentials.accountId).toEqualTypeOf<string | undefined>();
        return request(orderId, { 'x-api-key': credentials.apiKey });
      },
    });
    expect(spec.credentials.map((credential) => credential.option)).toEqual(['apiKey', 'accountId']);
  });

  it('make a misspelled credential name a compile error, in a single-order or a batch spec', () => {
    defineProvider({
      ...facts,
      credentials: [{ option: 'apiKey', env: 'TYPED_API_KEY', label: 'API key' }],
      request: (orderId, { credentials }) =>
        // @ts-expect-error `apikey` is not a declared credential
        request(orderId, { 'x-api-key': credentials.apikey }),
    });
    defineProvider({
      ...facts,
      credentials: [{ option: 'token', env: 'TYPED_TOKEN', label: 'token' }],
      batch: {
        defaultSize: 10,
        maxSize: 10,
        request: (orderIds, { credentials }) =>
          // @ts-expect-error `apiKey` is not a declared credential
          request(orderIds.join(','), { authorization: credentials.apiKey }),
      },
    });
  });

  it('type the options from what checkOptions takes', () => {
    const check = (options: { reason?: string }) => (options.reason === '' ? 'empty reason' : undefined);
    defineProvider({
      ...facts,
      credentials: [],
      request: (orderId, { options }) => {
        expectTypeOf(options.reason).toEqualTypeOf<string | undefined>();
        return request(orderId, {});
      },
      checkOptions: check,
    });
  });
});

describe('a defined spec', () => {
  it('is a ProviderSpec that generic code takes, but whose request only core can call', () => {
    const spec = defineProvider({
      ...facts,
      credentials: [{ option: 'apiKey', env: 'TYPED_API_KEY', label: 'API key' }],
      request: (orderId, { credentials }) => request(orderId, { 'x-api-key': credentials.apiKey }),
    });
    const anySpec: ProviderSpec<never> = spec;
    expectTypeOf<Parameters<NonNullable<typeof anySpec.request>>[1]['credentials']>().toBeNever();
  });
});

describe('createClient', () => {
  it('takes a spec only when its settings have an option for every credential the spec declares', () => {
    const spec = defineProvider({
      ...facts,
      credentials: [{ option: 'apikey', env: 'TYPED_API_KEY', label: 'API key' }],
      request: (orderId, { credentials }) => request(orderId, { 'x-api-key': credentials.apikey }),
    });
    // @ts-expect-error the settings call it `apiKey`, the spec `apikey`
    const client = createClient<ClientSettings & { apiKey?: string }>(spec);
    expect(client.provider).toBe('typed');
  });
});
