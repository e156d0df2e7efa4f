import type { BulkEntry, CancelErrorCode } from '@cancel/core';
import { type Fault, type ProviderId, providerIds, type Sandbox } from '@cancel/sandbox';
import { describe, expect, it } from 'vitest';
import { clientFor, successOutcome } from './support/clients.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

const idsPerProvider = 2_000; // 10,000 across five providers
const faultEvery = 100; // 1%
const batchSize = 50; // Fincart's batches
const concurrency = 16;
const settings = {
  rateLimits: false,
  retries: 2,
  retryDelayMs: 1,
  maxRetryDelayMs: 5,
  timeoutMs: 5_000,
  concurrency,
  batchSize,
};

interface Injected {
  readonly fault: Fault;
  readonly expect: 'success' | CancelErrorCode;
  /** Whether the faulty request still cancels (the sandbox cancels before it garbles the answer). */
  readonly cancels: boolean;
  /** Whether the fault is pinned on its own ID in a Fincart batch (core splits refused batches). */
  readonly ownIdOnly?: boolean;
}

const faults: readonly Injected[] = [
  { fault: { type: 'server_error', status: 503, times: 1 }, expect: 'success', cancels: true },
  { fault: { type: 'reset', times: 1 }, expect: 'success', cancels: true },
  { fault: { type: 'rate_limit', retryAfter: 0, times: 1 }, expect: 'success', cancels: true },
  { fault: { type: 'server_error', status: 500 }, expect: 'provider_error', cancels: false },
  { fault: { type: 'html' }, expect: 'invalid_response', cancels: false },
  { fault: { type: 'truncated_json' }, expect: 'invalid_response', cancels: true },
  { fault: { type: 'reject', status: 409 }, expect: 'rejected', cancels: false, ownIdOnly: true },
];

interface Plan {
  readonly ids: string[];
  /** What each ID must end as, by position. */
  readonly expected: { readonly result: 'success' | CancelErrorCode; readonly cancelled: boolean }[];
}

/** Adds pending orders, faults every 100th, and works out what each ID must end as. */
function plan(target: Sandbox, provider: ProviderId): Plan {
  const ids = Array.from({ length: idsPerProvider }, () => target.addOrder(provider, { state: 'pending' }));
  const faultAt = new Map<number, Injected>();
  ids.forEach((id, index) => {
    if (index % faultEvery !== 37) return;
    const injected = faults[Math.floor(index / faultEvery) % faults.length]!;
    target.inject(provider, id, injected.fault);
    faultAt.set(index, injected);
  });
  const expected = ids.map((_, index) => {
    // A Fincart batch shares its one request's fate, except for refusals that core narrows down to one ID.
    const group =
      provider === 'fincart'
        ? [...faultAt].find(([at]) => Math.floor(at / batchSize) === Math.floor(index / batchSize))
        : faultAt.has(index)
          ? ([index, faultAt.get(index)!] as const)
          : undefined;
    const injected = group && (!group[1].ownIdOnly || group[0] === index) ? group[1] : undefined;
    if (!injected) return { result: 'success' as const, cancelled: true };
    return { result: injected.expect, cancelled: injected.cancels };
  });
  return { ids, expected };
}

function expectAsPlanned(
  target: Sandbox,
  provider: ProviderId,
  entries: readonly BulkEntry[],
  { ids, expected }: Plan,
) {
  expect(entries).toHaveLength(ids.length);
  entries.forEach((entry, index) => {
    expect(entry.index).toBe(index);
    expect(entry.orderId).toBe(ids[index]);
    const want = expected[index]!;
    const got = entry.result.ok ? entry.result.value.outcome : entry.result.error.code;
    expect(got, `${provider} #${index} ${entry.orderId}`).toBe(
      want.result === 'success' ? successOutcome(provider) : want.result,
    );
    // Exactly once when it was meant to be cancelled, never otherwise: nothing cancelled twice, nothing lost.
    expect(target.stateChanges(provider, ids[index]!), `${provider} #${index}`).toBe(want.cancelled ? 1 : 0);
  });
}

describe(`bulk: ${idsPerProvider.toLocaleString('en')} IDs at each provider, 1% of them faulty`, () => {
  it('cancelOrders returns exactly one result per ID, in input order, and cancels each order at most once', async () => {
    const plans = Object.fromEntries(providerIds.map((provider) => [provider, plan(sandbox(), provider)]));
    const reports = await Promise.all(
      providerIds.map((provider) =>
        clientFor(sandbox(), provider, settings).cancelOrders(plans[provider]!.ids),
      ),
    );
    providerIds.forEach((provider, position) => {
      const report = reports[position]!;
      expectAsPlanned(sandbox(), provider, report.results, plans[provider]!);
      expect(report.counts.total).toBe(idsPerProvider);
      expect(report.counts.succeeded + report.counts.failed).toBe(idsPerProvider);
    });
  });

  it('streamCancelOrders pulls IDs only as workers free up, so memory is bounded by the concurrency', async () => {
    const plans = Object.fromEntries(providerIds.map((provider) => [provider, plan(sandbox(), provider)]));
    await Promise.all(
      providerIds.map(async (provider) => {
        const { ids } = plans[provider]!;
        let pulled = 0;
        let yielded = 0;
        let mostInFlight = 0;
        async function* source() {
          for (const id of ids) {
            pulled++;
            mostInFlight = Math.max(mostInFlight, pulled - yielded);
            yield id;
          }
        }
        const entries: BulkEntry[] = [];
        for await (const entry of clientFor(sandbox(), provider, settings).streamCancelOrders(source())) {
          yielded++;
          expect(entries[entry.index]).toBeUndefined();
          entries[entry.index] = entry;
        }
        const perRequest = provider === 'fincart' ? batchSize : 1;
        expect(mostInFlight).toBeLessThanOrEqual((concurrency + 1) * perRequest + 1);
        expectAsPlanned(sandbox(), provider, entries, plans[provider]!);
      }),
    );
  });
});
