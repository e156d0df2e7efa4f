import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Fault, magicOrders, providerIds, type Sandbox, startSandbox } from '../src/index.js';
import { isCancelled } from './support/answers.js';
import { callCancel, cancelRequest } from './support/provider-calls.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** The fetch error's root cause code, e.g. ECONNRESET. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    while (current instanceof Error && current.cause) current = current.cause;
    const code = (current as { code?: unknown }).code;
    return typeof code === 'string' ? code : (current as Error).name;
  }
  throw new Error('expected the request to fail');
}

describe.each(providerIds)('%s faults', (provider) => {
  const faulty = (fault: Fault) => {
    const id = sandbox.addOrder(provider, { state: 'pending' });
    sandbox.inject(provider, id, fault);
    return id;
  };

  it('N× 5xx then success: the order is cancelled only by the request that succeeds', async () => {
    const id = faulty({ type: 'server_error', status: 502, times: 2 });
    expect((await callCancel(sandbox, provider, id)).status).toBe(502);
    expect((await callCancel(sandbox, provider, id)).status).toBe(502);
    expect(sandbox.stateChanges(provider, id)).toBe(0);
    const answer = await callCancel(sandbox, provider, id);
    expect(isCancelled(provider, answer, [id]), answer.text).toBe(true);
    expect(sandbox.stateChanges(provider, id)).toBe(1);
  });

  it('refuses with a 4xx in the provider error shape, cancelling nothing', async () => {
    const id = faulty({ type: 'reject', status: 422 });
    const answer = await callCancel(sandbox, provider, id);
    expect(answer.status).toBe(422);
    expect(answer.json).toBeTypeOf('object');
    expect(sandbox.stateChanges(provider, id)).toBe(0);
  });

  it('429 with the given Retry-After, in seconds or as an HTTP date', async () => {
    const seconds = await callCancel(sandbox, provider, faulty({ type: 'rate_limit', retryAfter: 7 }));
    expect(seconds.status).toBe(429);
    expect(seconds.headers.get('retry-after')).toBe('7');
    const date = 'Wed, 21 Oct 2065 07:28:00 GMT';
    const dated = await callCancel(sandbox, provider, faulty({ type: 'rate_limit', retryAfter: date }));
    expect(dated.headers.get('retry-after')).toBe(date);
  });

  it('HTML on 200 cancels nothing; truncated JSON on 200 cancels the order', async () => {
    const html = faulty({ type: 'html' });
    const page = await callCancel(sandbox, provider, html);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.text).toMatch(/^<!DOCTYPE html>/);
    expect(sandbox.stateChanges(provider, html)).toBe(0);

    const truncated = faulty({ type: 'truncated_json' });
    const cut = await callCancel(sandbox, provider, truncated);
    expect(cut.status).toBe(200);
    expect(cut.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(sandbox.stateChanges(provider, truncated)).toBe(1);
  });

  it('resets the connection without cancelling', async () => {
    const id = faulty({ type: 'reset' });
    expect(await failure(callCancel(sandbox, provider, id))).toBe('ECONNRESET');
    expect(sandbox.stateChanges(provider, id)).toBe(0);
    expect(sandbox.requests.at(-1)).toMatchObject({ provider, fault: 'reset', status: undefined });
  });

  it('hangs without answering or cancelling', async () => {
    const id = faulty({ type: 'hang' });
    const code = await failure(callCancel(sandbox, provider, id, { signal: AbortSignal.timeout(200) }));
    expect(code).toBe('TimeoutError');
    expect(sandbox.stateChanges(provider, id)).toBe(0);
  });

  it('delays the answer but cancels at once, as when a client gives up too early', async () => {
    const id = faulty({ type: 'delay', ms: 1_500, times: 1 });
    // The client gives up once its request has arrived, however long a loaded machine takes to deliver it.
    const giveUp = new AbortController();
    const arrived = setInterval(() => {
      if (sandbox.requests.some((entry) => entry.orderIds.includes(id)))
        giveUp.abort(new DOMException('gave up', 'TimeoutError'));
    }, 5);
    const code = await failure(callCancel(sandbox, provider, id, { signal: giveUp.signal })).finally(() =>
      clearInterval(arrived),
    );
    expect(code).toBe('TimeoutError');
    expect(sandbox.stateChanges(provider, id)).toBe(1);
  });

  it('streams an endless 200 body, and cancels the order', async () => {
    const id = faulty({ type: 'endless_body' });
    const request = cancelRequest(sandbox, provider, id);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 4 * 1024 * 1024) {
      const chunk = await reader.read();
      expect(chunk.done).toBe(false);
      received += chunk.value!.byteLength;
    }
    await reader.cancel();
    expect(sandbox.stateChanges(provider, id)).toBe(1);
  });

  it('redirects to another origin, cancelling nothing', async () => {
    const id = faulty({ type: 'redirect' });
    const answer = await callCancel(sandbox, provider, id);
    expect(answer.status).toBe(307);
    const location = new URL(answer.headers.get('location')!);
    expect(location.origin).not.toBe(sandbox.url);
    expect(sandbox.stateChanges(provider, id)).toBe(0);
  });

  it('every magic ID misbehaves as its table entry says on first use, and is a pending order underneath', async () => {
    const expectedStatus: Partial<Record<Fault['type'], number>> = {
      server_error: 0,
      reject: 0,
      rate_limit: 429,
      html: 200,
      truncated_json: 200,
      redirect: 307,
    };
    for (const magic of magicOrders(provider)) {
      const status = expectedStatus[magic.fault.type];
      if (status === undefined) continue; // delays, hangs, resets and endless bodies: below and above
      const answer = await callCancel(sandbox, provider, magic.id);
      const expected = 'status' in magic.fault ? magic.fault.status : status;
      expect(answer.status, `${magic.id}: ${magic.note}`).toBe(expected);
      expect(sandbox.requests.at(-1)?.fault).toBe(magic.fault.type);
    }
    const twice = magicOrders(provider).find(
      (magic) => magic.fault.type === 'server_error' && magic.fault.times === 2,
    )!;
    expect((await callCancel(sandbox, provider, twice.id)).status).toBe(503);
    const answer = await callCancel(sandbox, provider, twice.id);
    expect(isCancelled(provider, answer, [twice.id]), answer.text).toBe(true);

    const slow = magicOrders(provider).find((magic) => magic.fault.type === 'delay')!;
    const code = await failure(callCancel(sandbox, provider, slow.id, { signal: AbortSignal.timeout(100) }));
    expect(code).toBe('TimeoutError');
    expect(sandbox.stateChanges(provider, slow.id)).toBe(1);
  });
});

