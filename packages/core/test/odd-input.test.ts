import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BulkReport, CancelEvent } from '../src/index.js';
import { mapConcurrent } from '../src/pool.js';
import { createClient, defineProvider, path } from '../src/provider-entry.js';
import { recordingFetch } from '../src/testing.js';
import { createExample, exampleProvider, secretKey } from './helpers.js';

const cancelled = () => ({ status: 200, body: { cancelled: true } });

/** Values that break a naive `String(value)` or `encodeURIComponent(value)`. */
const hostile: readonly [string, unknown][] = [
  ['an object without a prototype', Object.create(null)],
  [
    'an object whose toString throws',
    {
      toString() {
        throw new Error('no string for you');
      },
    },
  ],
  ['an object whose toString returns an object', { toString: () => ({}) }],
  ['a symbol', Symbol('id')],
  ['a lone high surrogate', '\uD800abc'],
  ['a lone low surrogate', 'abc\uDC00'],
  ['surrogates in the wrong order', 'a\uDC00\uD800b'],
];

/** Anything at all, strings with lone surrogates and objects without prototypes included. */
const anyValue = fc.oneof(
  fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withMap: true }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('a', '1', '\uD800', '\uDC00', '-', '/', '.') }),
  fc.constantFrom(...hostile.map(([, value]) => value)),
);

describe('odd order IDs', () => {
  it.each(hostile)('%s → invalid_input, nothing sent', async (_label, value) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const result = await createExample({ fetch }).cancelOrder(value as string);
    expect(requests).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', attempts: 0 } });
    expect(!result.ok && result.error.message).toContain('Nothing was sent');
  });

  it('names a lone surrogate for what it is', async () => {
    const result = await createExample().cancelOrder('\uD800abc');
    expect(!result.ok && result.error.message).toContain('surrogate');
  });

  it('the same values in bulk: one invalid_input entry each, in order, and the run settles', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const values = [...hostile.map(([, value]) => value), 'A1'];
    const report = await createExample({ fetch }).cancelOrders(values);
    expect(report.results.map((entry) => entry.index)).toEqual(values.map((_, index) => index));
    expect(report.counts).toMatchObject({ failed: hostile.length, succeeded: 1 });
    expect(report.counts.errors).toEqual({ invalid_input: hostile.length });
    expect(requests).toHaveLength(1);
    for (const entry of report.results) expect(typeof entry.orderId).toBe('string');
  });
});

/** The example provider with IDs of any text, as OfferGrid's and Fincart's are: nothing but core's checks. */
function createFreeForm(settings: Parameters<typeof createExample>[0] & { accountId?: string } = {}) {
  const spec = defineProvider({
    ...exampleProvider,
    batch: undefined,
    orderId: { description: 'any text' },
    request: (orderId, { options }: { options: typeof settings }) => ({
      method: 'POST',
      path: path`/accounts/${options.accountId ?? 'main'}/orders/${orderId}/cancel`,
      headers: { authorization: `Bearer ${secretKey}` },
    }),
  });
  return createClient(spec, { apiKey: secretKey, retryDelayMs: 1, ...settings });
}

describe('IDs of any text', () => {
  it.each(['\uD800abc', 'abc\uDC00', 'a\uDC00\uD800b'])(
    '%j (a lone surrogate) → invalid_input, nothing sent',
    async (id) => {
      const { fetch, requests } = recordingFetch(cancelled);
      const client = createFreeForm({ fetch });
      const result = await client.cancelOrder(id);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!result.ok && result.error.message).toContain('lone UTF-16 surrogate');
      const report = await client.cancelOrders([id, 'A1']);
      expect(report.counts).toMatchObject({ total: 2, succeeded: 1, errors: { invalid_input: 1 } });
      expect(requests).toHaveLength(1);
    },
  );

  it('keeps well-formed pairs (emoji) usable', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    expect((await createFreeForm({ fetch }).cancelOrder('order-😀')).ok).toBe(true);
    expect(requests[0]!.url).toContain(encodeURIComponent('order-😀'));
  });

  it('a path value the provider cannot encode is invalid_input for each order, and a bulk run settles', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createFreeForm({ fetch, accountId: 'acct\uD800' });
    const result = await client.cancelOrder('A1');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', attempts: 0 } });
    expect(!result.ok && result.error.message).toContain('Could not build the Example request');
    const report = await client.cancelOrders(['A1', 'A2', 'A3'], { concurrency: 2 });
    expect(report.counts.errors).toEqual({ invalid_input: 3 });
    expect(requests).toHaveLength(0);
    // Every cancel is seen ending, this one too (EVENTS.md): call-start, then call-end with attempts 0.
    const events: CancelEvent[] = [];
    await createFreeForm({
      fetch,
      accountId: 'acct\uD800',
      onEvent: (event) => events.push(event),
    }).cancelOrder('A1');
    expect(events.map((event) => event.type)).toEqual(['call-start', 'call-end']);
    expect(events[1]).toMatchObject({ attempts: 0, error: { code: 'invalid_input' } });
  });

  it('a provider reader that throws is one failed entry per order, not a stalled run', async () => {
    const spec = defineProvider({
      ...exampleProvider,
      success: () => {
        throw new Error(`reader bug near ${secretKey}`);
      },
    });
    const { fetch } = recordingFetch(cancelled);
    const client = createClient(spec, { apiKey: secretKey, fetch });
    const result = await client.cancelOrder('A1');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    expect(!result.ok && result.error.message).toContain('it may have reached Example');
    expect(JSON.stringify(result)).not.toContain(secretKey);
    const report = await client.cancelOrders(['A1', 'A2', 'A3']);
    expect(report.counts).toMatchObject({ total: 3, errors: { invalid_response: 3 } });
  });
});

