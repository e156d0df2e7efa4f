import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OrderState, providerIds, type Sandbox, startSandbox } from '../src/index.js';
import { isCancelled, readByPackage } from './support/answers.js';
import { authHeaders, callCancel } from './support/provider-calls.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe.each(providerIds)('%s order lifecycle', (provider) => {
  it('cancels a pending order once, and answers "already cancelled" to the second cancel', async () => {
    const id = sandbox.addOrder(provider, { state: 'pending' });
    const first = await callCancel(sandbox, provider, id);
    expect(isCancelled(provider, first, [id]), first.text).toBe(true);
    expect(sandbox.getOrder(provider, id)).toMatchObject({ state: 'cancelled', cancelCount: 1 });

    const second = await callCancel(sandbox, provider, id);
    expect(readByPackage(provider, second, [id]), second.text).toBe('already_cancelled');
    expect(sandbox.stateChanges(provider, id)).toBe(1);
  });

  it.each<OrderState>(['accepted', 'in_progress', 'shipped', 'delivered'])(
    'refuses to cancel an order that is %s, and leaves it as it was',
    async (state) => {
      const id = sandbox.addOrder(provider, { state });
      const answer = await callCancel(sandbox, provider, id);
      expect(readByPackage(provider, answer, [id]), answer.text).toBe('not_cancellable');
      expect(sandbox.getOrder(provider, id)).toMatchObject({ state, cancelCount: 0 });
    },
  );

  it('answers 404 for an order it does not have', async () => {
    const id = sandbox.addOrder(provider, { state: 'pending' });
    sandbox.reset();
    const answer = await callCancel(sandbox, provider, id);
    expect(answer.status).toBe(404);
    expect(sandbox.getOrder(provider, id)).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'not-a-sandbox-key'],
  ])('refuses %s credentials with 401 or 403 and cancels nothing', async (_label, value) => {
    const id = sandbox.addOrder(provider, { state: 'pending' });
    const headers = Object.fromEntries(
      Object.keys(authHeaders(sandbox, provider)).map((name) => [name, value]),
    );
    const answer = await callCancel(sandbox, provider, id, { headers });
    expect([401, 403]).toContain(answer.status);
    expect(sandbox.stateChanges(provider, id)).toBe(0);
  });

  it('accepts any key with the documented test prefix, so tests can use their own', async () => {
    const id = sandbox.addOrder(provider, { state: 'pending' });
    const headers = Object.fromEntries(
      // Only the test keys end in `sandbox_...`; identifiers sent beside them (Snappy's account) stay as they are.
      Object.entries(authHeaders(sandbox, provider)).map(([name, value]) => [
        name,
        value.replace(/sandbox_\w+$/, 'mine_0123456789'),
      ]),
    );
    const answer = await callCancel(sandbox, provider, id, { headers });
    expect(isCancelled(provider, answer, [id]), answer.text).toBe(true);
  });

  it('generates IDs in the provider format and refuses to add an ID or state it would not know', () => {
    const ids = new Set(Array.from({ length: 20 }, () => sandbox.addOrder(provider, { state: 'pending' })));
    expect(ids.size).toBe(20);
    for (const id of ids)
      expect(sandbox.getOrder(provider, id)).toMatchObject({ state: 'pending', cancelCount: 0 });
    expect(() => sandbox.addOrder(provider, { id: '', state: 'pending' })).toThrow(TypeError);
    expect(() => sandbox.addOrder(provider, { state: 'teleported' as OrderState })).toThrow(
      /not an order state/,
    );
  });

  it('seeds the demo orders in their documented states, and none with seed: false', async () => {
    const pending = sandbox.demoOrders[provider].find((order) => /pending: cancels/.test(order.note))!;
    expect(sandbox.getOrder(provider, pending.id)).toMatchObject({ state: 'pending' });
    const unseeded = await startSandbox({ seed: false, rateLimits: false });
    try {
      expect(unseeded.getOrder(provider, pending.id)).toBeUndefined();
    } finally {
      await unseeded.close();
    }
  });
});