describe('fault injection rules', () => {
  it('a fault on one ID of a Fincart batch hits the whole batch, and a reset re-arms magic IDs', async () => {
    const ids = [
      sandbox.addOrder('fincart', { state: 'pending' }),
      sandbox.addOrder('fincart', { state: 'pending' }),
    ];
    sandbox.inject('fincart', ids[1]!, { type: 'server_error', times: 1 });
    expect((await callCancel(sandbox, 'fincart', ids)).status).toBe(503);
    expect((await callCancel(sandbox, 'fincart', ids)).status).toBe(200);

    const magic = magicOrders('zinc').find(
      (order) => order.fault.type === 'rate_limit' && order.fault.times === 1,
    )!;
    expect((await callCancel(sandbox, 'zinc', magic.id)).status).toBe(429);
    expect((await callCancel(sandbox, 'zinc', magic.id)).status).toBe(204);
    sandbox.reset();
    expect((await callCancel(sandbox, 'zinc', magic.id)).status).toBe(429);
  });

  it('an injected fault replaces a magic ID own fault', async () => {
    const magic = magicOrders('snappy').find(
      (order) => order.fault.type === 'server_error' && !order.fault.times,
    )!;
    sandbox.inject('snappy', magic.id, { type: 'rate_limit', retryAfter: 3, times: 1 });
    expect((await callCancel(sandbox, 'snappy', magic.id)).status).toBe(429);
    expect((await callCancel(sandbox, 'snappy', magic.id)).status).toBe(200);
  });

  it('a fault injected by Fungies order number also catches requests by UUID', async () => {
    const number = sandbox.addOrder('fungies', { id: 'FAULTY000001', state: 'pending' });
    const uuid = sandbox.getOrder('fungies', number)!.id;
    sandbox.inject('fungies', number, { type: 'server_error', status: 500 });
    expect((await callCancel(sandbox, 'fungies', uuid)).status).toBe(500);
  });

  it('refuses a fault it would not know how to apply', () => {
    const id = sandbox.addOrder('zinc', { state: 'pending' });
    expect(() => sandbox.inject('zinc', id, { type: 'explode' } as unknown as Fault)).toThrow(TypeError);
    expect(() => sandbox.inject('zinc', id, { type: 'server_error', status: 404 })).toThrow(/500 to 599/);
    expect(() => sandbox.inject('zinc', id, { type: 'reject', status: 503 })).toThrow(/400 to 499/);
    expect(() => sandbox.inject('zinc', id, { type: 'delay', ms: 5, times: 0 })).toThrow(/times/);
    expect(() => sandbox.inject('zinc', id, { type: 'delay', ms: 2 ** 31 })).toThrow(/ms/);
  });

  it('close() returns promptly while requests hang and bodies never end', async () => {
    const closing = await startSandbox({ rateLimits: false });
    const hanging = closing.addOrder('zinc', { state: 'pending' });
    const endless = closing.addOrder('zinc', { state: 'pending' });
    closing.inject('zinc', hanging, { type: 'hang' });
    closing.inject('zinc', endless, { type: 'endless_body' });
    const pending = callCancel(closing, 'zinc', hanging).catch((error: unknown) => error);
    const request = cancelRequest(closing, 'zinc', endless);
    await fetch(request.url, { method: request.method, headers: request.headers });
    const started = Date.now();
    await closing.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
