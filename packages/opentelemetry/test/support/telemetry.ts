import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach } from 'vitest';
import { type OpenTelemetryOptions, openTelemetry } from '../../src/index.js';

/** A span as a test compares it: names instead of enum numbers, children nested under their parent. */
export interface SpanNode {
  readonly name: string;
  readonly kind: string;
  readonly status: string;
  readonly statusMessage: string | undefined;
  readonly attributes: Attributes;
  readonly events: { name: string; attributes: Attributes | undefined }[];
  readonly durationMs: number;
  readonly children: SpanNode[];
}

export interface MetricPoint {
  readonly attributes: Attributes;
  readonly value: number | Histogram;
}

const toMs = ([seconds, nanos]: [number, number]) => seconds * 1e3 + nanos / 1e6;

function node(span: ReadableSpan, all: readonly ReadableSpan[]): SpanNode {
  const id = span.spanContext().spanId;
  return {
    name: span.name,
    kind: SpanKind[span.kind],
    status: SpanStatusCode[span.status.code],
    statusMessage: span.status.message,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    durationMs: toMs(span.duration),
    children: all
      .filter((child) => child.parentSpanContext?.spanId === id)
      .sort((a, b) => toMs(a.startTime) - toMs(b.startTime))
      .map((child) => node(child, all)),
  };
}

/**
 * The real SDK, fresh for each test: spans in an in-memory exporter (a simple processor, so a span is there
 * as soon as it ends), metrics through a periodic reader into an in-memory exporter, flushed on demand.
 */
export function useTelemetry() {
  let spans: InMemorySpanExporter;
  let tracerProvider: TracerProvider;
  let metricExporter: InMemoryMetricExporter;
  let meterProvider: MeterProvider;
  beforeEach(() => {
    spans = new InMemorySpanExporter();
    tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: 3_600_000,
    });
    meterProvider = new MeterProvider({ readers: [reader] });
  });
  afterEach(async () => {
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  });
  return {
    listener: (options: OpenTelemetryOptions = {}) =>
      openTelemetry({ tracerProvider, meterProvider, ...options }),
    tracerProvider: () => tracerProvider,
    finishedSpans: () => spans.getFinishedSpans(),
    /** Root spans (no parent among the finished ones), each with its children. */
    trees(): SpanNode[] {
      const all = spans.getFinishedSpans();
      const ids = new Set(all.map((span) => span.spanContext().spanId));
      return all
        .filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId))
        .map((span) => node(span, all));
    },
    /** Every point of the named metric, as the SDK exports it now (cumulative). */
    async points(name: string): Promise<MetricPoint[]> {
      await meterProvider.forceFlush();
      const latest = metricExporter.getMetrics().at(-1);
      const metric = latest?.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((candidate) => candidate.descriptor.name === name);
      const points = (metric?.dataPoints ?? []) as DataPoint<number | Histogram>[];
      return points.map((point) => ({
        attributes: point.attributes,
        value: point.value,
      }));
    },
    /** The metric's descriptor and its points, for unit and bucket checks. */
    async metric(name: string) {
      await meterProvider.forceFlush();
      return metricExporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics)
        .find((candidate) => candidate.descriptor.name === name);
    },
  };
}
