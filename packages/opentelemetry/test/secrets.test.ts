import { builtInProviders, type Fault, type ProviderId, providerIds, testKeyPrefixes } from '@cancel/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTelemetry } from './support/telemetry.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const telemetry = useTelemetry();

const factory = (provider: ProviderId) => builtInProviders.find(({ spec }) => spec.id === provider)!.create;

/** Random secrets long enough never to occur by chance in an ID, a URL or a message. */
const secretSuffix = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
  minLength: 16,
  maxLength: 48,
});

interface Scenario {
  readonly fault?: Fault;
  readonly state?: 'pending' | 'shipped';
  /** Keys the provider refuses (401/403), so the refusal's path is covered too. */
  readonly refused?: boolean;
  readonly settings?: () => object;
  readonly orderId?: string;
}

const scenarios: Record<string, Scenario> = {
  success: {},
  retried_503: { fault: { type: 'server_error', status: 503, times: 1 } },
  rate_limited: { fault: { type: 'rate_limit', retryAfter: 120 } },
  unauthorized: { refused: true },
  not_cancellable: { state: 'shipped' },
  network: { fault: { type: 'reset' } },
  timeout: { fault: { type: 'hang' }, settings: () => ({ timeoutMs: 80, retries: 0 }) },
  aborted: { fault: { type: 'hang' }, settings: () => ({ signal: AbortSignal.timeout(40), retries: 0 }) },
  invalid_response: { fault: { type: 'html' } },
  invalid_input: { orderId: '..' },
};

/** Everything the SDK would export: span names, attributes, events, status messages and metric labels. */
async function everythingExported(): Promise<string[]> {
  const spans = telemetry.finishedSpans().map((span) =>
    JSON.stringify({
      name: span.name,
      attributes: span.attributes,
      events: span.events,
      status: span.status,
      links: span.links,
    }),
  );
  const points = await Promise.all(
    ['http.client.request.duration', 'cancel.orders'].map(async (name) =>
      JSON.stringify(await telemetry.points(name)),
    ),
  );
  return [...spans, ...points];
}

describe.each(providerIds)('%s telemetry never carries a secret', (provider) => {
  const keys = fc.record(
    Object.fromEntries(Object.keys(testKeyPrefixes[provider]).map((option) => [option, secretSuffix])),
  );

  it.each(Object.keys(scenarios))('in %s spans, span events and metric labels', async (name) => {
    const scenario = scenarios[name]!;
    await fc.assert(
      fc.asyncProperty(keys, async (suffixes) => {
        const secrets = Object.fromEntries(
          Object.entries(suffixes).map(([option, suffix]) => [
            option,
            `${scenario.refused ? 'live_' : testKeyPrefixes[provider][option]}${suffix}`,
          ]),
        );
        const orderId =
          scenario.orderId ?? sandbox().addOrder(provider, { state: scenario.state ?? 'pending' });
        if (scenario.fault) sandbox().inject(provider, orderId, scenario.fault);
        const client = factory(provider)({
          baseUrl: sandbox().baseUrls[provider],
          ...sandbox().credentials[provider],
          retryDelayMs: 1,
          timeoutMs: 1_000,
          ...secrets,
          ...scenario.settings?.(),
          onEvent: telemetry.listener(),
        });
        await client.cancelOrder(orderId);
        // A bulk run too: a batch for Fincart, and an ID refused before sending.
        await client.cancelOrders([sandbox().addOrder(provider, { state: 'pending' }), '..']);

        const exported = await everythingExported();
        expect(exported.length).toBeGreaterThan(2);
        for (const secret of Object.values(secrets)) {
          for (const text of exported)
            expect(text.includes(secret), `${name}: ${text.slice(0, 300)}`).toBe(false);
        }
      }),
      { numRuns: 3 },
    );
  });
});
