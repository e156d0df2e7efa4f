import { format, inspect } from 'node:util';
import type { CancelEvent } from '@cancel/core';
import { type Fault, type ProviderId, providerIds } from '@cancel/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientFor, secretOptions, testKeyPrefixes } from './support/clients.js';
import { useTrapServer } from './support/trap-server.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const trap = useTrapServer();

/** Random secrets long enough never to occur by chance in an ID, a URL or a message. */
const secretSuffix = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
  minLength: 16,
  maxLength: 48,
});

/** Every way a result, an error, a client or an event can be shown or serialised. */
function renderings(value: unknown): string[] {
  return [
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    format('%s %o %O', value, value, value),
    String(value),
  ];
}

type Scenario = (provider: ProviderId) => {
  orderId: string;
  fault?: Fault;
  valid?: boolean;
  settings?: object;
};

/** Success and every kind of failure a sandbox can produce, each with the client's secrets in play. */
const scenarios: Record<string, Scenario> = {
  success: (provider) => ({ orderId: sandbox().addOrder(provider, { state: 'pending' }) }),
  already_cancelled: (provider) => ({ orderId: sandbox().addOrder(provider, { state: 'cancelled' }) }),
  not_cancellable: (provider) => ({ orderId: sandbox().addOrder(provider, { state: 'shipped' }) }),
  not_found: (provider) => {
    const orderId = sandbox().addOrder(provider, { state: 'pending' });
    sandbox().reset();
    return { orderId };
  },
  unauthorized: (provider) => ({ orderId: sandbox().addOrder(provider, { state: 'pending' }), valid: false }),
  invalid_input: () => ({ orderId: '..' }),
  'invalid_input (a lone surrogate)': () => ({ orderId: 'ab\uD800cd' }),
  'invalid_input (not a string)': () => ({ orderId: Object.create(null) as string }),
  rejected: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'reject' },
  }),
  provider_error: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'server_error', status: 500 },
  }),
  rate_limited: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'rate_limit', retryAfter: 120 },
    // A bulk run would wait out two minutes (maxWaitMs); the secrets are checked in the rate_limited answer.
    settings: { maxWaitMs: 0 },
  }),
  network: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'reset' },
  }),
  timeout: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'hang' },
    settings: { timeoutMs: 100, retries: 0 },
  }),
  aborted: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'hang' },
    settings: { signal: AbortSignal.timeout(50), timeoutMs: 200, retries: 0 },
  }),
  invalid_response: (provider) => ({
    orderId: sandbox().addOrder(provider, { state: 'pending' }),
    fault: { type: 'html' },
  }),
};

describe.each(providerIds)('%s never shows a secret', (provider) => {
  const keys = fc.record(
    Object.fromEntries(secretOptions[provider].map((option) => [option, secretSuffix])) as Record<
      string,
      typeof secretSuffix
    >,
  );

  it.each(Object.keys(scenarios))('in %s results, errors, events and the logged client', async (name) => {
    await fc.assert(
      fc.asyncProperty(keys, async (suffixes) => {
        const scenario = scenarios[name]!(provider);
        const prefixes = testKeyPrefixes[provider];
        const secrets = Object.fromEntries(
          Object.entries(suffixes).map(([option, suffix]) => [
            option,
            `${scenario.valid === false ? 'live_' : prefixes[option]}${suffix}`,
          ]),
        );
        if (scenario.fault) sandbox().inject(provider, scenario.orderId, scenario.fault);
        const events: CancelEvent[] = [];
        const settings = {
          retries: 1,
          retryDelayMs: 1,
          timeoutMs: 1_000,
          ...secrets,
          ...scenario.settings,
          onEvent: (event: CancelEvent) => events.push(event),
        };
        // Two clients: one order's long Retry-After must not hold up the bulk call (see the pacing test).
        const client = clientFor(sandbox(), provider, settings);
        const bulkClient = clientFor(sandbox(), provider, { ...settings, signal: undefined });
        const { signal } = (scenario.settings ?? {}) as { signal?: AbortSignal };
        const result = await client.cancelOrder(scenario.orderId, signal ? { signal } : undefined);
        const report = await bulkClient.cancelOrders([scenario.orderId, '..']);

        const shown = [
          ...renderings(result),
          ...renderings(report),
          ...renderings(client),
          ...renderings(bulkClient),
          ...events.flatMap(renderings),
        ];
        if (!result.ok) {
          shown.push(result.error.message, String(result.error.stack), ...renderings(result.error));
          shown.push(...renderings(result.error.details), ...renderings(result.error.cause));
        }
        for (const secret of Object.values(secrets)) {
          for (const text of shown)
            expect(text.includes(secret), `${name}: ${text.slice(0, 300)}`).toBe(false);
        }
        if (name === 'success' || name === 'unauthorized') expect(events.length).toBeGreaterThan(0);
      }),
      { numRuns: 4 },
    );
  });

  it('not even when the provider redirects to a URL that carries the key', async () => {
    await fc.assert(
      fc.asyncProperty(keys, async (suffixes) => {
        const prefixes = testKeyPrefixes[provider];
        const secrets = Object.fromEntries(
          Object.entries(suffixes).map(([option, suffix]) => [option, `${prefixes[option]}${suffix}`]),
        );
        const orderId = sandbox().addOrder(provider, { state: 'pending' });
        const location = `${trap.url()}/stolen?${new URLSearchParams(secrets)}`;
        sandbox().inject(provider, orderId, { type: 'redirect', location });
        const events: CancelEvent[] = [];
        const client = clientFor(sandbox(), provider, {
          ...secrets,
          onEvent: (event: CancelEvent) => events.push(event),
        });
        const result = await client.cancelOrder(orderId);
        expect(result).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
        const shown = [...renderings(result), ...events.flatMap(renderings)];
        if (!result.ok) shown.push(result.error.message, ...renderings(result.error));
        for (const secret of Object.values(secrets)) {
          for (const text of shown) expect(text.includes(secret), text.slice(0, 300)).toBe(false);
        }
        expect(trap.hits).toEqual([]);
      }),
      { numRuns: 10 },
    );
  });
});
