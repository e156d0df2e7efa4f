import { createZinc } from '@cancel/zinc';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTelemetry } from '../src/index.js';
import { useTelemetry } from './support/telemetry.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const telemetry = useTelemetry();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());

const zincWith = (onEvent: ReturnType<typeof openTelemetry>) =>
  createZinc({ baseUrl: sandbox().baseUrls.zinc, ...sandbox().credentials.zinc, onEvent });

describe('context propagation', () => {
  it('makes a cancel inside an active span its child, in the same trace', async () => {
    const zinc = zincWith(telemetry.listener());
    const tracer = telemetry.tracerProvider().getTracer('checkout-service');
    const orderId = sandbox().addOrder('zinc', { state: 'pending' });

    await tracer.startActiveSpan('refund order', async (span) => {
      await zinc.cancelOrder(orderId);
      span.end();
    });

    const [root, ...others] = telemetry.trees();
    expect(others).toEqual([]);
    expect(root).toMatchObject({
      name: 'refund order',
      children: [{ name: 'cancel_order zinc', children: [{ name: 'POST', kind: 'CLIENT' }] }],
    });
    const traceIds = new Set(telemetry.finishedSpans().map((span) => span.spanContext().traceId));
    expect(traceIds.size).toBe(1);
  });

  it('keeps concurrent cancels under the span each was started in', async () => {
    const zinc = zincWith(telemetry.listener());
    const tracer = telemetry.tracerProvider().getTracer('checkout-service');
    const ids = ['first', 'second'].map((name) => ({
      name,
      orderId: sandbox().addOrder('zinc', { state: 'pending' }),
    }));
    // The first cancel is slow, so both are in flight at once.
    sandbox().inject('zinc', ids[0]!.orderId, { type: 'delay', ms: 100 });

    await Promise.all(
      ids.map(({ name, orderId }) =>
        tracer.startActiveSpan(name, async (span) => {
          await zinc.cancelOrder(orderId);
          span.end();
        }),
      ),
    );

    const roots = telemetry.trees();
    expect(roots.map((root) => root.name).sort()).toEqual(['first', 'second']);
    for (const root of roots) {
      const orderId = ids.find((entry) => entry.name === root.name)!.orderId;
      expect(root.children).toHaveLength(1);
      expect(root.children[0]!.attributes['cancel.order_id']).toBe(orderId);
    }
  });

  it('puts every cancel of a bulk run under the span the run was started in', async () => {
    const zinc = zincWith(telemetry.listener());
    const tracer = telemetry.tracerProvider().getTracer('incident-tool');
    const ids = Array.from({ length: 12 }, () => sandbox().addOrder('zinc', { state: 'pending' }));

    await tracer.startActiveSpan('incident 42', async (span) => {
      await zinc.cancelOrders(ids, { concurrency: 4 });
      span.end();
    });

    const [root, ...others] = telemetry.trees();
    expect(others).toEqual([]);
    expect(root!.name).toBe('incident 42');
    expect(root!.children.map((child) => child.attributes['cancel.order_id']).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it('starts a new trace for a cancel outside any span', async () => {
    const zinc = zincWith(telemetry.listener());
    await zinc.cancelOrder(sandbox().addOrder('zinc', { state: 'pending' }));
    await zinc.cancelOrder(sandbox().addOrder('zinc', { state: 'pending' }));

    const roots = telemetry.trees();
    expect(roots.map((root) => root.name)).toEqual(['cancel_order zinc', 'cancel_order zinc']);
    expect(new Set(telemetry.finishedSpans().map((span) => span.spanContext().traceId)).size).toBe(2);
  });
});

describe('without providers given', () => {
  it('uses the global ones, even when the SDK registers them after openTelemetry() was called', async () => {
    const onEvent = openTelemetry();
    const zinc = zincWith(onEvent);

    const spans = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
    });
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const meterProvider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
    });
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
    try {
      await zinc.cancelOrder(sandbox().addOrder('zinc', { state: 'pending' }));
      await meterProvider.forceFlush();

      expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['POST', 'cancel_order zinc']);
      expect(spans.getFinishedSpans()[0]!.instrumentationScope.name).toBe('@cancel/opentelemetry');
      const names = exporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name));
      expect(names?.sort()).toEqual(['cancel.orders', 'http.client.request.duration']);
    } finally {
      trace.disable();
      metrics.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    }
  });
});
