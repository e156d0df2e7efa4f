import { createServer } from 'node:net';
import { createFincart } from '@cancel/fincart';
import { createZinc } from '@cancel/zinc';
import { describe, expect, it } from 'vitest';
import { type SpanNode, useTelemetry } from './support/telemetry.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const telemetry = useTelemetry();
const fast = { timeoutMs: 500, retryDelayMs: 5, maxRetryDelayMs: 20 };

function zinc(settings: object = {}) {
  return createZinc({
    baseUrl: sandbox().baseUrls.zinc,
    ...sandbox().credentials.zinc,
    ...fast,
    onEvent: telemetry.listener(),
    ...settings,
  });
}

const pendingZinc = () => sandbox().addOrder('zinc', { state: 'pending' });

/** The one trace a single cancel makes: its call span, with an attempt span per request. */
function onlyTree(): SpanNode {
  const trees = telemetry.trees();
  expect(trees).toHaveLength(1);
  return trees[0]!;
}

const port = () => Number(new URL(sandbox().url).port);
const attemptAttributes = (orderId: string) => ({
  'http.request.method': 'POST',
  'server.address': '127.0.0.1',
  'server.port': port(),
  'url.full': `${sandbox().url}/zinc/orders/${orderId}/cancel`,
  'cancel.provider': 'zinc',
  'cancel.order_id': orderId,
});

