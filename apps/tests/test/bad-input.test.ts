import { type ProviderId, providerIds } from '@cancel/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientFor } from './support/clients.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

/** Never a usable order ID at any provider. */
const badIds: readonly [string, unknown][] = [
  ['empty', ''],
  ['whitespace', '   '],
  ['a space inside', 'ab cd'],
  ['.', '.'],
  ['..', '..'],
  ['/', '/'],
  ['?', '?'],
  ['#', '#'],
  ['%', '%'],
  ['NUL', 'abc\u0000def'],
  ['newline', 'abc\ndef'],
  ['carriage return', 'abc\r\nX-Injected: 1'],
  ['tab', '\tabc'],
  ['10,000 characters', 'a'.repeat(10_000)],
  ['a number', 42],
  ['null', null],
  ['undefined', undefined],
  ['an object', { id: 'abc' }],
  ['an array', ['abc']],
  ['a boolean', true],
  ['a bigint', 12n],
  ['a symbol', Symbol('abc')],
  ['an object without a prototype', Object.create(null)],
  [
    'an object whose toString throws',
    {
      toString() {
        throw new Error('no text');
      },
    },
  ],
  ['a lone high surrogate', '\uD800abc'],
  ['a lone low surrogate', 'abc\uDC00'],
  ['surrogates the wrong way round', 'ab\uDC00\uD800cd'],
];

/**
 * Any value that is not a string, and strings with a lone surrogate: never a usable ID anywhere (a valid order ID
 * with a lone surrogate appended included).
 */
const neverAnId = fc.oneof(
  fc
    .anything({ withBigInt: true, withNullPrototype: true, withMap: true, withSet: true })
    .filter((value) => typeof value !== 'string'),
  fc
    .tuple(fc.string(), fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string())
    .map(([before, half, after]) => `${before}${half}${after}`)
    .filter((id) => /\p{Cs}/u.test(id)),
);

/** Path characters inside an ID: malformed where the ID has a format; percent-encoded where IDs are free-form. */
const pathCharacters = ['a/b', 'a?b', 'a#b', 'a%2Fb', 'a/../b', '../cancel'];
const freeFormIds: readonly ProviderId[] = ['offergrid', 'fincart'];

describe.each(providerIds)('%s bad input', (provider) => {
  it.each(badIds)('%s → invalid_input, and no request reaches the sandbox', async (_label, value) => {
    const result = await clientFor(sandbox(), provider).cancelOrder(value as string);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', provider, attempts: 0 } });
    expect(sandbox().requests).toHaveLength(0);
  });

  it('the same table in bulk: one invalid_input entry per value, in order, no request', async () => {
    const values = badIds.map(([, value]) => value);
    const report = await clientFor(sandbox(), provider).cancelOrders(values);
    expect(report.results).toHaveLength(values.length);
    expect(report.results.map((entry) => entry.index)).toEqual(values.map((_, index) => index));
    expect(report.counts).toMatchObject({
      total: values.length,
      failed: values.length,
      errors: { invalid_input: values.length },
    });
    expect(sandbox().requests).toHaveLength(0);
  });

  it('property: any non-string or lone-surrogate ID is invalid_input, in one call or in bulk among valid ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(neverAnId, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (values, slow) => {
          sandbox().reset();
          const client = clientFor(sandbox(), provider);
          for (const value of values) {
            const result = await client.cancelOrder(value as string);
            expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', attempts: 0 } });
          }
          expect(sandbox().requests).toHaveLength(0);
          const valid = sandbox().addOrder(provider, { state: 'pending' });
          const mixed = [valid, ...values];
          async function* slowly() {
            for (const value of mixed) {
              await new Promise((resolve) => setTimeout(resolve, 1));
              yield value;
            }
          }
          const report = await client.cancelOrders(slow ? slowly() : mixed);
          expect(report.results.map((entry) => entry.index)).toEqual(mixed.map((_, index) => index));
          expect(report.counts).toMatchObject({ total: mixed.length, succeeded: 1, failed: values.length });
          expect(report.counts.errors).toEqual({ invalid_input: values.length });
          expect(sandbox().requests).toHaveLength(1);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('null options are no options; options that are not an object are invalid_input, nothing sent', async () => {
    const client = clientFor(sandbox(), provider);
    const orderId = sandbox().addOrder(provider, { state: 'pending' });
    expect((await client.cancelOrder(orderId, null as never)).ok).toBe(true);
    const report = await client.cancelOrders([orderId], 'fast' as never);
    expect(report.counts.errors).toEqual({ invalid_input: 1 });
    expect(sandbox().requests).toHaveLength(1);
  });

  it('a string passed to cancelOrders is one invalid_input entry, never cancelled character by character', async () => {
    const orderId = sandbox().addOrder(provider, { state: 'pending' });
    const report = await clientFor(sandbox(), provider).cancelOrders(orderId as never);
    expect(report.counts).toMatchObject({ total: 1, errors: { invalid_input: 1 } });
    const only = report.results[0]!.result;
    expect(!only.ok && only.error.message).toContain('cancelOrders takes a list of order IDs');
    expect(sandbox().requests).toHaveLength(0);
  });

  if (freeFormIds.includes(provider)) {
    it.each(pathCharacters)(
      '%j is a free-form ID: sent intact to the cancel endpoint, never elsewhere',
      async (id) => {
        const result = await clientFor(sandbox(), provider).cancelOrder(id);
        expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
        expect(sandbox().requests).toHaveLength(1);
        expect(sandbox().requests[0]).toMatchObject({ provider, orderIds: [id], status: 404 });
      },
    );
  } else {
    it.each(pathCharacters)('%j → invalid_input, no request', async (id) => {
      const result = await clientFor(sandbox(), provider).cancelOrder(id);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(sandbox().requests).toHaveLength(0);
    });
  }
});
