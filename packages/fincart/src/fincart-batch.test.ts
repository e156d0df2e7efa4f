import type { RecordedRequest } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { accepted, errorOf, fakeFincart, idsOf, notAuthorized, token } from '../test/fincart-fake.js';
import { createFincart } from './index.js';

const ids = (count: number, prefix = 'FC') =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
// Batches run concurrently, so the order in which they reach the fake is not fixed; their contents are.
const batchesSent = (requests: RecordedRequest[]) =>
  requests.map((request) => idsOf(request).join(',')).sort();

describe('batches', () => {
  it('sends 120 IDs as 3 requests of at most 50 and answers in input order', async () => {
    const { fetch, requests } = fakeFincart();
    const input = ids(120);
    const report = await createFincart({ token, fetch }).cancelOrders(input);

    expect(requests.map((request) => idsOf(request).length).sort()).toEqual([20, 50, 50]);
    expect(batchesSent(requests)).toEqual(
      [input.slice(0, 50), input.slice(50, 100), input.slice(100)].map((batch) => batch.join(',')).sort(),
    );
    expect(report.results.map((entry) => entry.orderId)).toEqual(input);
    expect(
      report.results.every((entry) => entry.result.ok && entry.result.value.outcome === 'requested'),
    ).toBe(true);
    expect(report.counts).toMatchObject({
      total: 120,
      succeeded: 120,
      failed: 0,
      outcomes: { requested: 120 },
    });
  });

  it('takes batchSize from the client, and from the bulk call over the client', async () => {
    const client = fakeFincart();
    await createFincart({ token, fetch: client.fetch, batchSize: 10 }).cancelOrders(ids(25));
    expect(client.requests.map((request) => idsOf(request).length).sort()).toEqual([10, 10, 5]);

    const call = fakeFincart();
    await createFincart({ token, fetch: call.fetch, batchSize: 10 }).cancelOrders(ids(5), { batchSize: 2 });
    expect(call.requests.map((request) => idsOf(request).length).sort()).toEqual([1, 2, 2]);
  });

  it('rejects a batchSize outside 1 to 500 before sending anything', async () => {
    const { fetch, requests } = fakeFincart();
    const client = createFincart({ token, fetch });

    for (const batchSize of [0, 501, 2.5]) {
      const report = await client.cancelOrders(ids(3), { batchSize });
      expect(report.counts.errors).toEqual({ invalid_input: 3 });
      expect(errorOf(report.results[0]?.result).message).toContain('batchSize');
    }
    const tooLarge = await createFincart({ token, fetch, batchSize: 1000 }).cancelOrder('FC-1');
    expect(errorOf(tooLarge).code).toBe('invalid_input');
    expect(requests).toHaveLength(0);
  });

  it('leaves malformed IDs out of the batch as invalid_input and sends the rest', async () => {
    const { fetch, requests } = fakeFincart();
    const report = await createFincart({ token, fetch }).cancelOrders([
      'A1',
      '',
      'has space',
      '..',
      42,
      'B2',
    ]);

    expect(requests).toHaveLength(1);
    expect(requests.map(idsOf)).toEqual([['A1', 'B2']]);
    expect(
      report.results.map((entry) => (entry.result.ok ? entry.result.value.outcome : entry.result.error.code)),
    ).toEqual(['requested', 'invalid_input', 'invalid_input', 'invalid_input', 'invalid_input', 'requested']);
    expect(errorOf(report.results[2]?.result).message).toContain('a Fincart order ID');
  });

  it('splits a refused batch until the refusal is pinned on the one ID that caused it', async () => {
    const refusal = { statusCode: 400, message: 'Only pending orders can be cancelled' };
    const { fetch, requests } = fakeFincart((request) =>
      idsOf(request).includes('SHIPPED') ? { status: 400, body: refusal } : accepted,
    );
    const report = await createFincart({ token, fetch }).cancelOrders(['A', 'B', 'C', 'SHIPPED', 'E']);

    expect(batchesSent(requests)).toEqual(['A,B,C', 'A,B,C,SHIPPED,E', 'E', 'SHIPPED', 'SHIPPED,E']);
    const outcomes = report.results.map((entry) =>
      entry.result.ok ? entry.result.value.outcome : entry.result.error.code,
    );
    expect(outcomes).toEqual(['requested', 'requested', 'requested', 'not_cancellable', 'requested']);
    expect(errorOf(report.results[3]?.result)).toMatchObject({ orderId: 'SHIPPED', details: refusal });
  });

  it('does not split a batch refused for everyone, such as a 403', async () => {
    const { fetch, requests } = fakeFincart(() => notAuthorized);
    const report = await createFincart({ token, fetch }).cancelOrders(ids(4));

    expect(requests).toHaveLength(1);
    expect(report.counts.errors).toEqual({ unauthorized: 4 });
    expect(report.results.map((entry) => errorOf(entry.result).orderId)).toEqual(ids(4));
  });
});
