/**
 * `pnpm bench`, telemetry: what `onEvent: openTelemetry()` adds to a cancel, next to the same client without
 * it, against a loopback server answering like Zinc. The instrumented side has the real SDK behind it, set up
 * as in production (a batch span processor, a periodic metric reader), with exporters that drop what they get:
 * the cost measured is the instrumentation's and the SDK's recording, not a network exporter's.
 *
 *   node --expose-gc bench/run.ts --only=telemetry [--quick]
 */
import { loadavg } from 'node:os';
import { openTelemetry } from '@cancel/opentelemetry';
import { createZinc } from '@cancel/zinc';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { median, orderId, startNoContentServer } from './support.ts';

export interface TelemetryBenchOptions {
  readonly quick: boolean;
}

const apiKey = 'zn_test_bench_otel_5f2b8c41d9e3';
// Pacing off: a client's slow start (8 in flight, doubling every 250 ms, again after a quiet second) would
// otherwise set how many calls are in flight in each short round, and that is not what is measured here.
const common = { apiKey, rateLimits: false } as const;

/** Exporters that take everything and keep only a count, so the check below can see nothing was dropped. */
function droppingSdk() {
  let spans = 0;
  const spanExporter: SpanExporter = {
    export(batch: ReadableSpan[], done: (result: ExportResult) => void) {
      spans += batch.length;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  const metricExporter: PushMetricExporter = {
    export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
    forceFlush: async () => {},
    shutdown: async () => {},
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  const tracerProvider = new TracerProvider({
    spanProcessors: [new BatchSpanProcessor({ exporter: spanExporter, maxQueueSize: 100_000 })],
  });
  const meterProvider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })],
  });
  return {
    tracerProvider,
    meterProvider,
    flush: async () => {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    exportedSpans: async () => {
      await tracerProvider.forceFlush();
      return spans;
    },
    shutdown: () => Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]),
  };
}

type Cancel = (id: string) => Promise<unknown>;

interface Figures {
  /** Milliseconds: the median latency of sequential calls, or wall time over calls with many in flight. */
  readonly wall: number;
  /** Milliseconds of this process's CPU (client and server, user and system) per call. */
  readonly cpu: number;
}

async function perCall(cancel: Cancel, calls: number, parallel: number): Promise<Figures> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let wall: number;
  if (parallel === 1) {
    const latencies: number[] = [];
    for (let n = 0; n < calls; n++) {
      const sent = performance.now();
      await cancel(orderId(n));
      latencies.push(performance.now() - sent);
    }
    wall = median(latencies);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < calls) await cancel(orderId(next++));
      }),
    );
    wall = (performance.now() - started) / calls;
  }
  const { user, system } = process.cpuUsage(cpuBefore);
  return { wall, cpu: (user + system) / 1000 / calls };
}

/** Warm-up, then each side in turn, round after round; the median of each side's rounds. */
async function compare(
  sides: readonly Cancel[],
  calls: number,
  parallel: number,
  rounds: number,
  flush: () => Promise<void>,
): Promise<Figures[]> {
  // The SDK's batch export also runs on timers: flushed between sides, outside the timing, it never lands in
  // another side's figure. No forced GC between sides: after one, the next few hundred calls run at about
  // twice their usual latency, and an SDK's garbage would look far dearer than it is.
  const settle = flush;
  for (const side of sides) {
    await perCall(side, calls, parallel);
    await settle();
  }
  const figures: Figures[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next side, so no side always follows the SDK's (or any other's) garbage.
    for (let turn = 0; turn < sides.length; turn++) {
      const index = (round + turn) % sides.length;
      figures[index]!.push(await perCall(sides[index]!, calls, parallel));
      await settle();
    }
  }
  return figures.map((side) => ({
    wall: median(side.map((figure) => figure.wall)),
    cpu: median(side.map((figure) => figure.cpu)),
  }));
}

const micro = (ms: number) => `${Math.round(ms * 1000)} µs`;

export async function benchTelemetry({ quick }: TelemetryBenchOptions) {
  console.log('\nTelemetry: a client with onEvent: openTelemetry() vs the same client without');
  const { server, baseUrl } = await startNoContentServer();
  const sdk = droppingSdk();
  const plain = createZinc({ baseUrl, ...common });
  const instrumented = createZinc({
    baseUrl,
    ...common,
    onEvent: openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider }),
  });
  // No SDK at all: the API's no-op providers, as for a library user who has not set OpenTelemetry up.
  const noSdk = createZinc({ baseUrl, ...common, onEvent: openTelemetry() });
  // What core's events cost by themselves, whoever listens.
  const emptyListener = createZinc({ baseUrl, ...common, onEvent: () => {} });
  const sides: Cancel[] = [plain, instrumented, noSdk, emptyListener].map(
    (client) => (id) => client.cancelOrder(id),
  );
  const [sequentialCalls, parallelCalls, rounds] = quick ? [300, 500, 3] : [1_000, 2_000, 15];
  const lines = [
    'What `onEvent: openTelemetry()` adds to one `cancelOrder` (`createZinc` with default settings but pacing',
    'off, so that 64 are really in flight) against a loopback server answering `204`. "SDK" is the real SDK set',
    'up as in production (batch span processor, periodic metric reader) with exporters that drop what they',
    'receive; "no SDK" is the API without one; "empty listener" is `onEvent: () => {}`, what core spends on',
    "its events whoever listens. CPU rows count this process only (client and server, the server's share the",
    "same for every side), so other processes' load moves them less than wall times. Medians of",
    `${rounds} rounds after a warm-up, the sides in turn, each round starting with the next. In \`pnpm bench\`,`,
    'or alone: `node --expose-gc apps/tests/bench/run.ts --only=telemetry` (load average at the start:',
    `${loadavg()[0]!.toFixed(2)}).`,
    '',
    '| measure | without | with, SDK | added | with, no SDK | added | empty listener | added |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    const sequential = await compare(sides, sequentialCalls, 1, rounds, sdk.flush);
    const parallel = await compare(sides, parallelCalls, 64, rounds, sdk.flush);
    for (const [label, figures] of [
      ['one call at a time: latency', sequential.map((figure) => figure.wall)],
      ['one call at a time: CPU per call', sequential.map((figure) => figure.cpu)],
      ['64 in flight: wall time / calls', parallel.map((figure) => figure.wall)],
      ['64 in flight: CPU per call', parallel.map((figure) => figure.cpu)],
    ] as const) {
      const [without, ...others] = figures;
      const cells = others.map((figure) => `${micro(figure!)} | ${micro(figure! - without!)}`);
      const row = `| ${label} | ${micro(without!)} | ${cells.join(' | ')} |`;
      console.log(`  ${row}`);
      lines.push(row);
    }
    const instrumentedCalls = (sequentialCalls + parallelCalls) * (rounds + 1);
    const exported = await sdk.exportedSpans();
    const check =
      exported === instrumentedCalls * 2
        ? `Checked: the SDK exported ${exported.toLocaleString('en')} spans, two per instrumented call.`
        : `WARNING: ${exported} spans exported for ${instrumentedCalls} instrumented calls (expected two each).`;
    console.log(`  ${check}`);
    lines.push('', check);
  } finally {
    await sdk.shutdown();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
  return { title: 'Telemetry (@cancel/opentelemetry)', lines };
}
