import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { callCancel } from './support/provider-calls.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('request log and state changes', () => {
  it('records every request with provider, method, raw path, decoded order IDs, status and time', async () => {
    const before = Date.now();
    const fungies = sandbox.addOrder('fungies', { id: '#LOGGED000001', state: 'pending' });
    await callCancel(sandbox, 'fungies', fungies);
    const batch = [sandbox.addOrder('fincart', { state: 'pending' }), 'missing-order'];
    await callCancel(sandbox, 'fincart', batch);
    await callCancel(sandbox, 'zinc', 'not-a-uuid', { headers: { authorization: undefined } });

    expect(sandbox.requests).toHaveLength(3);
    expect(sandbox.requests[0]).toMatchObject({
      provider: 'fungies',
      method: 'PATCH',
      path: '/fungies/v0/orders/%23LOGGED000001/cancel',
      orderIds: ['#LOGGED000001'],
      status: 200,
      fault: undefined,
    });
    expect(sandbox.requests[1]).toMatchObject({ provider: 'fincart', orderIds: batch, status: 404 });
    expect(sandbox.requests[2]).toMatchObject({ provider: 'zinc', orderIds: ['not-a-uuid'], status: 401 });
    for (const entry of sandbox.requests) expect(entry.at).toBeGreaterThanOrEqual(before);
  });

  it('logs requests outside every provider too, so a stray request cannot go unseen', async () => {
    await fetch(`${sandbox.url}/redirected/zinc/orders/x/cancel`, { method: 'POST' });
    expect(sandbox.requests).toEqual([
      expect.objectContaining({ provider: undefined, path: '/redirected/zinc/orders/x/cancel', status: 404 }),
    ]);
  });

  it('counts state changes per order: retries and repeats never move an order twice', async () => {
    const id = sandbox.addOrder('snappy', { state: 'pending' });
    sandbox.inject('snappy', id, { type: 'truncated_json', times: 1 });
    await callCancel(sandbox, 'snappy', id);
    await callCancel(sandbox, 'snappy', id);
    await callCancel(sandbox, 'snappy', id);
    expect(sandbox.requests.filter((entry) => entry.orderIds.includes(id))).toHaveLength(3);
    expect(sandbox.stateChanges('snappy', id)).toBe(1);
    expect(sandbox.stateChanges('snappy', 'UnknownOrder1')).toBe(0);
  });

  it('counts an ID named twice in one Fincart batch as one state change', async () => {
    const id = sandbox.addOrder('fincart', { state: 'pending' });
    expect((await callCancel(sandbox, 'fincart', [id, id])).status).toBe(200);
    expect(sandbox.stateChanges('fincart', id)).toBe(1);
  });

  it('reset() clears the log, the orders it added and the faults, and seeds the demo orders again', async () => {
    const id = sandbox.addOrder('zinc', { state: 'pending' });
    sandbox.inject('zinc', id, { type: 'server_error' });
    const demo = sandbox.demoOrders.zinc[0]!;
    await callCancel(sandbox, 'zinc', demo.id);
    expect(sandbox.getOrder('zinc', demo.id)?.state).toBe('cancelled');
    sandbox.reset();
    expect(sandbox.requests).toHaveLength(0);
    expect(sandbox.getOrder('zinc', id)).toBeUndefined();
    expect(sandbox.getOrder('zinc', demo.id)?.state).toBe('pending');
    sandbox.addOrder('zinc', { id, state: 'pending' });
    expect((await callCancel(sandbox, 'zinc', id)).status).toBe(204);
  });

  it('serves an index of base URLs and demo orders at /', async () => {
    const index = (await (await fetch(`${sandbox.url}/`)).json()) as Record<string, unknown>;
    expect(index).toEqual({
      name: '@cancel/sandbox',
      baseUrls: sandbox.baseUrls,
      demoOrders: sandbox.demoOrders,
    });
  });
});
