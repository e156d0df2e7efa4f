import { recordingFetch } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import { createZinc } from './create-zinc.js';
import { apiKey, orderId } from './test-client.js';

describe('cancelOrders at Zinc', () => {
  it('returns one entry per ID in input order; a bad ID or a refusal stops none of the others', async () => {
    const refused = '00000000-0000-4000-8000-000000000002';
    const server = recordingFetch((request) =>
      request.url.includes(refused)
        ? { status: 409, body: { code: 'order_not_cancellable', details: { status: 'order_placed' } } }
        : { status: 204 },
    );
    const zinc = createZinc({ apiKey, fetch: server.fetch });
    const report = await zinc.cancelOrders([orderId, 'nope', refused]);
    expect(report.results.map((entry) => [entry.orderId, entry.result.ok])).toEqual([
      [orderId, true],
      ['nope', false],
      [refused, false],
    ]);
    expect(report.counts).toMatchObject({ total: 3, succeeded: 1, failed: 2 });
    expect(report.counts.errors).toEqual({ invalid_input: 1, not_cancellable: 1 });
    expect(server.requests).toHaveLength(2);
  });
});
