import { createFincart } from '@cancel/fincart';
import { createZinc } from '@cancel/zinc';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { durationBuckets } from '../src/index.js';
import { useTelemetry } from './support/telemetry.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const telemetry = useTelemetry();

const zinc = () =>
  createZinc({
    baseUrl: sandbox().baseUrls.zinc,
    ...sandbox().credentials.zinc,
    retryDelayMs: 5,
    maxRetryDelayMs: 20,
    onEvent: telemetry.listener(),
  });

const byAttribute = (name: string) => (point: { attributes: Record<string, unknown> }) =>
  String(point.attributes[name]);

describe('http.client.request.duration', () => {
  it('is the conventions’ histogram: seconds, their buckets, one point per attempt with their attributes', async () => {
    const orderId = sandbox().addOrder('zinc', { state: 'pending' });
    sandbox().inject('zinc', orderId, { type: 'server_error', status: 503, times: 2 });
    await zinc().cancelOrder(orderId);

    const metric = await telemetry.metric('http.client.request.duration');
    expect(metric?.descriptor).toMatchObject({ unit: 's', description: 'Duration of HTTP client requests.' });
    const points = (await telemetry.points('http.client.request.duration')).sort((a, b) =>
      byAttribute('http.response.status_code')(a).localeCompare(byAttribute('http.response.status_code')(b)),
    );
    const port = Number(new URL(sandbox().url).port);
    const common = { 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'server.port': port };
    expect(points.map((point) => point.attributes)).toEqual([
      { ...common, 'http.response.status_code': 204 },
      { ...common, 'http.response.status_code': 503, 'error.type': '503' },
    ]);
    const [ok, refused] = points.map((point) => point.value as Histogram);
    expect([ok!.count, refused!.count]).toEqual([1, 2]);
    expect(ok!.buckets.boundaries).toEqual(durationBuckets);
  });

  it('records what the attempt span lasted, in seconds', async () => {
    const orderId = sandbox().addOrder('zinc', { state: 'pending' });
    sandbox().inject('zinc', orderId, { type: 'delay', ms: 120 });
    await zinc().cancelOrder(orderId);

    const [point] = await telemetry.points('http.client.request.duration');
    const attempt = telemetry.finishedSpans().find((span) => span.name === 'POST')!;
    const spanSeconds = attempt.duration[0] + attempt.duration[1] / 1e9;
    const sum = (point!.value as Histogram).sum!;
    expect(sum).toBeGreaterThanOrEqual(0.12);
    expect(Math.abs(sum - spanSeconds)).toBeLessThan(1e-5);
  });

  it('has error.type and no status code for an attempt that got no answer', async () => {
    const orderId = sandbox().addOrder('zinc', { state: 'pending' });
    sandbox().inject('zinc', orderId, { type: 'reset' });
    await createZinc({
      baseUrl: sandbox().baseUrls.zinc,
      ...sandbox().credentials.zinc,
      retries: 0,
      onEvent: telemetry.listener(),
    }).cancelOrder(orderId);

    const points = await telemetry.points('http.client.request.duration');
    expect(points.map((point) => point.attributes)).toEqual([
      expect.objectContaining({ 'error.type': 'network' }),
    ]);
    expect(points[0]!.attributes).not.toHaveProperty('http.response.status_code');
  });
});

describe('cancel.orders', () => {
  it('counts finished cancels by provider and outcome or error code, refused-before-sending ones included', async () => {
    const client = zinc();
    await client.cancelOrder(sandbox().addOrder('zinc', { state: 'pending' }));
    await client.cancelOrder(sandbox().addOrder('zinc', { state: 'pending' }));
    await client.cancelOrder(sandbox().addOrder('zinc', { state: 'cancelled' }));
    await client.cancelOrder(sandbox().addOrder('zinc', { state: 'shipped' }));
    await client.cancelOrder('not-a-uuid');

    const metric = await telemetry.metric('cancel.orders');
    expect(metric?.descriptor).toMatchObject({ unit: '{order}' });
    const points = (await telemetry.points('cancel.orders')).map((point) => [point.attributes, point.value]);
    expect(points).toEqual(
      expect.arrayContaining([
        [{ 'cancel.provider': 'zinc', 'cancel.outcome': 'cancelled' }, 2],
        [{ 'cancel.provider': 'zinc', 'cancel.outcome': 'already_cancelled' }, 1],
        [
          {
            'cancel.provider': 'zinc',
            'cancel.error_code': 'not_cancellable',
            'error.type': 'not_cancellable',
          },
          1,
        ],
        [
          { 'cancel.provider': 'zinc', 'cancel.error_code': 'invalid_input', 'error.type': 'invalid_input' },
          1,
        ],
      ]),
    );
    expect(points).toHaveLength(4);
  });

  it('adds a Fincart batch’s ID count, and a refused batch that is split counts each ID once', async () => {
    const ids = ['SANDBOXB1', 'SANDBOXB2', 'SANDBOXB3', 'SANDBOXB4'];
    for (const id of ids) sandbox().addOrder('fincart', { id, state: 'pending' });
    sandbox().addOrder('fincart', { id: 'SANDBOXB5', state: 'shipped' });
    const fincart = createFincart({
      baseUrl: sandbox().baseUrls.fincart,
      ...sandbox().credentials.fincart,
      onEvent: telemetry.listener(),
    });
    await fincart.cancelOrders([...ids, 'SANDBOXB5']);

    const points = (await telemetry.points('cancel.orders')).map((point) => [point.attributes, point.value]);
    expect(points).toEqual(
      expect.arrayContaining([
        [{ 'cancel.provider': 'fincart', 'cancel.outcome': 'requested' }, 4],
        [
          {
            'cancel.provider': 'fincart',
            'cancel.error_code': 'not_cancellable',
            'error.type': 'not_cancellable',
          },
          1,
        ],
      ]),
    );
    expect(points).toHaveLength(2);
    // The refused batches still show as spans, marked as split, so the trace explains the extra requests.
    const split = telemetry.finishedSpans().filter((span) => span.attributes['cancel.batch.split'] === true);
    expect(split.length).toBeGreaterThan(0);
  });
});

describe('with traces sampled out', () => {
  it('records no span but every metric', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({
      sampler: new AlwaysOffSampler(),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const orderId = sandbox().addOrder('zinc', { state: 'pending' });
    sandbox().inject('zinc', orderId, { type: 'server_error', status: 503, times: 1 });
    await createZinc({
      baseUrl: sandbox().baseUrls.zinc,
      ...sandbox().credentials.zinc,
      retryDelayMs: 5,
      onEvent: telemetry.listener({ tracerProvider }),
    }).cancelOrder(orderId);

    expect(exporter.getFinishedSpans()).toEqual([]);
    const durations = await telemetry.points('http.client.request.duration');
    expect(durations.map((point) => (point.value as Histogram).count).sort()).toEqual([1, 1]);
    expect((await telemetry.points('cancel.orders')).map((point) => point.value)).toEqual([1]);
  });
});
