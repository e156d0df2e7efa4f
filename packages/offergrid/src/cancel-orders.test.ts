import { recordingFetch } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { createOfferGrid } from './create-offergrid.js';
import { apiKey } from './test-client.js';

describe('cancelOrders at OfferGrid', () => {
  it('returns one entry per ID in input order, with the reason sent for each', async () => {
    const server = recordingFetch((request) =>
      request.url.includes('/ord_2/')
        ? {
            status: 400,
            body: { statusCode: 400, message: 'Order cannot be cancelled in its current status' },
          }
        : { status: 200 },
    );
    const offerGrid = createOfferGrid({ apiKey, fetch: server.fetch });
    async function* ids() {
      yield 'ord_1';
      yield 'ord_2';
      yield '..';
      yield 'ord_3';
    }
    const report = await offerGrid.cancelOrders(ids(), { concurrency: 2, reason: 'Store closed' });
    expect(report.results.map((entry) => [entry.orderId, entry.result.ok])).toEqual([
      ['ord_1', true],
      ['ord_2', false],
      ['..', false],
      ['ord_3', true],
    ]);
    expect(report.counts).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
    expect(report.counts.errors).toEqual({ not_cancellable: 1, invalid_input: 1 });
    expect(server.requests.map((request) => request.json)).toEqual(
      Array.from({ length: 3 }, () => ({ reason: 'Store closed' })),
    );
  });
});