describe('the span tree of a cancel', () => {
  it('is one INTERNAL cancel span with one CLIENT span per attempt, named and attributed by the conventions', async () => {
    const orderId = pendingZinc();
    const result = await zinc().cancelOrder(orderId);
    expect(result.ok).toBe(true);

    const tree = onlyTree();
    expect(tree).toMatchObject({
      name: 'cancel_order zinc',
      kind: 'INTERNAL',
      status: 'UNSET',
      attributes: {
        'cancel.provider': 'zinc',
        'cancel.order_id': orderId,
        'cancel.outcome': 'cancelled',
        'cancel.attempts': 1,
      },
      children: [
        {
          name: 'POST',
          kind: 'CLIENT',
          status: 'UNSET',
          attributes: { ...attemptAttributes(orderId), 'http.response.status_code': 204 },
          children: [],
        },
      ],
    });
    expect(tree.attributes).not.toHaveProperty('error.type');
    expect(tree.children[0]!.attributes).not.toHaveProperty('error.type');
    expect(tree.children[0]!.attributes).not.toHaveProperty('http.request.resend_count');
  });

  it('of a retried 503 has an Error span per refused attempt and resend counts on the retries', async () => {
    const orderId = pendingZinc();
    sandbox().inject('zinc', orderId, { type: 'server_error', status: 503, times: 2 });
    const result = await zinc().cancelOrder(orderId);
    expect(result.ok).toBe(true);

    const tree = onlyTree();
    expect(tree).toMatchObject({
      status: 'UNSET',
      attributes: { 'cancel.outcome': 'cancelled', 'cancel.attempts': 3 },
    });
    expect(
      tree.children.map((child) => [
        child.name,
        child.status,
        child.attributes['http.response.status_code'],
        child.attributes['error.type'],
        child.attributes['http.request.resend_count'],
      ]),
    ).toEqual([
      ['POST', 'ERROR', 503, '503', undefined],
      ['POST', 'ERROR', 503, '503', 1],
      ['POST', 'UNSET', 204, undefined, 2],
    ]);
    // The status code says why; the conventions ask for no description that repeats it.
    expect(tree.children[0]!.statusMessage).toBeUndefined();
    expect(tree.events.map((event) => event.attributes)).toEqual([
      { 'cancel.retry.reason': 'HTTP 503', 'http.request.resend_count': 1 },
      { 'cancel.retry.reason': 'HTTP 503', 'http.request.resend_count': 2 },
    ]);
  });

  it('of a 429 with Retry-After shows the wait the provider asked for, then the retry', async () => {
    const orderId = pendingZinc();
    sandbox().inject('zinc', orderId, { type: 'rate_limit', retryAfter: 1, times: 1 });
    const result = await zinc().cancelOrder(orderId);
    expect(result.ok).toBe(true);

    const tree = onlyTree();
    expect(tree.children.map((child) => child.attributes['http.response.status_code'])).toEqual([429, 204]);
    expect(tree.children[0]).toMatchObject({ status: 'ERROR', attributes: { 'error.type': '429' } });
    expect(tree.events).toEqual([
      {
        name: 'cancel.retry',
        attributes: {
          'cancel.retry.reason': 'HTTP 429',
          'cancel.retry.after_ms': 1000,
          'http.request.resend_count': 1,
        },
      },
    ]);
    // The second attempt started after the wait: the call span spans it.
    expect(tree.durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('of a 429 beyond the Retry-After cap is a rate_limited Error after one attempt', async () => {
    const orderId = pendingZinc();
    sandbox().inject('zinc', orderId, { type: 'rate_limit', retryAfter: 120 });
    const result = await zinc().cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

    const tree = onlyTree();
    expect(tree).toMatchObject({
      status: 'ERROR',
      attributes: {
        'cancel.error_code': 'rate_limited',
        'cancel.retryable': true,
        'error.type': 'rate_limited',
        'cancel.attempts': 1,
      },
    });
    expect(tree.statusMessage).toBe(result.ok ? undefined : result.error.message);
    expect(tree.children).toHaveLength(1);
  });

  it('of a timeout has an Error attempt span per timed-out attempt with error.type timeout', async () => {
    const orderId = pendingZinc();
    sandbox().inject('zinc', orderId, { type: 'hang' });
    const result = await zinc({ timeoutMs: 100, retries: 1 }).cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });

    const tree = onlyTree();
    expect(tree).toMatchObject({
      status: 'ERROR',
      attributes: { 'cancel.error_code': 'timeout', 'error.type': 'timeout', 'cancel.attempts': 2 },
    });
    expect(tree.children).toHaveLength(2);
    for (const attempt of tree.children) {
      expect(attempt).toMatchObject({ status: 'ERROR', attributes: { 'error.type': 'timeout' } });
      expect(attempt.attributes).not.toHaveProperty('http.response.status_code');
      expect(attempt.statusMessage).toContain('100 ms');
    }
    expect(tree.children[1]!.attributes['http.request.resend_count']).toBe(1);
  });

  it('of a network failure (a closed port) has error.type network on every attempt', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port: closedPort } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));

    const orderId = pendingZinc();
    const result = await zinc({ baseUrl: `http://127.0.0.1:${closedPort}`, retries: 1 }).cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'network' } });

    const tree = onlyTree();
    expect(tree).toMatchObject({
      status: 'ERROR',
      attributes: { 'cancel.error_code': 'network', 'error.type': 'network', 'cancel.attempts': 2 },
    });
    expect(tree.children.map((child) => [child.status, child.attributes['error.type']])).toEqual([
      ['ERROR', 'network'],
      ['ERROR', 'network'],
    ]);
    expect(tree.children[0]!.attributes).toMatchObject({
      'server.port': closedPort,
      'url.full': `http://127.0.0.1:${closedPort}/orders/${orderId}/cancel`,
    });
  });

  it('of an abort is not an error: the caller chose it (the conventions), though the code says aborted', async () => {
    const orderId = pendingZinc();
    sandbox().inject('zinc', orderId, { type: 'hang' });
    const result = await zinc({ retries: 0 }).cancelOrder(orderId, { signal: AbortSignal.timeout(50) });
    expect(result).toMatchObject({ ok: false, error: { code: 'aborted' } });

    const tree = onlyTree();
    expect(tree).toMatchObject({
      status: 'UNSET',
      attributes: { 'cancel.error_code': 'aborted', 'cancel.attempts': 1 },
      children: [{ name: 'POST', status: 'UNSET' }],
    });
    expect(tree.attributes).not.toHaveProperty('error.type');
    expect(tree.children[0]!.attributes).not.toHaveProperty('error.type');
  });

  it('of a cancel refused before sending is a cancel span with no attempt', async () => {
    const result = await zinc().cancelOrder('not-a-uuid');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    expect(onlyTree()).toMatchObject({
      name: 'cancel_order zinc',
      status: 'ERROR',
      attributes: {
        'cancel.error_code': 'invalid_input',
        'cancel.attempts': 0,
        'cancel.order_id': 'not-a-uuid',
      },
      children: [],
    });
  });

  it('of a 4xx answer is an Error on the attempt span, as for any HTTP client', async () => {
    const orderId = sandbox().addOrder('zinc', { state: 'shipped' });
    const result = await zinc().cancelOrder(orderId);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_cancellable' } });

    expect(onlyTree()).toMatchObject({
      status: 'ERROR',
      attributes: { 'cancel.error_code': 'not_cancellable', 'error.type': 'not_cancellable' },
      children: [{ status: 'ERROR', attributes: { 'http.response.status_code': 400, 'error.type': '400' } }],
    });
  });
});

describe('a Fincart batch', () => {
  it('is one span with its IDs and their count, not a span per ID', async () => {
    const ids = ['SANDBOXA1', 'SANDBOXA2', 'SANDBOXA3'];
    for (const id of ids) sandbox().addOrder('fincart', { id, state: 'pending' });
    const fincart = createFincart({
      baseUrl: sandbox().baseUrls.fincart,
      ...sandbox().credentials.fincart,
      onEvent: telemetry.listener(),
    });
    const report = await fincart.cancelOrders(ids);
    expect(report.counts.succeeded).toBe(3);

    expect(onlyTree()).toMatchObject({
      name: 'cancel_order fincart',
      attributes: {
        'cancel.provider': 'fincart',
        'cancel.order_ids': ids,
        'cancel.batch.size': 3,
        'cancel.outcome': 'requested',
        'cancel.attempts': 1,
      },
      children: [
        {
          name: 'POST',
          attributes: {
            'url.full': `${sandbox().url}/fincart/v4/orders/cancel`,
            'http.response.status_code': 200,
            'cancel.batch.size': 3,
          },
        },
      ],
    });
    expect(onlyTree().attributes).not.toHaveProperty('cancel.order_id');
    expect(onlyTree().children[0]!.attributes).not.toHaveProperty('cancel.order_ids');
  });
});
