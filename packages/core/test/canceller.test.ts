import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { BulkRunError, type CancellerEntry, type ClientSettings, createCanceller } from '../src/index.js';
import { createClient, defineProvider, path } from '../src/provider-entry.js';
import { createExample, exampleProvider, json, secretKey, startServer } from './helpers.js';

const alphaProvider = { ...exampleProvider, id: 'alpha', displayName: 'Alpha' };
const betaProvider = { ...exampleProvider, id: 'beta', displayName: 'Beta' };
/** A provider that cancels in batches: POST /cancel with { ids }, answered { cancelled: true }. */
const { request: _single, ...exampleFacts } = exampleProvider as typeof exampleProvider & {
  request: unknown;
};
const gammaProvider = defineProvider({
  ...exampleFacts,
  id: 'gamma',
  displayName: 'Gamma',
  batch: {
    defaultSize: 50,
    maxSize: 100,
    request: (orderIds, { credentials }) => ({
      method: 'POST',
      path: path`/cancel`,
      headers: { authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
      json: { ids: orderIds },
    }),
  },
  success: () => ({ outcome: 'requested' }),
});

interface Seen {
  readonly provider: string;
  readonly orderIds: string[];
}

/** One loopback server for every provider: `/alpha/orders/{id}/cancel`, `/gamma/cancel`, …; `hold` delays answers. */
async function providersServer(
  hold: (provider: string, orderIds: string[]) => Promise<void> = async () => {},
) {
  const seen: Seen[] = [];
  const { url } = await startServer(async (request: http.IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const [, provider = '', ...rest] = (request.url ?? '').split('/');
    const orderIds =
      rest[0] === 'orders' ? [decodeURIComponent(rest[1]!)] : (JSON.parse(body).ids as string[]);
    seen.push({ provider, orderIds });
    await hold(provider, orderIds);
    if (orderIds.includes('gone')) return json(response, 404, {});
    json(response, 200, { cancelled: true });
  });
  const settings = (provider: string, extra: ClientSettings = {}) => ({
    baseUrl: `${url}/${provider}`,
    apiKey: secretKey,
    retryDelayMs: 1,
    ...extra,
  });
  return {
    seen,
    alpha: (extra?: ClientSettings) => createClient(alphaProvider, settings('alpha', extra)),
    beta: (extra?: ClientSettings) => createClient(betaProvider, settings('beta', extra)),
    gamma: (extra?: ClientSettings) => createClient(gammaProvider, settings('gamma', extra)),
  };
}

/** A promise and the function that settles it: a request held until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const refs = (provider: string, count: number, prefix = provider) =>
  Array.from({ length: count }, (_, index) => ({ provider, orderId: `${prefix}${index}` }));

describe('createCanceller', () => {
  it('routes each reference to its provider and returns one entry per reference, in input order, with counts', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha(), server.beta()]);
    const input = [
      { provider: 'alpha', orderId: 'a1' },
      { provider: 'beta', orderId: 'b1' },
      { provider: 'alpha', orderId: 'gone' },
      { provider: 'beta', orderId: 'b2' },
    ];
    const report = await canceller.cancelOrders(input, { concurrency: 2 });
    expect(
      report.results.map((entry) => [entry.index, entry.provider, entry.orderId, entry.result.ok]),
    ).toEqual([
      [0, 'alpha', 'a1', true],
      [1, 'beta', 'b1', true],
      [2, 'alpha', 'gone', false],
      [3, 'beta', 'b2', true],
    ]);
    expect(report.counts).toMatchObject({ total: 4, succeeded: 3, failed: 1, errors: { not_found: 1 } });
    expect(report.counts.providers.alpha).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
    expect(report.counts.providers.beta).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
    expect(server.seen.map((request) => `${request.provider}:${request.orderIds}`).sort()).toEqual([
      'alpha:a1',
      'alpha:gone',
      'beta:b1',
      'beta:b2',
    ]);
  });

  it('answers a reference to a provider without a client, or a malformed one, with invalid_input and sends nothing for it', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha()]);
    const input: unknown[] = [
      { provider: 'zinc', orderId: 'z1' },
      null,
      42,
      'alpha:a1',
      {},
      { provider: 'alpha' },
      { provider: 'alpha', orderId: 7 },
      { provider: 7, orderId: 'a1' },
      Object.create(null),
      { provider: 'alpha', orderId: 'a2' },
    ];
    const report = await canceller.cancelOrders(input);
    expect(report.results).toHaveLength(input.length);
    const failed = report.results.slice(0, -1);
    for (const entry of failed) {
      expect(entry.result).toMatchObject({ ok: false, error: { code: 'invalid_input', retryable: false } });
    }
    expect(failed[0]!.result.ok || failed[0]!.result.error.message).toContain(
      'No client for provider "zinc"',
    );
    expect(report.results.at(-1)!.result.ok).toBe(true);
    expect(server.seen).toEqual([{ provider: 'alpha', orderIds: ['a2'] }]);
    expect(report.counts.providers.zinc).toMatchObject({ total: 1, failed: 1 });
    expect(await canceller.cancelOrder({ provider: 'nope', orderId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await canceller.cancelOrder(null as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await canceller.cancelOrder({ provider: 'alpha', orderId: 'a3' })).toMatchObject({
      ok: true,
      value: { provider: 'alpha', orderId: 'a3', outcome: 'cancelled' },
    });
  });

  it('takes an async iterable and rejects a string or a non-iterable instead of iterating characters', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha(), server.beta()]);
    async function* input() {
      yield { provider: 'beta', orderId: 'b1' };
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield { provider: 'alpha', orderId: 'a1' };
    }
    const report = await canceller.cancelOrders(input());
    expect(report.results.map((entry) => entry.orderId)).toEqual(['b1', 'a1']);
    await expect(canceller.cancelOrders('alpha' as never)).rejects.toThrow(TypeError);
    await expect(canceller.cancelOrders(5 as never)).rejects.toThrow(TypeError);
  });

  it('finishes every order of a fast provider while another is stalled', async () => {
    const stalled = gate();
    const server = await providersServer((provider) =>
      provider === 'alpha' ? stalled.opened : Promise.resolve(),
    );
    const canceller = createCanceller([server.alpha(), server.beta(), server.gamma()]);
    const input = [...refs('alpha', 4), ...refs('beta', 30), ...refs('gamma', 30)];
    const finished: CancellerEntry[] = [];
    let alphaSentWhileHeld = 0;
    for await (const entry of canceller.streamCancelOrders(input, { concurrency: 4 })) {
      finished.push(entry);
      if (finished.length === 60) {
        alphaSentWhileHeld = server.seen.filter((request) => request.provider === 'alpha').length;
        stalled.open();
      }
    }
    // Every beta and gamma order finished while all four alpha requests were still held by the server.
    expect(alphaSentWhileHeld).toBe(4);
    expect(
      finished
        .slice(0, 60)
        .map((entry) => entry.provider)
        .sort(),
    ).toEqual([...Array(30).fill('beta'), ...Array(30).fill('gamma')]);
    expect(finished.slice(60).map((entry) => entry.provider)).toEqual(Array(4).fill('alpha'));
  }, 30_000);

  it('keeps each client’s own pacing: a provider waiting on its rate limit does not hold the others back', async () => {
    const server = await providersServer();
    // Alpha may send 2 requests a minute; the third waits, and the run is ended by the signal.
    const alpha = server.alpha({ rateLimits: [{ limit: 2, intervalMs: 60_000 }] });
    const canceller = createCanceller([alpha, server.beta()]);
    const stop = new AbortController();
    const input = [...refs('alpha', 3), ...refs('beta', 20)];
    const finished: CancellerEntry[] = [];
    for await (const entry of canceller.streamCancelOrders(input, { signal: stop.signal })) {
      finished.push(entry);
      if (finished.length === 22) stop.abort();
    }
    expect(finished.slice(0, 22).filter((entry) => entry.provider === 'beta')).toHaveLength(20);
    expect(finished).toHaveLength(23);
    expect(finished.at(-1)).toMatchObject({
      provider: 'alpha',
      result: { ok: false, error: { code: 'aborted' } },
    });
    expect(server.seen.filter((request) => request.provider === 'alpha')).toHaveLength(2);
  });

  it('sends a batching provider’s references in native batches, interleaved or not', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha(), server.gamma()]);
    const input = Array.from({ length: 120 }, (_, index) =>
      index % 3 === 0
        ? { provider: 'alpha', orderId: `a${index}` }
        : { provider: 'gamma', orderId: `g${index}` },
    );
    const report = await canceller.cancelOrders(input);
    const batches = server.seen.filter((request) => request.provider === 'gamma');
    expect(batches.map((request) => request.orderIds.length)).toEqual([50, 30]);
    expect(report.counts.providers.gamma).toMatchObject({ total: 80, outcomes: { requested: 80 } });
    expect(report.results.map((entry) => entry.orderId)).toEqual(input.map((reference) => reference.orderId));
  });

  it('bounds each provider’s concurrency on its own', async () => {
    const inFlight: Record<string, number> = { alpha: 0, beta: 0 };
    const peak: Record<string, number> = { alpha: 0, beta: 0 };
    const server = await providersServer(async (provider) => {
      peak[provider] = Math.max(peak[provider]!, ++inFlight[provider]!);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight[provider]!--;
    });
    const canceller = createCanceller([server.alpha({ concurrency: 2 }), server.beta({ concurrency: 5 })]);
    await canceller.cancelOrders([...refs('alpha', 20), ...refs('beta', 40)]);
    expect(peak).toEqual({ alpha: 2, beta: 5 });
  });

  it('reads ahead at most `readAhead` references for a stalled provider, so memory stays bounded', async () => {
    const stalled = gate();
    const server = await providersServer((provider) =>
      provider === 'alpha' ? stalled.opened : Promise.resolve(),
    );
    const canceller = createCanceller([server.alpha({ concurrency: 2 }), server.beta()]);
    let pulled = 0;
    function* input() {
      for (let index = 0; index < 500; index++) {
        pulled++;
        yield { provider: 'alpha', orderId: `a${index}` };
      }
    }
    const running = canceller.cancelOrders(input(), { readAhead: 10 });
    while (server.seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Two in flight, ten waiting in the lane, one in the reader's hand.
    expect(pulled).toBeLessThanOrEqual(2 + 10 + 2);
    stalled.open();
    const report = await running;
    expect(report.counts).toMatchObject({ total: 500, succeeded: 500 });
  }, 30_000);

  it('stops reading and sending when the consumer stops early', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha({ concurrency: 1 })]);
    let taken = 0;
    for await (const _ of canceller.streamCancelOrders(refs('alpha', 500))) {
      if (++taken === 3) break;
    }
    expect(server.seen.length).toBeLessThanOrEqual(5);
  });

  it('on stopSignal sends nothing more, lets requests in flight finish, and answers what it had read as not sent', async () => {
    const held = gate();
    const server = await providersServer((provider) =>
      provider === 'alpha' ? held.opened : Promise.resolve(),
    );
    const canceller = createCanceller([server.alpha({ concurrency: 2 }), server.beta({ concurrency: 2 })]);
    const stop = new AbortController();
    const input = [...refs('alpha', 50), ...refs('beta', 50)];
    const finished: CancellerEntry[] = [];
    for await (const entry of canceller.streamCancelOrders(input, { stopSignal: stop.signal })) {
      finished.push(entry);
      if (finished.length === 10) {
        stop.abort();
        held.open();
      }
    }
    const sent = server.seen.length;
    const notSent = finished.filter((entry) => !entry.result.ok && entry.result.error.attempts === 0);
    expect(finished.length).toBe(input.length);
    expect(notSent.length).toBe(input.length - sent);
    for (const entry of notSent)
      expect(entry.result).toMatchObject({ ok: false, error: { code: 'aborted' } });
    // The two alpha requests held by the server were in flight at the stop, and finished as cancelled.
    expect(finished.filter((entry) => entry.provider === 'alpha' && entry.result.ok)).toHaveLength(2);
    expect(sent).toBeLessThan(20);
  }, 30_000);

  it('rejects with a BulkRunError that keeps every reference it took when the source throws', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha(), server.beta()]);
    async function* input() {
      yield { provider: 'alpha', orderId: 'a1' };
      yield { provider: 'beta', orderId: 'b1' };
      throw new Error('the export broke');
    }
    const failure = await canceller.cancelOrders(input()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BulkRunError);
    const { report, cause } = failure as BulkRunError;
    expect((cause as Error).message).toBe('the export broke');
    expect(report.results.map((entry) => [entry.orderId, entry.result.ok])).toEqual([
      ['a1', true],
      ['b1', true],
    ]);
  });

  it('stops taking references once onResult throws, and still reports each one it took', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha({ concurrency: 1 })]);
    let calls = 0;
    const failure = await canceller
      .cancelOrders(refs('alpha', 200), {
        readAhead: 5,
        onResult: () => {
          if (++calls === 2) throw new Error('disk full');
        },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BulkRunError);
    const { report } = failure as BulkRunError;
    expect(calls).toBe(2);
    expect(report.results.length).toBeLessThan(20);
    expect(report.results.every(Boolean)).toBe(true);
    expect(server.seen.length).toBe(report.counts.succeeded);
  });

  it('ends when aborted while its async source is stalled, with an entry for each reference read', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha()]);
    const stop = new AbortController();
    async function* stalled() {
      yield { provider: 'alpha', orderId: 'a1' };
      await new Promise(() => {});
    }
    const finished: CancellerEntry[] = [];
    for await (const entry of canceller.streamCancelOrders(stalled(), { signal: stop.signal })) {
      finished.push(entry);
      stop.abort();
    }
    expect(finished.map((entry) => [entry.orderId, entry.result.ok])).toEqual([['a1', true]]);
    const report = await canceller.cancelOrders(stalled(), { signal: AbortSignal.timeout(200) });
    expect(report.results).toHaveLength(1);
  });

  it('on abort still answers every reference it read: those never sent as aborted with no attempt', async () => {
    const held = gate();
    const server = await providersServer((provider) =>
      provider === 'alpha' ? held.opened : Promise.resolve(),
    );
    const canceller = createCanceller([server.alpha({ concurrency: 2 }), server.beta({ concurrency: 2 })]);
    const stop = new AbortController();
    const input = [...refs('alpha', 300), ...refs('beta', 300)];
    const finished: CancellerEntry[] = [];
    for await (const entry of canceller.streamCancelOrders(input, { signal: stop.signal })) {
      finished.push(entry);
      if (finished.length === 20) {
        stop.abort();
        held.open();
      }
    }
    expect(new Set(finished.map((entry) => entry.index)).size).toBe(input.length);
    const unsent = finished.filter((entry) => !entry.result.ok && entry.result.error.attempts === 0);
    expect(unsent.length).toBeGreaterThan(500);
    for (const entry of unsent) expect(entry.result).toMatchObject({ ok: false, error: { code: 'aborted' } });
    expect(server.seen.length).toBeLessThan(40);
  }, 30_000);

  it('delivers everything when several providers wait on a full output at once (an abort with much read ahead)', async () => {
    const server = await providersServer();
    const canceller = createCanceller([server.alpha(), server.beta(), server.gamma()]);
    const input = [...refs('alpha', 400), ...refs('beta', 400), ...refs('gamma', 400)];
    const stop = new AbortController();
    let taken = 0;
    for await (const _ of canceller.streamCancelOrders(input, { signal: stop.signal, readAhead: 100 })) {
      if (taken++ === 0) stop.abort();
      // A consumer slower than the lanes answering their read-ahead as not sent, all at once.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(taken).toBe(input.length);
  }, 30_000);

  it('counts a reference naming __proto__ as its provider like any unknown one, touching no prototype', async () => {
    const canceller = createCanceller([(await providersServer()).alpha()]);
    const report = await canceller.cancelOrders([
      { provider: '__proto__', orderId: 'x' },
      { provider: 'constructor', orderId: 'y' },
    ]);
    expect(report.counts.failed).toBe(2);
    expect(Object.keys(report.counts.providers).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as { total?: unknown }).total).toBeUndefined();
  });

  it('refuses two clients for one provider, or something that is not a client', () => {
    expect(() => createCanceller([createExample(), createExample()])).toThrow(/two clients/);
    expect(() => createCanceller([{} as never])).toThrow(TypeError);
  });
});