describe('the pool with a worker that rejects', () => {
  it('pulls nothing more, drains running work, then throws: never a stalled run or an unhandled rejection', async () => {
    const pulled: number[] = [];
    function* source() {
      for (let item = 1; item <= 8; item++) {
        pulled.push(item);
        yield item;
      }
    }
    const done: number[] = [];
    const run = async () => {
      for await (const value of mapConcurrent(source(), 2, async (item: number) => {
        if (item === 3) throw new Error('worker broke');
        await new Promise((resolve) => setTimeout(resolve, 5));
        return item;
      }))
        done.push(value);
    };
    await expect(run()).rejects.toThrow('worker broke');
    // 3 and 4 start together once 1 and 2 are done; 4 was running when 3 failed, so it is drained too.
    expect(done.sort()).toEqual(pulled.filter((item) => item !== 3));
    expect(pulled.length).toBeLessThanOrEqual(4);
  });
});

describe('odd call options', () => {
  it('null options mean no options, as undefined does', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch });
    const result = await client.cancelOrder('A1', null as never);
    const report = await client.cancelOrders(['A1', 'A2'], null as never);
    expect(result.ok).toBe(true);
    expect(report.counts.succeeded).toBe(2);
    expect(requests).toHaveLength(3);
  });

  it.each([
    ['a string', 'fast'],
    ['a number', 5],
    ['an array', [{ retries: 1 }]],
    ['a function', () => ({})],
  ])('options that are %s → invalid_input for every ID, nothing sent', async (_label, options) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch });
    const result = await client.cancelOrder('A1', options as never);
    const report = await client.cancelOrders(['A1', 'A2'], options as never);
    expect(requests).toHaveLength(0);
    expect(!result.ok && result.error.code).toBe('invalid_input');
    expect(!result.ok && result.error.message).toContain('options must be an object');
    expect(report.counts.errors).toEqual({ invalid_input: 2 });
  });

  it('an option value JSON cannot show (a bigint) is still a clear invalid_input', async () => {
    const result = await createExample().cancelOrder('A1', { retries: 1n as never });
    expect(!result.ok && result.error.message).toContain('`retries` must be a whole number');
  });
});

describe('properties over arbitrary values', () => {
  it('cancelOrder never throws: an ID that is not a usable string is invalid_input, never sent', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const { fetch, requests } = recordingFetch(cancelled);
        const result = await createExample({ fetch }).cancelOrder(value as string);
        const usable =
          typeof value === 'string' &&
          value.length <= 256 &&
          /^[A-Za-z0-9/?#%-]+$/.test(value) &&
          /[A-Za-z0-9]/.test(value);
        expect(result.ok).toBe(usable);
        if (!result.ok) expect(result.error.code).toBe('invalid_input');
        expect(requests).toHaveLength(usable ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('cancelOrder never throws, whatever the options', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyValue,
        fc.oneof(
          anyValue,
          fc.dictionary(fc.constantFrom('retries', 'signal', 'headers', 'timeoutMs'), anyValue),
        ),
        async (value, options) => {
          const result = await createExample({ fetch: recordingFetch(cancelled).fetch }).cancelOrder(
            value as string,
            options as never,
          );
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cancelOrders always settles with one entry per input, in order, each with a string orderId', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyValue, { maxLength: 12 }),
        fc.boolean(),
        fc.oneof(
          fc.constant(undefined),
          fc.constant(null),
          fc.record({ concurrency: fc.integer({ min: 1, max: 4 }) }),
        ),
        async (values, asynchronous, options) => {
          const { fetch } = recordingFetch(cancelled);
          async function* slowly() {
            for (const value of values) yield value;
          }
          const report: BulkReport = await createExample({ fetch }).cancelOrders(
            asynchronous ? slowly() : values,
            options as never,
          );
          expect(report.results.map((entry) => entry.index)).toEqual(values.map((_, index) => index));
          expect(report.counts.total).toBe(values.length);
          for (const entry of report.results) expect(typeof entry.orderId).toBe('string');
        },
      ),
      { numRuns: 200 },
    );
  });
});
