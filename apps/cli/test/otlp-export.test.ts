import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBinary } from './run-binary.js';

/** What an OTLP/HTTP receiver got: each request's path, content type and JSON body. */
interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A plain loopback receiver for OTLP/HTTP JSON, as a collector listens on :4318. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  traceId: string;
  status?: { code?: number };
  attributes: { key: string; value: OtlpValue }[];
}

const plainValue = (value: OtlpValue) => value.stringValue ?? value.boolValue ?? Number(value.intValue);
const attributes = (list: { key: string; value: OtlpValue }[]) =>
  Object.fromEntries(list.map(({ key, value }) => [key, plainValue(value)]));

/** Every span the receiver got, with its resource's and scope's attributes. */
function spansIn(received: readonly Received[]) {
  return received.flatMap(({ body }) =>
    (JSON.parse(body).resourceSpans as { resource: { attributes: never[] }; scopeSpans: never[] }[]).flatMap(
      (resourceSpans) =>
        (resourceSpans.scopeSpans as { scope: { name: string }; spans: OtlpSpan[] }[]).flatMap((scopeSpans) =>
          scopeSpans.spans.map((span) => ({
            ...span,
            attributes: attributes(span.attributes),
            resource: attributes(resourceSpans.resource.attributes),
            scope: scopeSpans.scope.name,
          })),
        ),
    ),
  );
}

let sandbox: Sandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const apiKey = 'zn_test_otlp_secret_7c1d9e4f2a6b';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false, seed: false });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.server.close(resolve));
});
beforeEach(() => {
  sandbox.reset();
  receiver.received.length = 0;
});

const environment = () => ({ ...sandboxEnvironment(sandbox), ZINC_API_KEY: apiKey });

// Each test starts the command once or twice; on a loaded machine that is seconds, not the default 5 s limit.
describe('cancel-order with OTLP export', { timeout: 30_000 }, () => {
  it('sends the spans of a real run to OTEL_EXPORTER_OTLP_ENDPOINT before it exits', async () => {
    const pending = sandbox.addOrder('zinc', { state: 'pending' });
    const shipped = sandbox.addOrder('zinc', { state: 'shipped' });
    const run = await runBinary(['zinc', pending, shipped, '--json'], {
      env: { ...environment(), OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(run.status).toBe(1);

    expect(receiver.received.map((request) => [request.path, request.contentType])).toEqual(
      receiver.received.map(() => ['/v1/traces', 'application/json']),
    );
    const spans = spansIn(receiver.received);
    expect(spans.map((span) => span.name).sort()).toEqual([
      'POST',
      'POST',
      'cancel_order zinc',
      'cancel_order zinc',
    ]);
    for (const span of spans) {
      expect(span.resource).toMatchObject({ 'service.name': 'cancel-order' });
      expect(span.scope).toBe('@cancel/opentelemetry');
    }
    const calls = spans.filter((span) => span.name === 'cancel_order zinc');
    const failed = calls.find((span) => span.attributes['cancel.order_id'] === shipped)!;
    expect(failed).toMatchObject({
      kind: 1, // INTERNAL
      status: { code: 2 }, // ERROR
      attributes: { 'cancel.error_code': 'not_cancellable', 'cancel.attempts': 1 },
    });
    const attempt = spans.find((span) => span.name === 'POST' && span.parentSpanId === failed.spanId)!;
    expect(attempt).toMatchObject({
      kind: 3, // CLIENT
      traceId: failed.traceId,
      attributes: {
        'http.request.method': 'POST',
        'http.response.status_code': 400,
        'url.full': `${sandbox.url}/zinc/orders/${shipped}/cancel`,
      },
    });
    expect(calls.find((span) => span.attributes['cancel.order_id'] === pending)?.attributes).toMatchObject({
      'cancel.outcome': 'cancelled',
    });
    for (const request of receiver.received) expect(request.body).not.toContain(apiKey);
  });

  it('sends them to --otlp URL, and OTEL_SERVICE_NAME renames the service', async () => {
    const pending = sandbox.addOrder('zinc', { state: 'pending' });
    const run = await runBinary(['zinc', pending, '--otlp', receiver.url], {
      env: { ...environment(), OTEL_SERVICE_NAME: 'refunds-oncall' },
    });
    expect(run.status).toBe(0);
    const spans = spansIn(receiver.received);
    expect(spans.map((span) => span.name).sort()).toEqual(['POST', 'cancel_order zinc']);
    expect(spans[0]!.resource).toMatchObject({ 'service.name': 'refunds-oncall' });
  });

  it('exports nothing and loads no OpenTelemetry module without an endpoint', async () => {
    const pending = sandbox.addOrder('zinc', { state: 'pending' });
    // Node's own module hooks report every module the command resolves.
    const hook = `import { registerHooks } from 'node:module';
registerHooks({ resolve(specifier, context, next) {
  if (specifier.includes('opentelemetry')) process.stderr.write('loaded ' + specifier + '\\n');
  return next(specifier, context);
} });`;
    const run = await runBinary(['zinc', pending], {
      env: { ...environment(), NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(hook)}` },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('loaded ');
    expect(receiver.received).toEqual([]);

    const traced = await runBinary(
      ['zinc', sandbox.addOrder('zinc', { state: 'pending' }), '--otlp', receiver.url],
      {
        env: { ...environment(), NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(hook)}` },
      },
    );
    expect(traced.stderr).toContain('loaded @opentelemetry/exporter-trace-otlp-http');
  });

  it('still cancels, and says so on stderr, when the receiver is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const pending = sandbox.addOrder('zinc', { state: 'pending' });
    const run = await runBinary(['zinc', pending], {
      env: {
        ...environment(),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      },
    });
    expect(run.status).toBe(0);
    expect(sandbox.getOrder('zinc', pending)?.state).toBe('cancelled');
    expect(run.stderr).toContain(`traces could not be sent to http://127.0.0.1:${port}`);
  });

  it('refuses an --otlp value or endpoint variable that is not an http(s) URL, before sending anything', async () => {
    const pending = sandbox.addOrder('zinc', { state: 'pending' });
    const run = await runBinary(['zinc', pending, '--otlp', 'localhost:4318'], { env: environment() });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--otlp takes the http:// or https:// URL');
    const fromEnvironment = await runBinary(['zinc', pending], {
      env: { ...environment(), OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' },
    });
    expect(fromEnvironment.status).toBe(2);
    expect(fromEnvironment.stderr).toContain('OTEL_EXPORTER_OTLP_ENDPOINT takes the http:// or https:// URL');
    expect(sandbox.requests).toEqual([]);
  });
});
