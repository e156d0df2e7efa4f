import { type CancelEventListener, redactText } from '@cancel/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import packageJson from '../package.json' with { type: 'json' };
import type { CliIo } from './cli-io.js';
import type { RunPlan } from './prepare-run.js';
import { UsageError } from './usage-error.js';

type Environment = CliIo['env'];
type TelemetryListener = ReturnType<typeof import('@cancel/opentelemetry').openTelemetry>;

/**
 * Where traces go: `--otlp URL` (an OTLP/HTTP base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` is), else the standard
 * variables, which the exporter then reads itself along with their companions (`OTEL_EXPORTER_OTLP_HEADERS`,
 * `_TIMEOUT`, certificates). Undefined when tracing is off, which is the default. An unusable URL is a usage
 * error, like any other bad setting: found before anything is sent.
 */
function exportTarget(flag: string | undefined, env: Environment): { url?: string } | undefined {
  if (flag !== undefined) {
    const url = httpUrl(flag, '--otlp');
    return {
      url: url.pathname.endsWith('/v1/traces') ? url.href : new URL('v1/traces', withSlash(url)).href,
    };
  }
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const variable = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'].find(
    (name) => env[name],
  );
  if (!variable) return undefined;
  httpUrl(env[variable]!, variable);
  return {};
}

function httpUrl(text: string, source: string): URL {
  const url = URL.parse(text.trim());
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
  throw new UsageError(
    `${source} takes the http:// or https:// URL of an OTLP/HTTP receiver (e.g. http://localhost:4318), not "${text}". Nothing was sent.`,
  );
}

const withSlash = (url: URL) => (url.href.endsWith('/') ? url.href : `${url.href}/`);

interface TraceExport {
  readonly onEvent: TelemetryListener;
  /** Sends what is left and says on stderr if any export failed; resolves when done. */
  finish(): Promise<void>;
}

/**
 * The SDK and the exporter, loaded only now: a run without tracing never reads them, so the command starts as
 * fast as before. Spans go out in batches as the run goes, and the rest at its end.
 */
async function startTraceExport(target: { url?: string }, io: CliIo): Promise<TraceExport> {
  const [{ openTelemetry }, { OTLPTraceExporter }, { BatchSpanProcessor, TracerProvider }, resources] =
    await Promise.all([
      import('@cancel/opentelemetry'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/resources'),
    ]);
  const failures: string[] = [];
  // OTLP's default of 10 s, retries included, is long for a command to hang at its end when the receiver is
  // down; 3 s unless the environment says otherwise.
  const timeout = io.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || io.env.OTEL_EXPORTER_OTLP_TIMEOUT;
  const config = timeout ? target : { ...target, timeoutMillis: 3_000 };
  const exporter = recordingFailures(new OTLPTraceExporter(config), failures);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the defaults.
  const resource = resources
    .resourceFromAttributes({ 'service.name': 'cancel-order', 'service.version': packageJson.version })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const tracerProvider = new TracerProvider({
    resource,
    // A fast bulk run ends calls faster than one exporter sends them; a deep queue keeps them instead of dropping.
    spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 16_384 })],
  });
  return {
    onEvent: openTelemetry({ tracerProvider }),
    async finish() {
      // A failed last export rejects the shutdown; it is reported below like any other failed export.
      await tracerProvider.shutdown().catch((error: unknown) => {
        failures.push(error instanceof Error ? error.message : String(error));
      });
      if (failures.length === 0) return;
      const where =
        target.url ?? io.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? io.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      const origin = URL.parse(where ?? '')?.origin ?? 'the OTLP endpoint';
      // Header values (OTEL_EXPORTER_OTLP_HEADERS) are often an API key: never shown, even in an error.
      const secrets = headerValues(io.env);
      io.stderr.write(
        `warning: traces could not be sent to ${origin} (${redactText(failures[0]!, secrets)}); the cancels themselves are unaffected.\n`,
      );
    },
  };
}

/** The exporter, with each failed export's reason kept for one line on stderr at the end. */
function recordingFailures(exporter: SpanExporter, failures: string[]): SpanExporter {
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.error) failures.push(result.error.message.split('\n')[0] ?? 'unknown error');
        else if (result.code !== 0) failures.push('export failed');
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function headerValues(env: Environment): string[] {
  return [env.OTEL_EXPORTER_OTLP_HEADERS, env.OTEL_EXPORTER_OTLP_TRACES_HEADERS]
    .flatMap((list) => (list ?? '').split(','))
    .map((pair) => decodeURIComponent(pair.slice(pair.indexOf('=') + 1)).trim())
    .filter((value) => value.length >= 4);
}

/**
 * Runs a cancel run with its clients traced when `--otlp` or `OTEL_EXPORTER_OTLP_ENDPOINT` asks for it, and
 * flushes the spans before the command exits.
 */
export async function withTraceExport(
  plan: RunPlan,
  flag: string | undefined,
  io: CliIo,
  run: (plan: RunPlan) => Promise<number>,
): Promise<number> {
  const target = exportTarget(flag, io.env);
  if (!target) return run(plan);
  const tracing = await startTraceExport(target, io);
  try {
    return await run(tracedPlan(plan, tracing.onEvent));
  } finally {
    await tracing.finish();
  }
}

/** The plan with every client's events also going to the spans; a listener the run already has still hears them. */
function tracedPlan(plan: RunPlan, onEvent: TelemetryListener): RunPlan {
  const providers = new Map(
    [...plan.providers].map(([id, run]) => {
      const own = run.settings.onEvent;
      const both: CancelEventListener = own
        ? (event) => {
            own(event);
            onEvent(event);
          }
        : onEvent;
      return [id, { ...run, settings: { ...run.settings, onEvent: both } }];
    }),
  );
  return { ...plan, providers };
}
