import { type ProviderId, providerIds } from '@cancel/sandbox';
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
];

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