describe('provider-specific states and formats', () => {
  it('takes each provider own status names, e.g. Zinc cancelled_by_retailer counts as already cancelled', async () => {
    const id = sandbox.addOrder('zinc', { state: 'cancelled_by_retailer' });
    const answer = await callCancel(sandbox, 'zinc', id);
    expect(answer.json).toMatchObject({
      code: 'order_not_cancellable',
      details: { status: 'cancelled_by_retailer' },
    });
    expect(() => sandbox.addOrder('zinc', { state: 'PAID' })).toThrow(/not an order state at zinc/);
  });

  it('reaches a Fungies order by UUID or by its number, with or without #', async () => {
    const id = sandbox.addOrder('fungies', { id: '#ABCDEF123456', state: 'pending' });
    expect(sandbox.getOrder('fungies', 'ABCDEF123456')).toMatchObject({ state: 'pending' });
    const answer = await callCancel(sandbox, 'fungies', id);
    expect(answer.status).toBe(200);
    const order = (answer.json as { data: { order: { id: string; number: string } } }).data.order;
    expect(order.number).toBe('#ABCDEF123456');
    expect(sandbox.getOrder('fungies', order.id)).toMatchObject({ state: 'cancelled', cancelCount: 1 });
  });

  it('Zinc and Snappy reject IDs outside their documented format before looking the order up', async () => {
    expect((await callCancel(sandbox, 'zinc', '12345')).status).toBe(422);
    expect((await callCancel(sandbox, 'snappy', 'abc-def-123')).status).toBe(400);
  });

  it('a Fincart batch is all or nothing: one unknown ID cancels none of the others', async () => {
    const pending = [
      sandbox.addOrder('fincart', { state: 'pending' }),
      sandbox.addOrder('fincart', { state: 'pending' }),
    ];
    const refused = await callCancel(sandbox, 'fincart', [...pending, 'unknown-order-1']);
    expect(refused.status).toBe(404);
    expect(refused.json).toMatchObject({ errors: ['Order unknown-order-1 not found'] });
    for (const id of pending) expect(sandbox.stateChanges('fincart', id)).toBe(0);

    const blocked = sandbox.addOrder('fincart', { state: 'processing' });
    expect((await callCancel(sandbox, 'fincart', [...pending, blocked])).status).toBe(400);
    const accepted = await callCancel(sandbox, 'fincart', pending);
    expect(accepted.status).toBe(200);
    for (const id of pending) expect(sandbox.stateChanges('fincart', id)).toBe(1);
  });

  it('Fincart refuses a body without filters.ids, and a token sent as Bearer', async () => {
    const id = sandbox.addOrder('fincart', { state: 'pending' });
    expect((await callCancel(sandbox, 'fincart', id, { body: '{"ids":[]}' })).status).toBe(400);
    const bearer = await callCancel(sandbox, 'fincart', id, {
      headers: { authorization: `Bearer ${sandbox.credentials.fincart.token}` },
    });
    expect(bearer.status).toBe(403);
    expect(sandbox.stateChanges('fincart', id)).toBe(0);
  });

  it('Snappy refuses an account or company header that does not belong to the key', async () => {
    const id = sandbox.addOrder('snappy', { state: 'pending' });
    const answer = await callCancel(sandbox, 'snappy', id, { headers: { 'snappy-company-id': 'cmp999999' } });
    expect(answer.status).toBe(403);
    const withoutHeaders = await callCancel(sandbox, 'snappy', id, {
      headers: { 'snappy-company-id': undefined, 'snappy-account-id': undefined },
    });
    expect(withoutHeaders.status).toBe(200);
  });

  it('Fungies answers 403 to a read-only secret key', async () => {
    const id = sandbox.addOrder('fungies', { state: 'pending' });
    const answer = await callCancel(sandbox, 'fungies', id, {
      headers: { 'x-fngs-secret-key': 'sec_test_readonly_0123' },
    });
    expect(answer.status).toBe(403);
  });

  it('answers unknown routes and methods with the provider 404 or 405, without cancelling', async () => {
    const id = sandbox.addOrder('zinc', { state: 'pending' });
    expect((await callCancel(sandbox, 'zinc', id, { method: 'GET' })).status).toBe(405);
    expect((await callCancel(sandbox, 'offergrid', id, { method: 'POST' })).status).toBe(404);
    const elsewhere = await fetch(`${sandbox.url}/nowhere`);
    expect(elsewhere.status).toBe(404);
    expect(sandbox.stateChanges('zinc', id)).toBe(0);
  });
});
